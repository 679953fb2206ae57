from django.urls import path

from comptoir.places import views

app_name = "places"
urlpatterns = [
    path("lieux/", views.place_list, name="place-list"),
    path("lieux/<slug:slug>/", views.place_detail, name="place-detail"),
    path("lieux/<slug:slug>/modifier/", views.place_edit, name="place-edit"),
]
