"""Attendance on the day and activity reports (names in the namespace "agenda")."""

from django.urls import URLPattern, path

from comptoir.agenda import views_desk as views
from comptoir.agenda import views_desk_register

urlpatterns: list[URLPattern] = [
    path("agenda/<int:pk>/presences/", views.attendance, name="attendance"),
    path(
        "agenda/<int:pk>/inscrire/",
        views_desk_register.register_at_desk,
        name="register-desk",
    ),
    path("agenda/<int:pk>/presences/sur-place/", views.walk_in, name="walk-in"),
    path(
        "agenda/<int:pk>/presences/<int:registration_pk>/",
        views.attendance_mark,
        name="attendance-mark",
    ),
    path(
        "agenda/<int:pk>/presences/<int:registration_pk>/public/",
        views.public_record,
        name="public-record",
    ),
    path("lieux/<slug:slug>/rapport-activite/", views.report, name="report"),
    path("lieux/<slug:slug>/rapport-activite.csv", views.report_csv, name="report-csv"),
    path("lieux/<slug:slug>/rapport-activite.xlsx", views.report_xlsx, name="report-xlsx"),
]
