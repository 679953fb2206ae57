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
    path("lieux/<slug:slug>/habilitations/", views.trainings, name="trainings"),
    path("profil/reservations/", views.my_bookings, name="my-bookings"),
    path("reservations/<int:pk>/annuler/", views.cancel, name="cancel"),
]
