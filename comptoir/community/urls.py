from django.urls import path

from comptoir.community import views

app_name = "community"
urlpatterns = [
    path("communaute/", views.directory, name="directory"),
    path("structures/", views.organization_list, name="organization-list"),
    path("profil/", views.profile, name="profile"),
]
