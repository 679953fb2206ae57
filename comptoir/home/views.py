from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from comptoir.community import permissions
from comptoir.core import charts
from comptoir.core.http import AuthedRequest, HtmxRequest
from comptoir.home import selectors
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

LATEST_EVENTS = 10


@require_GET
def home(request: HtmxRequest) -> HttpResponse:
    """Anonymous: the network's places; member: my places; concierge: today's dashboard."""
    user = request.user
    if not user.is_authenticated:
        places = place_selectors.places_listed()[: settings.COMPTOIR_PAGE_SIZE]
        return render(request, "home/home.html", {"mode": "anonymous", "places": places})

    my_roles = list(selectors.roles_of_person(person_id=user.pk))
    # The places whose accounts the person keeps (their treasurers): closings and FEC.
    accounts = {
        pr.place_id: pr.place for pr in my_roles if permissions.can_keep_accounts(user, pr.place_id)
    }
    context: dict[str, Any] = {
        "mode": "member",
        "my_roles": my_roles,
        "accounts_places": list(accounts.values()),
    }
    if permissions.is_network_admin(user):
        dashboard_places = list(place_selectors.places_listed()[: settings.COMPTOIR_PAGE_SIZE])
    else:
        seen: dict[int, Place] = {}
        for place_role in my_roles:
            if permissions.is_concierge(user, place_role.place_id):
                seen.setdefault(place_role.place_id, place_role.place)
        dashboard_places = list(seen.values())
    if dashboard_places:
        place_ids = [place.pk for place in dashboard_places]
        dashboards = selectors.dashboards_for(places=dashboard_places)
        context.update(
            mode="concierge",
            dashboards=dashboards,
            dashboards_and_charts=[(board, _visits_chart(board)) for board in dashboards],
            events=selectors.audit_events_latest(place_ids=place_ids, limit=LATEST_EVENTS),
            several_places=len(dashboard_places) > 1,
        )
    elif not my_roles:
        # No role anywhere yet: show where one can go.
        context["places"] = place_selectors.places_listed()[: settings.COMPTOIR_PAGE_SIZE]
    return render(request, "home/home.html", context)


def _visits_chart(board: selectors.PlaceDashboard) -> charts.Chart:
    return charts.bar_chart(
        _("Visits per day at %(place)s, last %(days)s days")
        % {"place": board.place.name, "days": selectors.VISIT_DAYS},
        [(date_format(day, "l j F"), n) for day, n in board.visits],
        value_name=_("Visits"),
        label_header=_("Day"),
        axis_labels=[date_format(day, "j") for day, _n in board.visits],
        chart_id=f"chart-visits-{board.place.pk}",
    )


@login_required
@require_GET
def audit_list(request: AuthedRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place, slug=slug)
    if not permissions.can_view_audit(request.user, place.pk):
        raise PermissionDenied
    verb = request.GET.get("verb", "").strip()[:64]
    actor = request.GET.get("actor", "").strip()[:100]
    events = selectors.audit_events_for_place(place_id=place.pk, verb=verb, actor_query=actor)
    page = Paginator(events, settings.COMPTOIR_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"place": place, "page": page, "verb": verb, "actor": actor}
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "home/audit_list.html#audit-rows", context)
    else:
        context["verbs"] = selectors.audit_verbs_for_place(place_id=place.pk)
        response = render(request, "home/audit_list.html", context)
    # The same URL answers a fragment or a page: caches must tell them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response
