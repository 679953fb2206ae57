"""The membership pages of a place: the register of members of a year (search, CSV, record
a membership: its concierges and treasurers), the membership settings of its legal entity
and, for a cooperative, its share register (its treasurers), and each membership card
(printable, with a QR code: the member and the desk)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptoir.community.forms import add_domain_error
from comptoir.community.models import Organization, Person
from comptoir.core.exceptions import DomainError, InvalidInput
from comptoir.core.http import AuthedRequest
from comptoir.core.spreadsheet_csv import csv_response
from comptoir.membership import exports, permissions, selectors, services
from comptoir.membership.cards import card_qr
from comptoir.membership.forms import (
    AssociateMovementForm,
    MemberForm,
    MembershipForm,
    RegisterSearchForm,
    SettingsForm,
    SubscribeForm,
    cents,
)
from comptoir.membership.models import Association, Membership
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

INVALID = 422
REGISTER_PAGE = "membership/register.html"
SHARES_PAGE = "membership/shares.html"
MOVEMENTS_SHOWN = 30  # the latest; the API (share-movements) gives them all
SETTINGS_PAGE = "membership/settings.html"


def _place(request: AuthedRequest, slug: str, may: Any) -> Place:
    """404 when the place is unknown, 403 unless `may(user, place_id)`."""
    try:
        place = place_selectors.place_get_for_edit(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing
    if not may(request.user, place.pk):
        raise PermissionDenied
    return place


def _association(place: Place) -> Association | None:
    return selectors.association_of_entity(organization_id=place.legal_entity_id)


def _year(request: AuthedRequest) -> tuple[int, str, RegisterSearchForm]:
    today = timezone.localdate()
    form = RegisterSearchForm(
        {"year": request.GET.get("year") or today.year, "q": request.GET.get("q", "")}
    )
    if form.is_valid():
        return form.cleaned_data["year"], form.cleaned_data["q"], form
    return today.year, "", form


def _holder(form: MemberForm) -> dict[str, Any]:
    """The person (by email) or the structure (by name) the form names."""
    email, name = (
        form.cleaned_data.get("email") or "",
        (form.cleaned_data.get("organization") or "").strip(),
    )
    if email and name or not (email or name):
        raise InvalidInput(
            _("Give the email of a person or the name of a structure."), field="email"
        )
    if email:
        person = Person.objects.filter(email__iexact=email).first()
        if person is None:
            raise InvalidInput(_("Nobody has this email address in Comptoir."), field="email")
        return {"person": person}
    found = list(Organization.objects.filter(name__iexact=name)[:2])
    if len(found) != 1:
        raise InvalidInput(
            _("No single structure has this name in Comptoir."), field="organization"
        )
    return {"organization": found[0]}


def _register_context(
    request: AuthedRequest, place: Place, form: MembershipForm | None = None
) -> dict[str, Any]:
    association = _association(place)
    year, query, search = _year(request)
    memberships = (
        list(selectors.members_of_year(association=association, year=year, query=query)[:500])
        if association
        else []
    )
    can_record = association is not None and permissions.can_record_memberships(
        request.user, place.pk
    )
    return {
        "place": place,
        "association": association,
        "memberships": memberships,
        "year": year,
        "query": query,
        "search": search,
        "form": (form or MembershipForm()) if can_record else None,
        "manages": permissions.can_manage_association(request.user, place.pk),
    }


@login_required
@require_GET
def register(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, permissions.can_read_register)
    return render(request, REGISTER_PAGE, _register_context(request, place))


@login_required
@require_GET
def register_csv(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, permissions.can_read_register)
    association = _association(place)
    year, query, _search = _year(request)
    memberships = (
        selectors.members_of_year(association=association, year=year, query=query)
        if association
        else Membership.objects.none()
    )
    return csv_response(exports.members_csv(memberships), f"adherents-{place.slug}-{year}.csv")


@login_required
@require_POST
def record(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, permissions.can_record_memberships)
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            recorded = services.membership_record(
                place=place,
                by=request.user,
                starts_on=form.cleaned_data["starts_on"],
                payment_method=form.cleaned_data["payment_method"],
                payment_reference=form.cleaned_data["payment_reference"],
                **_holder(form),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            membership = recorded.membership
            messages.success(
                request,
                _("Membership %(number)s recorded for %(member)s.")
                % {"number": membership.card_number, "member": membership.holder_name},
            )
            return redirect("membership:card", slug=slug, pk=membership.pk)
    return render(request, REGISTER_PAGE, _register_context(request, place, form), status=INVALID)


@login_required
@require_GET
def card(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    """A membership card: its member's, and the desk's (to print it for them)."""
    membership = (
        Membership.objects.select_related(
            "association__organization", "place", "person", "organization"
        )
        .filter(pk=pk, place__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404
    mine = membership.person_id == request.user.pk
    if not mine and not permissions.can_read_register(request.user, membership.place_id):
        raise PermissionDenied
    # The card's own address, whatever the query string: what the desk's scanner opens.
    url = request.build_absolute_uri(reverse("membership:card", args=[slug, pk]))
    return render(
        request,
        "membership/card.html",
        {
            "place": membership.place,
            "membership": membership,
            "qr": card_qr(membership, url),
            "valid": membership.starts_on <= timezone.localdate() <= membership.ends_on,
        },
    )


@login_required
@require_GET
def my_memberships(request: AuthedRequest) -> HttpResponse:
    memberships = selectors.memberships_of_person(person_id=request.user.pk)
    return render(request, "membership/mine.html", {"memberships": memberships})


@login_required
@require_http_methods(["GET", "POST"])
def association_settings(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, permissions.can_manage_association)
    association = _association(place)
    status = 200
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.association_configure(
                    place=place,
                    period=form.cleaned_data["period"],
                    fee_cents=cents(form.cleaned_data["fee"]),
                    vat_rate_bp=form.cleaned_data["vat_rate_bp"],
                    is_cooperative=form.cleaned_data["is_cooperative"],
                    share_price_cents=cents(form.cleaned_data["share_price"]),
                    by=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The membership settings are saved."))
                return redirect("membership:register", slug=slug)
        status = INVALID
    else:
        initial = (
            {
                "period": association.period,
                "fee": association.fee_cents / 100,
                "vat_rate_bp": association.vat_rate_bp,
                "is_cooperative": association.is_cooperative,
                "share_price": association.share_price_cents / 100 or None,
            }
            if association
            else {}
        )
        form = SettingsForm(initial=initial)
    context = {"place": place, "association": association, "form": form}
    return render(request, SETTINGS_PAGE, context, status=status)


# --- The share register ---------------------------------------------------------------


def _shares_context(
    request: AuthedRequest,
    place: Place,
    subscribe: SubscribeForm | None = None,
    movement: AssociateMovementForm | None = None,
) -> dict[str, Any]:
    association = _association(place)
    coop = association if association is not None and association.is_cooperative else None
    register = selectors.share_register(association=coop) if coop else None
    keeps = coop is not None and permissions.can_keep_share_register(request.user, place.pk)
    choices = selectors.associate_choices(association=coop) if coop and keeps else []
    movements = list(selectors.share_movements(association=coop)[:MOVEMENTS_SHOWN]) if coop else []
    associates = (
        Paginator(register.associates, settings.COMPTOIR_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        if register
        else None
    )
    return {
        "place": place,
        "association": association,
        "register": register,
        "associates": associates,
        "manages": permissions.can_manage_association(request.user, place.pk),
        "movements": movements,
        "subscribe": (subscribe or SubscribeForm(prefix="subscribe")) if keeps else None,
        "movement": (movement or AssociateMovementForm(prefix="movement", associates=choices))
        if keeps and choices
        else None,
    }


@login_required
@require_GET
def shares(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, permissions.can_read_register)
    return render(request, SHARES_PAGE, _shares_context(request, place))


def _register(place: Place) -> selectors.ShareRegister | None:
    """The share register, or None when the entity keeps none (its exports are then empty)."""
    association = _association(place)
    if association is None or not association.is_cooperative:
        return None
    return selectors.share_register(association=association)


@login_required
@require_GET
def shares_csv(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, permissions.can_read_register)
    body = exports.shares_csv(_register(place))
    return csv_response(body, f"registre-parts-{place.slug}.csv")


@login_required
@require_GET
def shares_xlsx(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, permissions.can_read_register)
    response = HttpResponse(exports.shares_xlsx(_register(place)), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="registre-parts-{place.slug}.xlsx"'
    return response


@login_required
@require_POST
def shares_subscribe(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, permissions.can_keep_share_register)
    form = SubscribeForm(request.POST, prefix="subscribe")
    if form.is_valid():
        try:
            movement = services.shares_subscribe(
                place=place,
                by=request.user,
                shares=form.cleaned_data["shares"],
                category=form.cleaned_data["category"],
                paid_cents=cents(form.cleaned_data["paid"]),
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                **_holder(form),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Movement no. %(number)s recorded.") % {"number": movement.number}
            )
            return redirect("membership:shares", slug=slug)
    return render(
        request, SHARES_PAGE, _shares_context(request, place, subscribe=form), status=INVALID
    )


@login_required
@require_POST
def shares_movement(request: AuthedRequest, slug: str) -> HttpResponse:
    place = _place(request, slug, permissions.can_keep_share_register)
    association = _association(place)
    associates = (
        {a.pk: a for a in association.associates.select_related("person", "organization")}
        if association
        else {}
    )
    form = AssociateMovementForm(
        request.POST,
        prefix="movement",
        associates=[(pk, a.holder_name) for pk, a in associates.items()],
    )
    if form.is_valid():
        try:
            movement = _move(request, place, form, associates[form.cleaned_data["associate"]])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Movement no. %(number)s recorded.") % {"number": movement.number}
            )
            return redirect("membership:shares", slug=slug)
    return render(
        request, SHARES_PAGE, _shares_context(request, place, movement=form), status=INVALID
    )


def _move(request: AuthedRequest, place: Place, form: AssociateMovementForm, associate: Any) -> Any:
    data = form.cleaned_data
    common = {
        "place": place,
        "associate": associate,
        "by": request.user,
        "on": data["on"],
        "note": data["note"],
    }
    if data["kind"] == "paid":
        if data["amount"] is None:
            raise InvalidInput(_("Give the amount paid."), field="amount")
        return services.shares_pay(amount_cents=cents(data["amount"]), **common)
    if data["kind"] == "redeemed":
        return services.shares_redeem(shares=data["shares"], **common)
    receiver = Person.objects.filter(email__iexact=data["to_email"] or "").first()
    if receiver is None:
        raise InvalidInput(_("Nobody has this email address in Comptoir."), field="to_email")
    return services.shares_transfer(
        shares=data["shares"], to_person=receiver, category=data["category"] or None, **common
    )
