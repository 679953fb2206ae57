from django.urls import path

from comptoir.community import views

app_name = "community"
urlpatterns = [
    path("communaute/", views.directory, name="directory"),
    path("communaute/personnes/<int:pk>/", views.person_detail, name="person-detail"),
    path("profil/", views.profile, name="profile"),
    path("profil/mes-donnees/", views.my_data, name="my-data"),
    path("profil/mes-donnees.json", views.my_data_json, name="my-data-json"),
    path("profil/effacer/", views.erase_me, name="erase-me"),
    path("communaute/personnes/<int:pk>/effacer/", views.person_erase, name="person-erase"),
    path("profil/jetons/", views.api_token_create, name="api-token-create"),
    path("profil/jetons/<int:pk>/revoquer/", views.api_token_revoke, name="api-token-revoke"),
    path("structures/", views.organization_list, name="organization-list"),
    path("structures/nouvelle/", views.organization_create, name="organization-create"),
    path("structures/<slug:slug>/", views.organization_detail, name="organization-detail"),
    path("structures/<slug:slug>/modifier/", views.organization_edit, name="organization-edit"),
    path("lieux/<slug:slug>/roles/", views.role_list, name="role-list"),
    path("lieux/<slug:slug>/roles/<int:pk>/fin/", views.role_end, name="role-end"),
]
