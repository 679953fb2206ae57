"""Online payment pages: "Pay online" on one's own pending order (a redirect to the
provider's checkout), the page the provider sends the buyer back to, and the provider's
webhook (no session, no CSRF token: its signature is what is checked)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from comptoir.billing import selectors as billing_selectors
from comptoir.billing.models import Order
from comptoir.core.exceptions import DomainError, NotAllowed
from comptoir.core.http import AuthedRequest
from comptoir.online import services
from comptoir.online.exceptions import OnlinePaymentOff


def _own_order(request: AuthedRequest, pk: int) -> Order:
    """The viewer's own order; someone else's is a 404, as its receipt."""
    try:
        order = billing_selectors.order_get(pk=pk)
    except Order.DoesNotExist as missing:
        raise Http404 from missing
    if order.buyer_id != request.user.pk:
        raise Http404
    return order


@login_required
@require_POST
def pay(request: AuthedRequest, pk: int) -> HttpResponse:
    order = _own_order(request, pk)
    receipt = reverse("billing:order-detail", args=[order.pk])
    back = request.build_absolute_uri(reverse("online:back", args=[order.pk]))
    try:
        _checkout, url = services.checkout_start(
            order=order,
            by=request.user,
            success_url=f"{back}?etat=paye",
            cancel_url=f"{back}?etat=annule",
        )
    except OnlinePaymentOff as off:
        raise Http404 from off
    except NotAllowed as refused:
        raise Http404 from refused
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(receipt)
    return HttpResponseRedirect(url)


@login_required
@require_GET
def back(request: AuthedRequest, pk: int) -> HttpResponse:
    """Where the provider sends the buyer back: the receipt, with what happened."""
    order = _own_order(request, pk)
    if request.GET.get("etat") == "paye":
        messages.success(
            request,
            _(
                "Thank you: your payment is accepted. The receipt shows it once the "
                "payment service has confirmed it, in a few seconds."
            ),
        )
    else:
        messages.info(request, _("Online payment cancelled: nothing was paid."))
    return redirect(reverse("billing:order-detail", args=[order.pk]))


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    if not services.online_enabled():
        raise Http404
    try:
        outcome = services.webhook_receive(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except DomainError as error:
        return JsonResponse({"code": error.code, "detail": error.message}, status=error.status)
    return JsonResponse({"received": True, "outcome": outcome})
