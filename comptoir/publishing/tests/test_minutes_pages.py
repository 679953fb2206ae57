"""A meeting's minutes, published in governance, are held by a page of the documentation
(governance announces them with its `minutes_published` signal, publishing keeps the
page): public as the place's documentation is, linked both ways with the meeting and its
decisions, updated (never duplicated) when the minutes are corrected, each version in its
history. A network's meeting has its page in the network's documentation."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.models import AuditEvent
from comptoir.governance.services.bodies import body_create, member_add
from comptoir.governance.services.meetings import meeting_create, minutes_publish
from comptoir.governance.services.proposals import position_take, proposal_close
from comptoir.governance.tests.factories import make_body, make_proposal
from comptoir.publishing.models import Page, PageRevision

pytestmark = pytest.mark.django_db


def _meeting(body, title: str = "AG 2026"):
    return meeting_create(
        body=body, by=None, kind="general_assembly", title=title, starts_at=timezone.now()
    )


def _links(response) -> list[str]:
    return lxml.html.fromstring(response.content).xpath("//a/@href")


def test_publishing_the_minutes_makes_a_public_page_linked_both_ways(place, concierge, login):
    body, people = make_body(place)
    meeting = _meeting(body)
    proposal = make_proposal(body, people[0], question="Adopter le budget 2027 ?")
    proposal.meeting = meeting
    proposal.save()
    for person in people:
        position_take(proposal=proposal, by=person, stance="agree")
    assert proposal_close(proposal=proposal, by=people[0]).outcome == "adopted"

    meeting_url = reverse("governance:meeting", args=[place.slug, meeting.pk])
    response = login(concierge).post(
        reverse("governance:minutes", args=[place.slug, meeting.pk]),
        {"minutes": "# AG 2026\n\nLe budget est **adopté**."},
    )
    assert response.status_code == 302
    page = Page.objects.get()
    assert (page.place, page.network, page.meeting, page.revision) == (place, None, meeting, 1)
    assert page.title == "AG 2026" and page.updated_by == concierge
    assert AuditEvent.objects.filter(verb="documentation.page_saved").count() == 1

    page_url = reverse("publishing:minutes", args=[place.slug, page.pk])
    # The meeting's page links to the documentation's page…
    assert page_url in _links(login(people[0]).get(meeting_url))
    # …which anyone reads, as the place's documentation, with the way back to the meeting
    # and its decisions.
    public = login(None).get(page_url)
    assert public.status_code == 200
    tree = lxml.html.fromstring(public.content)
    assert tree.xpath("//*[@data-minutes]//strong/text()") == ["adopté"]
    assert meeting_url in _links(public)
    decision = reverse("governance:proposal", args=[place.slug, proposal.pk])
    assert decision in tree.xpath("//*[@data-decisions]//a/@href")
    assert "Adopter le budget 2027 ?" in tree.xpath("string(//*[@data-decisions])")
    # The place's documentation lists it under its governance.
    documentation = login(None).get(reverse("publishing:place", args=[place.slug]))
    assert page_url in lxml.html.fromstring(documentation.content).xpath(
        "//*[@data-minutes-pages]//a/@href"
    )


def test_corrected_minutes_update_the_page_and_its_history(place, concierge, login):
    body, _people = make_body(place)
    meeting = _meeting(body)
    minutes_publish(meeting=meeting, by=concierge, minutes="Présents : 3.\n\nBudget adopté.")
    minutes_publish(meeting=meeting, by=concierge, minutes="Présents : 4.\n\nBudget adopté.")
    minutes_publish(meeting=meeting, by=concierge, minutes="Présents : 4.\n\nBudget adopté.")
    page = Page.objects.get()  # one page, updated
    assert page.revision == 2 and page.body == "Présents : 4.\n\nBudget adopté."
    revisions = list(PageRevision.objects.filter(page=page).order_by("number"))
    assert [r.number for r in revisions] == [1, 2]  # the same text again wrote nothing
    assert revisions[0].body.startswith("Présents : 3.")
    assert revisions[1].author == concierge

    response = login(None).get(reverse("publishing:minutes", args=[place.slug, page.pk]))
    tree = lxml.html.fromstring(response.content)
    latest = tree.xpath("//details[@data-revision='2']")[0]
    assert latest.xpath(".//*[@data-kind='removed']//del/text()") == ["Présents : 3."]
    assert latest.xpath(".//*[@data-kind='added']//ins/text()") == ["Présents : 4."]
    assert tree.xpath("//details[@data-revision='1']")


def test_the_page_is_as_public_as_the_places_documentation(place, concierge, login):
    body, _people = make_body(place)
    meeting = _meeting(body)
    minutes_publish(meeting=meeting, by=concierge, minutes="Rien à signaler.")
    url = reverse("publishing:minutes", args=[place.slug, Page.objects.get().pk])
    assert login(None).get(url).status_code == 200
    place.is_active = False
    place.save()
    assert login(None).get(url).status_code == 404  # its documentation is not shown either
    assert login(None).get(reverse("publishing:place", args=[place.slug])).status_code == 404
    other = reverse("publishing:minutes", args=[place.slug, 999_999])
    assert login(concierge).get(other).status_code == 404


def test_a_networks_meeting_has_its_page_in_the_networks_documentation(place, superuser, login):
    network = place.network
    body = body_create(kind="board", name="Conseil du réseau", network=network, by=None)
    member = PersonFactory()
    PlaceRoleFactory(person=member, place=place, role=Role.RESIDENT)
    member_add(body=body, person=member, by=None)
    meeting = _meeting(body, title="Conseil de juin")
    response = login(superuser).post(
        reverse("governance:network-minutes", args=[network.slug, meeting.pk]),
        {"minutes": "Le conseil a **siégé**."},
    )
    assert response.status_code == 302
    page = Page.objects.get()
    assert (page.place, page.network) == (None, network)
    url = reverse("publishing:network-minutes", args=[network.slug, page.pk])
    meeting_url = reverse("governance:network-meeting", args=[network.slug, meeting.pk])
    assert url in _links(login(member).get(meeting_url))
    read = login(member).get(url)
    assert read.status_code == 200 and meeting_url in _links(read)
    assert login(None).get(url).status_code == 302  # to the login page
    assert login(PersonFactory()).get(url).status_code == 403  # no role anywhere


def test_the_documentation_lists_new_minutes_at_once_though_the_list_is_cached(
    place, concierge, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from comptoir.publishing import selectors

    body, _people = make_body(place)
    first, second = _meeting(body, "AG 2026"), _meeting(body, "CA de mars")
    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(meeting=first, by=concierge, minutes="Budget adopté.")
    assert [t for _pk, t in selectors.minutes_listed_of_place(place=place)] == ["AG 2026"]
    with CaptureQueriesContext(connection) as queries:
        selectors.minutes_listed_of_place(place=place)
    assert len(queries) == 0  # read from the cache
    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(meeting=second, by=concierge, minutes="Trois présents.")
    titles = [t for _pk, t in selectors.minutes_listed_of_place(place=place)]
    assert sorted(titles) == ["AG 2026", "CA de mars"]  # the writer forgot the old list
    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(meeting=first, by=concierge, minutes="Budget adopté. Corrigé.")
    assert len(selectors.minutes_listed_of_place(place=place)) == 2
