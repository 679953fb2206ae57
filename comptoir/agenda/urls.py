"""The agenda's pages, one namespace: the concierges' scheduling pages, attendance and
activity reports, then the public pages and feeds. The public event pages come last: their
`/agenda/<pk>/<slug>/` must not catch the action pages, and the slug pattern refuses the
words those pages use after an event's number (modifier, annuler, presences, inscription)."""

from django.urls import URLPattern, path, re_path

from comptoir.agenda import feeds
from comptoir.agenda.views import desk, desk_register, manage, public, series

app_name = "agenda"

RESERVED = "|".join(public.RESERVED_SLUGS)

scheduling: list[URLPattern] = [
    path("lieux/<slug:slug>/agenda/gestion/", manage.place_manage, name="place-manage"),
    path("lieux/<slug:slug>/agenda/nouveau/", manage.event_create, name="event-create"),
    path("lieux/<slug:slug>/agenda/serie/", series.series_create, name="series-create"),
    path("agenda/<int:pk>/modifier/", manage.event_edit, name="event-edit"),
    path("agenda/<int:pk>/annuler/", manage.event_cancel, name="event-cancel"),
    path("agenda/series/<int:pk>/modifier/", series.series_edit, name="series-edit"),
    path("agenda/series/<int:pk>/annuler/", series.series_cancel, name="series-cancel"),
]

at_the_desk: list[URLPattern] = [
    path("agenda/<int:pk>/presences/", desk.attendance, name="attendance"),
    path("agenda/<int:pk>/inscrire/", desk_register.register_at_desk, name="register-desk"),
    path("agenda/<int:pk>/presences/sur-place/", desk.walk_in, name="walk-in"),
    path(
        "agenda/<int:pk>/presences/<int:registration_pk>/",
        desk.attendance_mark,
        name="attendance-mark",
    ),
    path(
        "agenda/<int:pk>/presences/<int:registration_pk>/public/",
        desk.public_record,
        name="public-record",
    ),
    path("lieux/<slug:slug>/rapport-activite/", desk.report, name="report"),
    path("lieux/<slug:slug>/rapport-activite.csv", desk.report_csv, name="report-csv"),
    path("lieux/<slug:slug>/rapport-activite.xlsx", desk.report_xlsx, name="report-xlsx"),
]

for_everyone: list[URLPattern] = [
    path("agenda/", public.network_agenda, name="network"),
    path("agenda/agenda.ics", feeds.network_ics, name="network-ics"),
    path("agenda/flux.atom", feeds.network_atom, name="network-atom"),
    path("agenda/type/<str:kind>.ics", feeds.kind_ics, name="kind-ics"),
    path("lieux/<slug:slug>/agenda/", public.place_agenda, name="place"),
    path("lieux/<slug:slug>/agenda.ics", feeds.place_ics, name="place-ics"),
    path("lieux/<slug:slug>/agenda/flux.atom", feeds.place_atom, name="place-atom"),
    path("agenda/<int:pk>/", public.event_detail, name="event"),
    path("agenda/<int:pk>/inscription/", public.register, name="register"),
    re_path(
        rf"^agenda/(?P<pk>[0-9]+)/(?!(?:{RESERVED})/$)(?P<slug>[-a-zA-Z0-9_]+)/$",
        public.event_detail,
        name="event-slug",
    ),
    path("agenda/inscriptions/<str:token>/", public.registration_detail, name="registration"),
    path(
        "agenda/inscriptions/<str:token>/annuler/",
        public.registration_cancel,
        name="registration-cancel",
    ),
]

urlpatterns: list[URLPattern] = [*scheduling, *at_the_desk, *for_everyone]
