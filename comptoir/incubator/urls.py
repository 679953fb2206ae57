"""The incubator's pages (namespace "incubation")."""

from django.urls import URLPattern, path

from comptoir.incubator import views

app_name = "incubation"

urlpatterns: list[URLPattern] = [
    path("lieux/<slug:slug>/incubateur/", views.place_incubator, name="place"),
    path(
        "lieux/<slug:slug>/incubateur/programmes/",
        views.programme_create,
        name="programme-create",
    ),
    path("lieux/<slug:slug>/incubateur/incuber/", views.incubation_start, name="start"),
    path("projets/<slug:slug>/incubation/", views.incubation_detail, name="detail"),
    path(
        "projets/<slug:slug>/incubation/liste/<int:item_pk>/",
        views.checklist_toggle,
        name="checklist-toggle",
    ),
    path(
        "projets/<slug:slug>/incubation/etape-suivante/",
        views.stage_advance,
        name="stage-advance",
    ),
    path("projets/<slug:slug>/incubation/mentors/", views.mentor_add, name="mentor-add"),
    path(
        "projets/<slug:slug>/incubation/mentors/<int:person_pk>/retirer/",
        views.mentor_remove,
        name="mentor-remove",
    ),
    path("projets/<slug:slug>/incubation/canevas/", views.canvas_edit, name="canvas-edit"),
    path(
        "projets/<slug:slug>/incubation/canevas/historique/",
        views.canvas_history,
        name="canvas-history",
    ),
]
