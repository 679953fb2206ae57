from django.urls import path

from comptoir.publishing import views, views_opendata

app_name = "publishing"

urlpatterns = [
    path("lieux/<slug:slug>/documentation/", views.place_documentation, name="place"),
    path(
        "lieux/<slug:slug>/documentation/<slug:key>/modifier/",
        views.section_edit,
        name="section-edit",
    ),
    path(
        "lieux/<slug:slug>/documentation/<slug:key>/historique/",
        views.section_history,
        name="section-history",
    ),
    path(
        "lieux/<slug:slug>/documentation/<slug:key>/historique/<int:number>/",
        views.section_revision,
        name="section-revision",
    ),
    path("lieux/<slug:slug>/documentation.wiki", views.export_wiki, name="export-wiki"),
    path("lieux/<slug:slug>/documentation.zip", views.export_markdown, name="export-markdown"),
    path("lieux/<slug:slug>/documentation.json", views.export_json, name="export-json"),
    # A meeting's minutes, kept from governance (`receivers`), with their history.
    path(
        "lieux/<slug:slug>/documentation/comptes-rendus/<int:pk>/",
        views.minutes_page,
        name="minutes",
    ),
    path(
        "reseaux/<slug:slug>/documentation/comptes-rendus/<int:pk>/",
        views.network_minutes_page,
        name="network-minutes",
    ),
    path("lieux/<slug:slug>/ressources-partagees/", views.resources, name="resources"),
    path(
        "lieux/<slug:slug>/ressources-partagees/<int:pk>/supprimer/",
        views.resource_delete,
        name="resource-delete",
    ),
    path("lieux/<slug:slug>/presse/", views.press, name="press"),
    path("lieux/<slug:slug>/presse/<int:pk>/supprimer/", views.press_delete, name="press-delete"),
    # The places in the national digital-mediation standard: an open-data export.
    path(
        "donnees/lieux-mediation-numerique.csv",
        views_opendata.mediation_csv,
        name="opendata-mediation",
    ),
]
