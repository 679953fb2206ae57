from django.urls import path

from comptoir.home import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("lieux/<slug:slug>/journal/", views.audit_list, name="audit-list"),
]
