"""The concierges' scheduling pages (names in the namespace "agenda")."""

from django.urls import URLPattern, path

from comptoir.agenda import views_manage as views
from comptoir.agenda import views_series_cancel

urlpatterns: list[URLPattern] = [
    path("lieux/<slug:slug>/agenda/gestion/", views.place_manage, name="place-manage"),
    path("lieux/<slug:slug>/agenda/nouveau/", views.event_create, name="event-create"),
    path("lieux/<slug:slug>/agenda/serie/", views.series_create, name="series-create"),
    path("agenda/<int:pk>/modifier/", views.event_edit, name="event-edit"),
    path("agenda/<int:pk>/annuler/", views.event_cancel, name="event-cancel"),
    path("agenda/series/<int:pk>/modifier/", views.series_edit, name="series-edit"),
    path(
        "agenda/series/<int:pk>/annuler/",
        views_series_cancel.series_cancel,
        name="series-cancel",
    ),
]
