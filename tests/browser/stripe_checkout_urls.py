"""The site's URLs plus a stand-in for Stripe's hosted checkout page (the browser tests have
no network): a page with the amount and a "Pay" link back to the success address."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.html import format_html

from comptoir.urls import urlpatterns as site_urlpatterns


def checkout(request: HttpRequest, session: str) -> HttpResponse:
    return HttpResponse(
        format_html(
            '<!doctype html><html lang="en"><head><title>Stripe Checkout</title></head>'
            '<body><main><h1>Pay {} €</h1><a href="{}">Pay</a></main></body></html>',
            request.GET.get("amount", ""),
            request.GET.get("back", ""),
        )
    )


urlpatterns = [
    path("__stripe-checkout__/<str:session>/", checkout, name="stripe-checkout"),
    *site_urlpatterns,
]
