"""Online payment pages: "Pay online" on one's own pending order (a redirect to the
provider's checkout), the page the provider sends the buyer back to, the provider's
webhook (no session, no CSRF token: its signature is what is checked), and for a place's
concierges and treasurers its online payments and the refund of one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.billing import selectors as billing_selectors
from comptoir.billing.models import Order
from comptoir.community import permissions
from comptoir.community.forms import add_domain_error
from comptoir.core.exceptions import DomainError, NotAllowed
from comptoir.core.http import AuthedRequest
from comptoir.core.money import format_cents
from comptoir.online import selectors, services
from comptoir.online.exceptions import OnlinePaymentOff
from comptoir.online.forms import RefundForm
from comptoir.online.models import Checkout
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

INVALID = 422


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


def _accounts_place(request: AuthedRequest, slug: str) -> Place:
    """404 when the place is unknown, 403 unless the user reads its accounts."""
    try:
        place = place_selectors.place_get_for_edit(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_read_accounts(request.user, place.pk):
        raise PermissionDenied
    return place


@login_required
@require_GET
def payment_list(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _accounts_place(request, slug)
    page = Paginator(
        selectors.online_payments_of_place(place_id=place.pk), settings.COMPTOIR_PAGE_SIZE
    )
    context = {"place": place, "page": page.get_page(request.GET.get("page"))}
    return render(request, "online/payment_list.html", context)


def _checkout(place: Place, pk: int) -> Checkout:
    try:
        return selectors.checkout_of_place(place_id=place.pk, pk=pk)
    except Checkout.DoesNotExist as missing:
        raise Http404 from missing


def _refund_page(
    request: AuthedRequest, place: Place, checkout: Checkout, form: RefundForm, status: int = 200
) -> HttpResponse:
    context = {
        "place": place,
        "checkout": checkout,
        "form": form if checkout.refundable_cents and services.online_enabled() else None,
        "online_off": not services.online_enabled(),
        "refunds": list(checkout.refunds.all()),
    }
    return render(request, "online/refund.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def refund(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    """An online payment and its refunds; its concierges and treasurers refund it, in whole
    or for some lines, through the provider."""
    place = _accounts_place(request, slug)
    checkout = _checkout(place, pk)
    lines = selectors.refund_lines(checkout=checkout)
    if request.method != "POST":
        return _refund_page(request, place, checkout, RefundForm(lines=lines))
    form = RefundForm(request.POST, lines=lines)
    if form.is_valid():
        try:
            done = services.checkout_refund(
                checkout=checkout,
                reason=form.cleaned_data["reason"],
                by=request.user,
                quantities=form.quantities(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(amount)s refunded online: credit note %(note)s, refund %(number)s.")
                % {
                    "amount": format_cents(done.amount_cents),
                    "note": done.credit_note.number,
                    "number": done.payment.number,
                },
            )
            return redirect("online:refund", slug=place.slug, pk=checkout.pk)
    return _refund_page(request, place, checkout, form, status=INVALID)
