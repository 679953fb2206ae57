from django.urls import path

from comptoir.bookings import views

app_name = "bookings"
urlpatterns = [
    path("lieux/<slug:slug>/ressources/", views.resource_create, name="resources"),
    path(
        "lieux/<slug:slug>/ressources/<slug:resource_slug>/",
        views.resource_edit,
        name="resource-edit",
    ),
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
    path(
        "lieux/<slug:slug>/habilitations/<int:pk>/demander/",
        views.training_request,
        name="training-request",
    ),
    path(
        "lieux/<slug:slug>/habilitations/demandes/<int:pk>/accorder/",
        views.training_request_grant,
        name="training-request-grant",
    ),
    path(
        "lieux/<slug:slug>/habilitations/demandes/<int:pk>/refuser/",
        views.training_request_decline,
        name="training-request-decline",
    ),
    path("profil/reservations/", views.my_bookings, name="my-bookings"),
    path(
        "profil/reservations/calendrier/",
        views.calendar_feed_create,
        name="calendar-feed-create",
    ),
    path(
        "profil/reservations/calendrier/<int:pk>/revoquer/",
        views.calendar_feed_revoke,
        name="calendar-feed-revoke",
    ),
    path("reservations/<int:pk>/annuler/", views.cancel, name="cancel"),
    path("reservations/<int:pk>/deplacer/", views.move, name="move"),
    path("attente/<int:pk>/quitter/", views.waitlist_leave, name="waitlist-leave"),
    path("attente/<int:pk>/confirmer/", views.waitlist_confirm, name="waitlist-confirm"),
]
