from django.urls import path

from comptoir.exchange import views

app_name = "exchange"
urlpatterns = [
    path("lieux/<slug:slug>/coups-de-main/", views.board, name="board"),
    path("lieux/<slug:slug>/coups-de-main/nouveau/", views.post_create, name="post-create"),
    path("lieux/<slug:slug>/coups-de-main/<int:pk>/", views.post_detail, name="post"),
    path("lieux/<slug:slug>/coups-de-main/<int:pk>/repondre/", views.reply, name="reply"),
    path("lieux/<slug:slug>/coups-de-main/<int:pk>/fermer/", views.close, name="close"),
    path("coups-de-main/alertes/", views.alerts, name="alerts"),
]
