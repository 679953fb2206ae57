from django.urls import path

from comptoir.economy import views

app_name = "economy"
urlpatterns = [
    path("lieux/<slug:slug>/economie/", views.place_economy, name="place"),
    path("lieux/<slug:slug>/economie/budget/", views.budget, name="budget"),
    path("lieux/<slug:slug>/autres-recettes/", views.income_list, name="income-list"),
    path("lieux/<slug:slug>/autres-recettes/nouvelle/", views.income_create, name="income-create"),
    path("lieux/<slug:slug>/autres-recettes/<int:pk>/", views.income_edit, name="income-edit"),
    path(
        "lieux/<slug:slug>/autres-recettes/<int:pk>/supprimer/",
        views.income_delete,
        name="income-delete",
    ),
    path("lieux/<slug:slug>/journal-des-ventes/", views.sales_journal, name="sales-journal"),
    path("reseaux/<slug:slug>/economie/", views.network_economy, name="network"),
    path("reseaux/<slug:slug>/impayes/", views.network_outstanding, name="network-outstanding"),
    path(
        "reseaux/<slug:slug>/compensation/factures/",
        views.settlement_invoice,
        name="settlement-invoice",
    ),
]
