"""Contributions, their validation, and the prestations' distribution statements (names in
the namespace "contributions")."""

from django.urls import URLPattern, path

from comptoir.contributions import views

app_name = "contributions"
urlpatterns: list[URLPattern] = [
    path(
        "projets/<slug:slug>/contributions/",
        views.project_contributions,
        name="project-contributions",
    ),
    path(
        "projets/<slug:slug>/contributions.jsonld",
        views.project_contributions_jsonld,
        name="project-contributions-jsonld",
    ),
    path(
        "contributions/<int:pk>/decision/",
        views.contribution_decide,
        name="contribution-decide",
    ),
    path(
        "lieux/<slug:slug>/contributions/",
        views.place_contributions,
        name="place-contributions",
    ),
    path("profil/contributions/", views.my_contributions, name="my-contributions"),
    path("lieux/<slug:slug>/prestations/", views.prestation_list, name="prestation-list"),
    path("prestations/<int:pk>/", views.prestation_detail, name="prestation-detail"),
    path("prestations/<int:pk>/modifier/", views.prestation_edit, name="prestation-edit"),
]
