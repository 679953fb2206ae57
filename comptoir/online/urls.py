from django.urls import path

from comptoir.online import views

app_name = "online"
urlpatterns = [
    path("ventes/<int:pk>/payer-en-ligne/", views.pay, name="pay"),
    path("ventes/<int:pk>/paiement-en-ligne/", views.back, name="back"),
    path("paiement-en-ligne/stripe/webhook/", views.stripe_webhook, name="stripe-webhook"),
    path("lieux/<slug:slug>/paiements-en-ligne/", views.payment_list, name="payments"),
    path(
        "lieux/<slug:slug>/paiements-en-ligne/<int:pk>/remboursement/",
        views.refund,
        name="refund",
    ),
]
