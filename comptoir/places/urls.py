from django.urls import path

from comptoir.places import views

app_name = "places"
urlpatterns = [
    path("lieux/", views.place_list, name="place-list"),
    # The map of the network's places, with their list (the same page without JavaScript).
    path("carte/", views.place_map, name="map"),
    path("lieux/<slug:slug>/", views.place_detail, name="place-detail"),
    path("lieux/<slug:slug>/modifier/", views.place_edit, name="place-edit"),
]
