from django.urls import path

from comptoir.debits import views

app_name = "debits"
urlpatterns = [
    path("lieux/<slug:slug>/mandats/", views.mandate_list, name="mandates"),
    path("lieux/<slug:slug>/mandats/nouveau/", views.mandate_create, name="mandate-create"),
    path(
        "lieux/<slug:slug>/mandats/<int:pk>/revoquer/",
        views.mandate_revoke,
        name="mandate-revoke",
    ),
    path("lieux/<slug:slug>/creancier-sepa/", views.creditor_update, name="creditor"),
    path("lieux/<slug:slug>/prelevements/", views.batch_list, name="batches"),
    path("lieux/<slug:slug>/prelevements/nouveau/", views.batch_create, name="batch-create"),
    path("lieux/<slug:slug>/prelevements/<int:pk>/", views.batch_detail, name="batch-detail"),
    path(
        "lieux/<slug:slug>/prelevements/<int:pk>/pain008.xml",
        views.batch_xml,
        name="batch-xml",
    ),
    path(
        "lieux/<slug:slug>/prelevements/rejets/<int:pk>/",
        views.debit_return,
        name="debit-return",
    ),
]
