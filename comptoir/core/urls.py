from django.urls import path

from comptoir.core import views, views_language

app_name = "core"
urlpatterns = [
    path("sante/", views.health, name="health"),
    path("langue/", views_language.switch_language, name="language"),
    path("bench/floor/", views.floor, name="floor"),
]
