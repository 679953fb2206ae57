from django.urls import path

from comptoir.bookings import views

app_name = "bookings"
urlpatterns = [
    path("lieux/<slug:slug>/reservations/", views.place_day, name="place-day"),
    path(
        "lieux/<slug:slug>/reservations/<slug:resource_slug>/",
        views.resource_week,
        name="resource-week",
    ),
    path(
        "lieux/<slug:slug>/reservations/<slug:resource_slug>/reserver/",
        views.book,
        name="book",
    ),
    path(
        "lieux/<slug:slug>/reservations/<slug:resource_slug>/attente/",
        views.waitlist_join,
        name="waitlist-join",
    ),
    path("lieux/<slug:slug>/habilitations/", views.trainings, name="trainings"),
    path("profil/reservations/", views.my_bookings, name="my-bookings"),
    path("reservations/<int:pk>/annuler/", views.cancel, name="cancel"),
    path("reservations/<int:pk>/deplacer/", views.move, name="move"),
    path("attente/<int:pk>/quitter/", views.waitlist_leave, name="waitlist-leave"),
    path("attente/<int:pk>/confirmer/", views.waitlist_confirm, name="waitlist-confirm"),
]
