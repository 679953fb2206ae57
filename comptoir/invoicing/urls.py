from django.urls import path

from comptoir.invoicing import views, views_accounts, views_statements

app_name = "invoicing"
urlpatterns = [
    path("ventes/<int:pk>/paiements/", views.order_payments, name="order-payments"),
    path("ventes/<int:pk>/paiements/nouveau/", views.payment_create, name="payment-create"),
    path("ventes/<int:pk>/facture/", views.invoice_create, name="invoice-create"),
    path("avoirs/<int:pk>/remboursement/", views.refund_create, name="refund-create"),
    path(
        "lieux/<slug:slug>/verification-des-factures/",
        views.chain_verify,
        name="chain-verify",
    ),
    path(
        "lieux/<slug:slug>/factures/<slug:number>/",
        views.invoice_detail,
        name="invoice-detail",
    ),
    path(
        "lieux/<slug:slug>/factures/<slug:number>/pdf/",
        views.invoice_pdf,
        name="invoice-pdf",
    ),
    path(
        "lieux/<slug:slug>/avoirs/<slug:number>/pdf/",
        views.credit_note_pdf,
        name="credit-note-pdf",
    ),
    path(
        "lieux/<slug:slug>/factures/<slug:number>/avoirs/",
        views.credit_note_create,
        name="credit-note-create",
    ),
    path("lieux/<slug:slug>/clotures/", views_accounts.closing_list, name="closing-list"),
    path(
        "lieux/<slug:slug>/clotures/nouvelle/",
        views_accounts.closing_create,
        name="closing-create",
    ),
    path("lieux/<slug:slug>/fec/", views_accounts.fec_page, name="fec"),
    path("lieux/<slug:slug>/fec/comptes/", views_accounts.chart_update, name="chart-update"),
    path("profil/compte/", views_statements.my_statement, name="my-statement"),
    path(
        "structures/<slug:slug>/compte/",
        views_statements.organization_statement,
        name="organization-statement",
    ),
    path(
        "lieux/<slug:slug>/comptes/<int:person_id>/",
        views_statements.person_statement_at_place,
        name="person-statement",
    ),
]
