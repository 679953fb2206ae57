from django.urls import path

from comptoir.membership import views

app_name = "membership"
urlpatterns = [
    path("lieux/<slug:slug>/adhesions/", views.register, name="register"),
    path("lieux/<slug:slug>/adhesions/nouvelle/", views.record, name="record"),
    path("lieux/<slug:slug>/adhesions/adherents.csv", views.register_csv, name="register-csv"),
    path("lieux/<slug:slug>/adhesions/reglages/", views.association_settings, name="settings"),
    path("lieux/<slug:slug>/adhesions/<int:pk>/carte/", views.card, name="card"),
    path("lieux/<slug:slug>/parts-sociales/", views.shares, name="shares"),
    path(
        "lieux/<slug:slug>/parts-sociales/souscrire/",
        views.shares_subscribe,
        name="shares-subscribe",
    ),
    path(
        "lieux/<slug:slug>/parts-sociales/mouvement/", views.shares_movement, name="shares-movement"
    ),
    path("lieux/<slug:slug>/parts-sociales/registre.csv", views.shares_csv, name="shares-csv"),
    path("lieux/<slug:slug>/parts-sociales/registre.xlsx", views.shares_xlsx, name="shares-xlsx"),
    path("profil/adhesions/", views.my_memberships, name="mine"),
]
