from django.urls import path

from comptoir.places import views, views_opendata

app_name = "places"
urlpatterns = [
    path("lieux/", views.place_list, name="place-list"),
    path("lieux/<slug:slug>/", views.place_detail, name="place-detail"),
    path("lieux/<slug:slug>/modifier/", views.place_edit, name="place-edit"),
    path(
        "donnees/lieux-mediation-numerique.csv",
        views_opendata.mediation_csv,
        name="opendata-mediation",
    ),
]
