"""Public pages and feeds of the agenda. The event page with a slug refuses the words other
agenda pages use after an event's number (modifier, annuler, presences, inscription), since
these patterns come first in the namespace."""

from django.urls import URLPattern, path, re_path

from comptoir.agenda import feeds, views_public

RESERVED = "|".join(views_public.RESERVED_SLUGS)

urlpatterns: list[URLPattern] = [
    path("agenda/", views_public.network_agenda, name="network"),
    path("agenda/agenda.ics", feeds.network_ics, name="network-ics"),
    path("agenda/flux.atom", feeds.network_atom, name="network-atom"),
    path("agenda/type/<str:kind>.ics", feeds.kind_ics, name="kind-ics"),
    path("lieux/<slug:slug>/agenda/", views_public.place_agenda, name="place"),
    path("lieux/<slug:slug>/agenda.ics", feeds.place_ics, name="place-ics"),
    path("lieux/<slug:slug>/agenda/flux.atom", feeds.place_atom, name="place-atom"),
    path("agenda/<int:pk>/", views_public.event_detail, name="event"),
    path("agenda/<int:pk>/inscription/", views_public.register, name="register"),
    re_path(
        rf"^agenda/(?P<pk>[0-9]+)/(?!(?:{RESERVED})/$)(?P<slug>[-a-zA-Z0-9_]+)/$",
        views_public.event_detail,
        name="event-slug",
    ),
    path(
        "agenda/inscriptions/<str:token>/",
        views_public.registration_detail,
        name="registration",
    ),
    path(
        "agenda/inscriptions/<str:token>/annuler/",
        views_public.registration_cancel,
        name="registration-cancel",
    ),
]
