from django.urls import path

from comptoir.access import views

app_name = "access"
urlpatterns = [
    path("lieux/<slug:slug>/offres/", views.plan_list, name="plan-list"),
    path("lieux/<slug:slug>/offres/nouvelle/", views.plan_create, name="plan-create"),
    path("lieux/<slug:slug>/offres/<int:pk>/acheter/", views.plan_buy, name="plan-buy"),
    path("offres/<int:pk>/modifier/", views.plan_edit, name="plan-edit"),
    path("lieux/<slug:slug>/ventes/nouvelle/", views.sell, name="sell"),
    path("lieux/<slug:slug>/abonnements/", views.subscription_list, name="subscription-list"),
    path(
        "abonnements/<int:pk>/<slug:action>/",
        views.subscription_action,
        name="subscription-action",
    ),
    path(
        "lieux/<slug:slug>/personnes/<int:pk>/acces/",
        views.person_access,
        name="person-access",
    ),
    path("reseaux/<slug:slug>/compensation/", views.settlement, name="settlement"),
    path("lieux/<slug:slug>/compensation/", views.place_settlement, name="place-settlement"),
    path("reseaux/<slug:slug>/compensation.csv", views.settlement_csv, name="settlement-csv"),
]
