"""Account statements: one's own (from the profile), a structure's (its managers), and a
person's at a place (its concierges, that place's documents only)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from comptoir.community import selectors as community_selectors
from comptoir.community.models import Organization, Person
from comptoir.core.http import AuthedRequest
from comptoir.invoicing import statements
from comptoir.invoicing.statements import Statement
from comptoir.places import selectors as place_selectors
from comptoir.places.models import Place

PAGE = "invoicing/statement.html"
LINES_PER_PAGE = 50


def _context(request: AuthedRequest, statement: Statement, **extra: Any) -> dict[str, Any]:
    # The running balance is computed over all the lines; the page shows the latest ones.
    lines = list(reversed(statement.lines))
    page = Paginator(lines, LINES_PER_PAGE).get_page(request.GET.get("page"))
    return {"statement": statement, "page": page, **extra}


@login_required
@require_GET
def my_statement(request: AuthedRequest) -> HttpResponse:
    statement = statements.statement_of_person(person_id=request.user.pk)
    return render(request, PAGE, _context(request, statement, subject=request.user, mine=True))


@login_required
@require_GET
def organization_statement(request: AuthedRequest, slug: str) -> HttpResponse:
    try:
        organization = community_selectors.organization_get(slug=slug)
    except Organization.DoesNotExist as missing:
        raise Http404 from missing
    if not statements.can_see_organization_statement(request.user, organization):
        raise PermissionDenied
    statement = statements.statement_of_organization(organization_id=organization.pk)
    return render(request, PAGE, _context(request, statement, organization=organization))


@login_required
@require_GET
def person_statement_at_place(request: AuthedRequest, slug: str, person_id: int) -> HttpResponse:
    try:
        place = place_selectors.place_get(slug=slug)
    except Place.DoesNotExist as missing:
        raise Http404 from missing
    # Someone the concierge may not see is unknown to them (404, as on the person pages).
    if not statements.can_see_person_statement_at_place(request.user, person_id, place.pk):
        raise Http404
    try:
        person = statements.person_get(pk=person_id)
    except Person.DoesNotExist as missing:
        raise Http404 from missing
    statement = statements.statement_of_person(person_id=person.pk, place_id=place.pk)
    return render(request, PAGE, _context(request, statement, subject=person, place=place))
