"""Access pages: the offers of a place, selling at the desk, subscriptions, a person's books
and the settlement between the places of a network. Views parse input, call one service and
choose the response; refusals keep their 4xx status and say why, nothing half-saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.access import rules, selectors, selectors_pages, services
from comptoir.access.forms import (
    BuyForm,
    CorrectionForm,
    KindForm,
    MonthForm,
    PlanForm,
    SellForm,
)
from comptoir.access.models import Plan, Subscription
from comptoir.community import permissions
from comptoir.community import selectors as community_selectors
from comptoir.community.forms import add_domain_error, add_validation_error
from comptoir.community.models import Person
from comptoir.core.exceptions import DomainError, NotAllowed
from comptoir.core.http import AuthedRequest, HtmxRequest
from comptoir.core.spreadsheet_csv import csv_response, money, table_csv
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Network, Place

INVALID = 422
BAD_REQUEST = 400


def _page(request: HtmxRequest, queryset: QuerySet[Any]) -> Page[Any]:
    return Paginator(queryset, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))


def _place_or_404(slug: str) -> Place:
    try:
        return place_selectors.place_get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing


def _concierge_place(request: HtmxRequest, slug: str, allowed: Any) -> Place:
    """The place, if `allowed(user, place_id)`; 404 when unknown, 403 when not allowed."""
    place = _place_or_404(slug)
    if not allowed(request.user, place.pk):
        raise PermissionDenied
    return place


# --- Offers ------------------------------------------------------------------------------------


@require_GET
def plan_list(request: HtmxRequest, slug: str) -> HttpResponse:
    place = _place_or_404(slug)
    can_manage = permissions.can_manage_plans(request.user, place.pk)
    if not place.is_active and not can_manage:
        raise Http404
    page = _page(request, selectors.plans_offered_at(place=place, include_inactive=can_manage))
    context = {
        "place": place,
        "page": page,
        "can_manage": can_manage,
        "can_manage_network": permissions.is_network_admin(request.user),
        "can_sell": permissions.can_sell(request.user, place.pk),
        # A member buys for themself: these offers get a "Buy" button.
        "buyable_ids": selectors_pages.plan_ids_buyable_by(
            viewer=request.user, place=place, plans=page.object_list
        ),
        "awaiting_payment": list(
            selectors_pages.purchases_awaiting_payment(person=request.user, place=place)
        ),
    }
    return render(request, "access/plan_list.html", context)


def _buy_page(
    request: HtmxRequest, place: Place, plan: Plan, form: BuyForm, *, status: int = 200
) -> HttpResponse:
    context = {"place": place, "plan": plan, "form": form}
    return render(request, "access/plan_buy.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def plan_buy(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    """A member buys an offer for themself: the confirmation with its price, then an order
    awaiting payment at the desk."""
    place = _concierge_place(request, slug, permissions.is_member)
    try:
        plan = selectors_pages.plan_buyable_get(place=place, pk=pk)
    except Plan.DoesNotExist as missing:
        raise Http404 from missing
    if request.method != "POST":
        return _buy_page(request, place, plan, BuyForm())
    form = BuyForm(request.POST)
    if not form.is_valid():
        return _buy_page(request, place, plan, form, status=INVALID)
    try:
        purchase = services.plan_buy(
            plan=plan, place=place, person=request.user, starts_on=form.cleaned_data["starts_on"]
        )
    except NotAllowed as error:
        raise PermissionDenied from error
    except DomainError as error:
        add_domain_error(form, error)
        return _buy_page(request, place, plan, form, status=error.status)
    messages.success(
        request,
        _("Ordered: %(plan)s. Pay at the desk with the reference %(reference)s.")
        % {"plan": plan.name, "reference": purchase.order.reference},
    )
    return redirect(reverse("access:plan-list", args=[place.slug]) + "#awaiting-payment")


def _plan_form_page(
    request: HtmxRequest,
    form: PlanForm,
    *,
    place: Place | None,
    plan: Plan | None,
    back: str,
    status: int = 200,
) -> HttpResponse:
    kind = plan.kind if plan else form["kind"].value()
    context = {
        "form": form,
        "place": place,
        "plan": plan,
        "kind": kind,
        "kind_label": Plan.Kind(kind).label if kind in Plan.Kind.values else "",
        "kind_form": KindForm(initial={"kind": kind}) if plan is None else None,
        "back": back,
    }
    template = "access/plan_form.html"
    if request.htmx and request.method == "GET":
        template += "#plan-form"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _concierge_place(request, slug, permissions.can_manage_plans)
    network_choice = permissions.is_network_admin(request.user)
    back = reverse("access:plan-list", args=[place.slug])
    if request.method != "POST":
        kind = request.GET.get("kind", "")
        kind = kind if kind in Plan.Kind.values else Plan.Kind.TICKET_BOOK
        form = PlanForm(kind=kind, creating=True, network_choice=network_choice)
        return _plan_form_page(request, form, place=place, plan=None, back=back)
    kind = request.POST.get("kind", "")
    form = PlanForm(request.POST, kind=kind, creating=True, network_choice=network_choice)
    status = INVALID
    if form.is_valid():
        for_network = form.cleaned_data.get("for_network", False)
        try:
            services.plan_create(
                by=request.user,
                place=None if for_network else place,
                network=place.network if for_network else None,
                kind=kind,
                **form.plan_fields(),
            )
        except NotAllowed as error:
            raise PermissionDenied from error
        except (DomainError, ValidationError) as error:
            form.add_service_error(error)
            status = getattr(error, "status", INVALID)
        else:
            messages.success(request, _("The offer has been created."))
            return redirect(back)
    return _plan_form_page(request, form, place=place, plan=None, back=back, status=status)


def _back_from_plan(request: HtmxRequest, plan: Plan) -> str:
    """Where the edit page returns: ?next= when it is ours, else the offers of its place."""
    wanted = request.GET.get("next") or request.POST.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    if plan.place is not None:
        return reverse("access:plan-list", args=[plan.place.slug])
    return reverse("places:place-list")


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        plan = selectors.plan_get(pk=pk)
    except Plan.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_manage_plan(request.user, plan):
        raise PermissionDenied
    back = _back_from_plan(request, plan)
    options: dict[str, Any] = {
        "kind": plan.kind,
        "creating": False,
        "vat_rate_bp": plan.vat_rate_bp,
    }
    if request.method != "POST":
        form = PlanForm(initial=PlanForm.initial_for(plan), **options)
        return _plan_form_page(request, form, place=plan.place, plan=plan, back=back)
    form = PlanForm(request.POST, **options)
    status = INVALID
    if form.is_valid():
        # A fresh copy: a refused update must not leak half-changed values into the page.
        target = selectors.plan_get(pk=pk)
        try:
            services.plan_update(plan=target, by=request.user, **form.plan_fields())
        except NotAllowed as error:
            raise PermissionDenied from error
        except (DomainError, ValidationError) as error:
            form.add_service_error(error)
            status = getattr(error, "status", INVALID)
        else:
            messages.success(request, _("The offer has been saved."))
            return redirect(back)
    return _plan_form_page(request, form, place=plan.place, plan=plan, back=back, status=status)


# --- Selling at the desk -----------------------------------------------------------------------


def _sell_page(
    request: HtmxRequest,
    place: Place,
    form: SellForm,
    *,
    plans: list[Plan],
    review: bool = False,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {"place": place, "form": form, "plans": plans, "review": review}
    if review:
        context["sale"] = form.cleaned_data
    else:
        context["prefilled_person"] = _desk_person(request, form)
    return render(request, "access/sell.html", context, status=status)


def _desk_person(request: HtmxRequest, form: SellForm) -> Person | None:
    """The person the desk's "Sell…" link named (a signed token, core.desk_tokens): shown by
    name, the token kept in a hidden field (issue 14: not a raw value in a text box)."""
    value = form.data.get("person", "") if form.is_bound else form.initial.get("person", "")
    value = str(value or "").strip()
    if not value or (form.is_bound and ":" not in value):
        return None  # typed by the concierge: left in the box they typed it in
    person = selectors_pages.person_find(value=value, viewer=request.user)
    if person is not None:
        form.hide_person()
    return person


def _sell_initial(request: HtmxRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"payment_method": "card"}
    person = request.GET.get("person", "").strip()[:254]
    if person:
        initial["person"] = person
    plan = request.GET.get("plan", "")
    if plan.isdigit():
        initial["plan"] = int(plan)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def sell(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _concierge_place(request, slug, permissions.can_sell)
    plans = list(selectors_pages.plans_sellable_at(place=place))
    if request.method != "POST":
        form = SellForm(initial=_sell_initial(request), plans=plans, viewer=request.user)
        return _sell_page(request, place, form, plans=plans)
    form = SellForm(request.POST, plans=plans, viewer=request.user)
    if not form.is_valid():
        return _sell_page(request, place, form, plans=plans, status=INVALID)
    if "confirm" not in request.POST:
        # Show what will be sold, and at which price, before anything is recorded.
        review = "edit" not in request.POST
        return _sell_page(request, place, form, plans=plans, review=review)
    data = form.cleaned_data
    try:
        sale = services.plan_sell(
            plan=data["plan"],
            place=place,
            by=request.user,
            payment_method=data["payment_method"],
            person=data["person"],
            organization=data["organization"],
            starts_on=data["starts_on"],
            payment_reference=data["payment_reference"],
        )
    except NotAllowed as error:
        raise PermissionDenied from error
    except DomainError as error:
        add_domain_error(form, error)
        return _sell_page(request, place, form, plans=plans, status=error.status)
    except ValidationError as error:
        add_validation_error(form, error)
        return _sell_page(request, place, form, plans=plans, status=INVALID)
    messages.success(
        request,
        _("Sold: %(plan)s to %(buyer)s.")
        % {"plan": data["plan"].name, "buyer": sale.order.buyer_name},
    )
    return redirect("billing:order-detail", pk=sale.order.pk)


# --- Subscriptions -----------------------------------------------------------------------------


def _subscription_list_page(
    request: HtmxRequest, place: Place, *, error: str = "", status: int = 200
) -> HttpResponse:
    wanted = request.GET.get("statut", "")
    wanted = wanted if wanted in Subscription.Status.values else ""
    subscriptions = selectors.subscriptions_of_place(place=place, status=wanted)
    context = {
        "place": place,
        "page": _page(request, subscriptions),
        "statut": wanted,
        "statuses": Subscription.Status.choices,
        "error": error,
        "today": timezone.localdate(),
    }
    template = "access/subscription_list.html"
    if request.htmx and request.method == "GET":
        template += "#subscription-rows"
    return render(request, template, context, status=status)


@login_required
@require_GET
def subscription_list(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _concierge_place(request, slug, permissions.can_manage_subscriptions)
    return _subscription_list_page(request, place)


# action -> (service, extra arguments, what to say when done)
ACTIONS: dict[str, tuple[Any, dict[str, Any], Any]] = {
    "pause": (services.subscription_pause, {}, gettext_lazy("The subscription is paused.")),
    "resume": (services.subscription_resume, {}, gettext_lazy("The subscription is active again.")),
    "cancel": (
        services.subscription_cancel,
        {},
        gettext_lazy("The subscription will end at the end of its period."),
    ),
    "uncancel": (
        services.subscription_cancel,
        {"undo": True},
        gettext_lazy("The subscription will go on."),
    ),
    "end": (services.subscription_end, {}, gettext_lazy("The subscription has ended.")),
}


@login_required
@require_POST
def subscription_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    try:
        subscription = selectors.subscription_get(pk=pk)
    except Subscription.DoesNotExist as missing:
        raise Http404 from missing
    place = subscription.place
    if not permissions.can_manage_subscriptions(request.user, place.pk):
        raise PermissionDenied
    service, extra, done = ACTIONS[action]
    try:
        service(subscription, by=request.user, **extra)
    except NotAllowed as error:
        raise PermissionDenied from error
    except DomainError as error:
        if request.htmx:
            return _subscription_row(request, pk, message=error.message, status=error.status)
        return _subscription_list_page(request, place, error=error.message, status=error.status)
    if request.htmx:
        return _subscription_row(request, pk, message=str(done))
    messages.success(request, str(done))
    return redirect("access:subscription-list", slug=place.slug)


def _subscription_row(
    request: HtmxRequest, pk: int, *, message: str, status: int = 200
) -> HttpResponse:
    subscription = selectors_pages.subscription_get_with_period(pk=pk)
    context = {
        "subscription": subscription,
        "place": subscription.place,
        "row_message": message,
        "row_failed": status >= 400,
        "today": timezone.localdate(),
    }
    return render(request, "access/subscription_list.html#subscription-row", context, status=status)


# --- A person's books and subscriptions ---------------------------------------------------------


def _person_or_404(pk: int) -> Person:
    try:
        return community_selectors.person_get_active(pk=pk)
    except Person.DoesNotExist as missing:
        raise Http404 from missing


def _person_access_page(
    request: HtmxRequest,
    place: Place,
    person: Person,
    *,
    form: CorrectionForm | None = None,
    books: list[Any],
    status: int = 200,
) -> HttpResponse:
    context = {
        "place": place,
        "person": person,
        "books": books,
        "form": form or CorrectionForm(books=rules.books_correctable(request.user, books)),
        "movements": _page(request, selectors.movements_of_person(person=person)),
        "subscriptions": selectors.subscriptions_of_person(person=person),
        "today": timezone.localdate(),
    }
    return render(request, "access/person_access.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def person_access(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = _concierge_place(request, slug, permissions.is_concierge)
    person = _person_or_404(pk)
    if not permissions.can_view_access_of(request.user, person):
        raise PermissionDenied
    books = list(selectors.ticket_books_of_person(person=person))
    if request.method != "POST":
        return _person_access_page(request, place, person, books=books)
    form = CorrectionForm(request.POST, books=rules.books_correctable(request.user, books))
    status = INVALID
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.ticket_book_adjust(
                book=data["book"],
                quantity=data["quantity"],
                reason=data["reason"],
                by=request.user,
                place=place,
            )
        except NotAllowed as error:
            raise PermissionDenied from error
        except DomainError as error:
            add_domain_error(form, error)
            status = error.status
        else:
            messages.success(
                request,
                _("The balance of %(book)s has been corrected by %(quantity)+d.")
                % {"book": data["book"].plan.name, "quantity": data["quantity"]},
            )
            return redirect("access:person-access", slug=place.slug, pk=person.pk)
    return _person_access_page(request, place, person, form=form, books=books, status=status)


# --- Settlement between the places of a network -------------------------------------------------


def _network_or_404(slug: str) -> Network:
    try:
        return selectors_pages.network_get(slug=slug)
    except Network.DoesNotExist as missing:
        raise Http404 from missing


def _settlement_scope(request: HtmxRequest, network: Network) -> set[int] | None:
    """The places whose rows the user sees (None: all); 403 when none is in this network."""
    place_ids = permissions.settlement_place_ids(request.user)
    if place_ids is None:
        return None
    place_ids = selectors_pages.network_place_ids(network=network, among=place_ids)
    if not place_ids:
        raise PermissionDenied
    return place_ids


def _month(request: HtmxRequest) -> tuple[MonthForm, date | None]:
    """The month asked for (this month by default), or None with the form's error."""
    if "mois" not in request.GET:
        today = timezone.localdate()
        return MonthForm(initial={"mois": f"{today:%Y-%m}"}), today.replace(day=1)
    form = MonthForm(request.GET)
    return form, form.cleaned_data["mois"] if form.is_valid() else None


def _settlement(network: Network, month: date, place_ids: set[int] | None) -> dict[str, Any]:
    rows = selectors.settlement_report(network=network, month=month, place_ids=place_ids)
    net = selectors.settlement_balances(rows)
    names = {row.seller_id: row.seller for row in rows} | {
        row.used_in_id: row.used_in for row in rows
    }
    shown = [pid for pid in net if place_ids is None or pid in place_ids]
    return {
        "rows": rows,
        "balances": sorted(((names[pid], net[pid]) for pid in shown), key=lambda item: item[0]),
        "total_tickets": sum(row.tickets for row in rows),
        "total_cents": sum(row.value_cents for row in rows),
    }


@login_required
@require_GET
def settlement(request: AuthedRequest, slug: str) -> HttpResponse:
    network = _network_or_404(slug)
    place_ids = _settlement_scope(request, network)
    form, month = _month(request)
    context: dict[str, Any] = {"network": network, "form": form, "month": month}
    if month is None:
        return render(request, "access/settlement.html", context, status=BAD_REQUEST)
    context |= _settlement(network, month, place_ids)
    context["previous"] = f"{month - relativedelta(months=1):%Y-%m}"
    context["next"] = f"{month + relativedelta(months=1):%Y-%m}"
    context["all_places"] = place_ids is None
    return render(request, "access/settlement.html", context)


@login_required
@require_GET
def settlement_csv(request: AuthedRequest, slug: str) -> HttpResponse:
    network = _network_or_404(slug)
    place_ids = _settlement_scope(request, network)
    form, month = _month(request)
    if month is None:
        errors = " ".join(str(error) for error in form.errors.get("mois", []))
        return HttpResponse(errors, status=BAD_REQUEST, content_type="text/plain; charset=utf-8")
    report = _settlement(network, month, place_ids)
    # The network and the month are in the file name; the spreadsheet convention of the
    # other exports (`;`, decimal comma, BOM).
    header = [_("Sold by"), _("Used in"), _("Tickets"), _("Value (cents)"), _("Value (euros)")]
    rows = [
        [row.seller, row.used_in, row.tickets, row.value_cents, money(row.value_cents)]
        for row in report["rows"]
    ]
    filename = f"compensation-{network.slug}-{month:%Y-%m}.csv"
    return csv_response(table_csv(header, rows), filename)


@login_required
@require_GET
def place_settlement(request: AuthedRequest, slug: str) -> HttpResponse:
    """The settlement page of the place's network (a stable link for dashboards)."""
    network_slug = selectors_pages.network_slug_of_place(slug=slug)
    if network_slug is None:
        raise Http404
    return redirect("access:settlement", slug=network_slug)
