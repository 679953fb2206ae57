from django.urls import path

from comptoir.projects import views

app_name = "projects"
urlpatterns = [
    path("projets/", views.project_list, name="list"),
    path("projets/nouveau/", views.project_create, name="create"),
    path("projets/<slug:slug>/", views.project_detail, name="detail"),
    path("projets/<slug:slug>/modifier/", views.project_edit, name="edit"),
    path("projets/<slug:slug>/membres/", views.project_members, name="members"),
    path("projets/<slug:slug>/journal/", views.journal_add, name="journal-add"),
    path("projets/<slug:slug>/besoins/", views.need_create, name="need-create"),
    path(
        "projets/<slug:slug>/besoins/<int:need_id>/aider/",
        views.need_answer,
        name="need-answer",
    ),
    path(
        "projets/<slug:slug>/besoins/<int:need_id>/fermer/",
        views.need_close,
        name="need-close",
    ),
]
