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

# A programme's stages and their checklists, edited by who manages the place's incubator.
_STAGES = "lieux/<slug:slug>/incubateur/programmes/<int:pk>/etapes/"
urlpatterns += [
    path(_STAGES, views.programme_stages, name="programme-stages"),
    path(_STAGES + "ajouter/", views.stage_add, name="stage-add"),
    path(_STAGES + "<int:stage_pk>/", views.stage_update, name="stage-update"),
    path(_STAGES + "<int:stage_pk>/deplacer/", views.stage_move, name="stage-move"),
    path(_STAGES + "<int:stage_pk>/retirer/", views.stage_remove, name="stage-remove"),
    path(_STAGES + "<int:stage_pk>/liste/", views.item_add, name="item-add"),
    path(_STAGES + "liste/<int:item_pk>/", views.item_update, name="item-update"),
    path(_STAGES + "liste/<int:item_pk>/deplacer/", views.item_move, name="item-move"),
    path(_STAGES + "liste/<int:item_pk>/retirer/", views.item_remove, name="item-remove"),
]
