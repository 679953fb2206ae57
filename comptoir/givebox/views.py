"""The Give Box's pages: the public page of a place's box (what is offered, the form to give
without an account, a short reservation, the monthly figures), its Atom feed, and the
concierge's moderation (hide, show, remove, mark what left). Posting and reserving without
an account are throttled per address (ACCOUNT_RATE_LIMITS "givebox_post", "givebox_reserve")."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from comptoir.community.forms import add_domain_error
from comptoir.core import ratelimit
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest
from comptoir.core.photos.selectors import photos_by_object
from comptoir.givebox import feeds, selectors, services, weights
from comptoir.givebox.forms import GiftForm, ReserveForm
from comptoir.givebox.models import Gift
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

INVALID = 422
MODERATION = {
    "taken": services.gift_mark_taken,
    "hide": services.gift_hide,
    "show": services.gift_show,
    "remove": services.gift_remove,
}


def _place(slug: str) -> Place:
    try:
        return place_selectors.place_get_public(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing


def _with_photos(gifts: list[Gift]) -> list[tuple[Gift, object]]:
    pictures = photos_by_object({"gift": [gift.pk for gift in gifts]})
    return [(gift, next(iter(pictures.get(("gift", gift.pk), [])), None)) for gift in gifts]


def _box(
    request: HttpRequest,
    place: Place,
    form: GiftForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    now = timezone.now()
    gifts = list(selectors.gifts_shown(place=place, now=now)[:60])
    since = (timezone.localdate() - dt.timedelta(days=365)).replace(day=1)
    context = {
        "place": place,
        "rows": _with_photos(gifts),
        "now": now,
        "form": form or GiftForm(),
        "reserve_form": ReserveForm(),
        "figures": selectors.monthly_figures(place=place, since=since),
        "weights": [(label, weights.GRAMS[value]) for value, label in Gift.Category.choices],
        "source": weights.SOURCE,
        "moderates": selectors.can_moderate(request.user, place.pk),
        "error": error,
    }
    return render(request, "givebox/box.html", context, status=status)


@require_GET
def box(request: HttpRequest, slug: str) -> HttpResponse:
    return _box(request, _place(slug))


@require_GET
def atom(request: HttpRequest, slug: str) -> HttpResponse:
    return feeds.atom(request, _place(slug))


def _refused(
    request: HttpRequest, place: Place, refusal: DomainError, form: GiftForm | None = None
) -> HttpResponse:
    page = _box(request, place, form, status=refusal.status, error=refusal.message)
    if retry_after := getattr(refusal, "retry_after", None):
        page["Retry-After"] = str(retry_after)
    return page


@require_POST
def post(request: HttpRequest, slug: str) -> HttpResponse:
    place = _place(slug)
    form = GiftForm(request.POST, request.FILES)
    if not form.is_valid():
        return _box(request, place, form, status=INVALID)
    data = form.cleaned_data
    try:
        ratelimit.consume(request, "givebox_post")
        gift = services.gift_post(
            place=place,
            title=data["title"],
            category=data["category"],
            where=data["where"],
            contact=data["contact"],
            giver_name=data["giver_name"],
            description=data["description"],
            photo=form.prepared,
            photo_alt=data["title"],
            by=request.user,  # type: ignore[arg-type]
        )
    except DomainError as refusal:
        add_domain_error(form, refusal)
        return _refused(request, place, refusal, form)
    messages.success(request, _("Thank you: your object is in the Give Box."))
    return redirect(reverse("givebox:box", kwargs={"slug": place.slug}) + f"#gift-{gift.pk}")


@require_POST
def reserve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = _place(slug)
    gift = get_object_or_404(Gift.objects.shown(), place=place, pk=pk)
    form = ReserveForm(request.POST)
    if not form.is_valid():
        return _box(request, place, status=INVALID, error=_("Give your first name to reserve."))
    try:
        ratelimit.consume(request, "givebox_reserve")
        services.gift_reserve(gift=gift, name=form.cleaned_data["name"], by=request.user)  # type: ignore[arg-type]
    except DomainError as refusal:
        return _refused(request, place, refusal)
    messages.success(
        request, _("It is yours for 48 hours: come and take it (or contact the giver).")
    )
    return redirect("givebox:box", slug=place.slug)


def _moderated_place(request: AuthedRequest, slug: str) -> Place:
    place = _place(slug)
    if not selectors.can_moderate(request.user, place.pk):
        raise PermissionDenied
    return place


def _moderation(request: AuthedRequest, place: Place, status: int = 200) -> HttpResponse:
    gifts = list(selectors.gifts_to_moderate(place=place)[:200])
    context = {"place": place, "rows": _with_photos(gifts), "now": timezone.now()}
    return render(request, "givebox/moderation.html", context, status=status)


@login_required
@require_GET
def moderation(request: AuthedRequest, slug: str) -> HttpResponse:
    return _moderation(request, _moderated_place(request, slug))


@login_required
@require_POST
def moderate(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    place = _moderated_place(request, slug)
    gift = get_object_or_404(Gift, place=place, pk=pk)
    action = MODERATION.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Choose what to do with this object."))
        return _moderation(request, place, status=INVALID)
    try:
        action(gift=gift, by=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return _moderation(request, place, status=refusal.status)
    messages.success(request, _("Done: %(title)s.") % {"title": gift.title})
    return redirect("givebox:moderation", slug=place.slug)
