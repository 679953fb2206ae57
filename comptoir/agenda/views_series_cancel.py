"""Cancelling what is left of a series (a cycle of workshops stopped half-way): a
confirmation listing the coming dates and who will be told, then every coming event is
cancelled in one transaction."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from comptoir.agenda import selectors_manage
from comptoir.agenda.models import EventSeries, Registration
from comptoir.agenda.services import events as services
from comptoir.community import permissions
from comptoir.core.exceptions import DomainError
from comptoir.core.http import AuthedRequest


@login_required
@require_http_methods(["GET", "POST"])
def series_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    series = EventSeries.objects.select_related("place").filter(pk=pk).first()
    if series is None:
        raise Http404
    place = series.place
    if not permissions.can_schedule_events(request.user, place.pk):
        raise PermissionDenied
    now = timezone.now()
    active = ~Q(registrations__status=Registration.Status.CANCELLED)
    coming = list(
        series.events.scheduled()
        .filter(start__gt=now)
        .annotate(people=Count("registrations", filter=active))
        .order_by("start")
    )
    context = {"place": place, "series": series, "coming": coming}
    context["to_call"] = selectors_manage.people_to_call_among(coming)
    if not coming:
        context["message"] = _("No event of this series is still to come.")
        return render(request, "agenda/manage/refused.html", context, status=409)
    if request.method == "GET":
        return render(request, "agenda/manage/series_cancel.html", context)
    try:
        cancelled = services.series_cancel(series=series, by=request.user, now=now)
    except DomainError as error:
        context["message"] = error.message
        return render(request, "agenda/manage/refused.html", context, status=error.status)
    messages.success(
        request,
        ngettext(
            "%(count)s event of the series cancelled; the people registered are told.",
            "%(count)s events of the series cancelled; the people registered are told.",
            len(cancelled),
        )
        % {"count": len(cancelled)},
    )
    return redirect("agenda:place-manage", slug=place.slug)
