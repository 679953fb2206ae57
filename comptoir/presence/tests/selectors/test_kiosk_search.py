"""The desk's search as you type: folded names, the best matches first, a row saying what
lets each person in (their own and their structure's subscriptions), in few queries."""

from __future__ import annotations

import pytest

from comptoir.access import services as access
from comptoir.access.models import Plan
from comptoir.access.tests.factories import subscription_plan
from comptoir.community.models import Role
from comptoir.community.tests.factories import AffiliationFactory, OrganizationFactory
from comptoir.presence import selectors
from comptoir.presence.tests.views.conftest import member_of

pytestmark = pytest.mark.django_db


def names(rows):
    return [row.person.display_name for row in rows]


@pytest.mark.parametrize("typed", ["Eloise", "eloise", "ÉLOÏSE", "Éloïse", "  eLoÏse ", "loïs"])
def test_a_name_is_found_with_or_without_its_accents(place, concierge, typed):
    member_of(place, first_name="Éloïse", last_name="Œuvray")
    found = selectors.kiosk_search(place=place, query=typed, viewer=concierge)
    assert names(found) == ["Éloïse Œuvray"]


def test_ligatures_fold_too(place, concierge):
    member_of(place, first_name="Éloïse", last_name="Œuvray")
    assert names(selectors.kiosk_search(place=place, query="oeuv", viewer=concierge)) == [
        "Éloïse Œuvray"
    ]


def test_names_that_start_with_what_is_typed_come_first(place, concierge):
    for first, last in [("Anne", "Marmont"), ("Mara", "Zed"), ("Camara", "Bah"), ("Mar", "Y")]:
        member_of(place, first_name=first, last_name=last)
    found = names(selectors.kiosk_search(place=place, query="mar", viewer=concierge))
    # Names starting with "mar", then a word starting with it, then inside a word.
    assert found == ["Mar Y", "Mara Zed", "Anne Marmont", "Camara Bah"]


def test_short_words_match_the_start_of_a_word_in_name_order(place, concierge):
    for first, last in [("Zoé", "Ma"), ("Anne", "Lima"), ("Bob", "Martin")]:
        member_of(place, first_name=first, last_name=last)
    found = names(selectors.kiosk_search(place=place, query="ma", viewer=concierge))
    assert found == ["Bob Martin", "Zoé Ma"]


def test_a_whole_email_comes_first(place, concierge):
    member_of(place, first_name="Paul", last_name="Durand", email="paul@a.example")
    member_of(place, first_name="Aline", last_name="Paul", email="aline@paul.a.example")
    found = selectors.kiosk_search(place=place, query="paul@a.example", viewer=concierge)
    assert names(found) == ["Paul Durand"]
    found = selectors.kiosk_search(place=place, query="paul", viewer=concierge)
    assert names(found) == ["Paul Durand", "Aline Paul"]


def test_a_row_says_the_roles_here_and_the_structures_subscription(place, concierge):
    person = member_of(place, Role.RESIDENT, first_name="Rita", last_name="Résidente")
    structure = OrganizationFactory()
    AffiliationFactory(person=person, organization=structure)
    plan = subscription_plan(place, name="Résidence", holder=Plan.Holder.ORGANIZATION)
    access.plan_sell(
        plan=plan,
        place=place,
        by=concierge,
        person=person,
        organization=structure,
        payment_method="cash",
    )
    [row] = selectors.kiosk_search(place=place, query="rita", viewer=concierge)
    assert [(s.plan.name, s.organization) for s in row.subscriptions] == [("Résidence", structure)]
    assert row.roles == [str(Role.RESIDENT.label)]
    assert row.has_access and row.open_visit is None and not row.day_pass


@pytest.mark.parametrize("count", [2, 30])
def test_the_search_reads_the_same_number_of_queries_at_any_size(
    place, concierge, django_assert_num_queries, count
):
    for n in range(count):
        member_of(place, first_name=f"Zoé{n}", last_name="Lambert")
    concierge.refresh_from_db()
    selectors.kiosk_search(place=place, query="warm", viewer=concierge)  # the roles, cached
    # The matches with what they hold here, their books, their subscriptions.
    with django_assert_num_queries(3):
        found = selectors.kiosk_search(place=place, query="lambert", viewer=concierge)
    assert len(found) == min(count, selectors.KIOSK_RESULTS)


def test_a_short_word_after_a_name_starts_a_word(place, concierge):
    member_of(place, first_name="Inès", last_name="Barbier")
    member_of(place, first_name="Inès", last_name="Robert")
    found = selectors.kiosk_search(place=place, query="ines b", viewer=concierge)
    assert names(found) == ["Inès Barbier"]
