from django.urls import path

from comptoir.givebox import views

app_name = "givebox"
urlpatterns = [
    path("lieux/<slug:slug>/boite-a-dons/", views.box, name="box"),
    path("lieux/<slug:slug>/boite-a-dons/atom.xml", views.atom, name="atom"),
    path("lieux/<slug:slug>/boite-a-dons/donner/", views.post, name="post"),
    path("lieux/<slug:slug>/boite-a-dons/<int:pk>/reserver/", views.reserve, name="reserve"),
    path("lieux/<slug:slug>/boite-a-dons/moderation/", views.moderation, name="moderation"),
    path("lieux/<slug:slug>/boite-a-dons/<int:pk>/moderer/", views.moderate, name="moderate"),
]
