from django.urls import path

from comptoir.invoicing import views

app_name = "invoicing"
urlpatterns = [
    path(
        "lieux/<slug:slug>/factures/<slug:number>/",
        views.invoice_detail,
        name="invoice-detail",
    ),
]
