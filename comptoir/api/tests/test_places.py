from __future__ import annotations

import pytest

from comptoir.api.tests.conftest import ApiClient, assert_error, token_for
from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.core.models import AuditEvent
from comptoir.places.models import Place
from comptoir.places.tests.factories import NetworkFactory, PlaceFactory, SpaceFactory

pytestmark = pytest.mark.django_db


def test_it_lists_places_to_anonymous_callers(anonymous_api, place):
    response = anonymous_api.get("/places")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["slug"] == place.slug
    assert body["items"][0]["network"] == place.network.slug


def test_it_hides_inactive_places(anonymous_api, place):
    PlaceFactory(is_active=False)

    assert anonymous_api.get("/places").json()["count"] == 1


def test_it_filters_places_by_network_and_typology(anonymous_api):
    epn = PlaceFactory(typology=["TIERS_LIEUX", "EPN"])
    PlaceFactory(typology=["FABLAB"])
    elsewhere = PlaceFactory(network=NetworkFactory(slug="ailleurs", name="Ailleurs"))

    by_typology = anonymous_api.get("/places", typology="EPN").json()
    by_network = anonymous_api.get("/places", network="ailleurs").json()

    assert [p["slug"] for p in by_typology["items"]] == [epn.slug]
    assert [p["slug"] for p in by_network["items"]] == [elsewhere.slug]


def test_it_refuses_an_unknown_typology(anonymous_api):
    assert_error(anonymous_api.get("/places", typology="CASINO"), 422, "invalid_params")


def test_it_shows_a_place_with_its_opening_state_and_spaces(anonymous_api):
    place = PlaceFactory(opening_hours="24/7")
    SpaceFactory(place=place, name="Coworking")
    SpaceFactory(place=place, name="Fermé", is_active=False)

    body = anonymous_api.get(f"/places/{place.slug}").json()

    assert body["is_open_now"] is True
    assert body["opening_hours_known"] is True
    assert [s["name"] for s in body["spaces"]] == ["Coworking"]


def test_it_says_when_a_closed_place_opens_next(anonymous_api):
    place = PlaceFactory(opening_hours="off")

    body = anonymous_api.get(f"/places/{place.slug}").json()

    assert body["is_open_now"] is False
    assert body["next_change"] is None


def test_it_answers_404_for_an_unknown_place(anonymous_api):
    assert_error(anonymous_api.get("/places/nulle-part"), 404, "not_found")


def test_it_pins_the_query_count_of_the_place_list(anonymous_api, django_assert_num_queries):
    # count + page, whatever the number of places.
    PlaceFactory.create_batch(3)
    with django_assert_num_queries(2):
        assert anonymous_api.get("/places").json()["count"] == 3
    PlaceFactory.create_batch(12)
    with django_assert_num_queries(2):
        assert anonymous_api.get("/places").json()["count"] == 15


def test_it_pages_places_with_a_limit_of_at_most_100(anonymous_api):
    PlaceFactory.create_batch(5)

    page = anonymous_api.get("/places", limit=2, offset=4).json()
    clamped = anonymous_api.get("/places", limit=1000).json()

    assert page["count"] == 5 and len(page["items"]) == 1
    assert len(clamped["items"]) == 5
    assert_error(anonymous_api.get("/places", limit=0), 422, "invalid_params")
    assert_error(anonymous_api.get("/places", offset=-1), 422, "invalid_params")


def test_it_clamps_the_limit_to_100(anonymous_api):
    PlaceFactory.create_batch(101)

    assert len(anonymous_api.get("/places", limit=500).json()["items"]) == 100


def test_a_permanent_concierge_updates_their_place(concierge_api, place, concierge):
    response = concierge_api.patch(
        f"/places/{place.slug}", {"summary": "Café-atelier", "opening_hours": "Mo-Sa 10:00-19:00"}
    )

    assert response.status_code == 200, response.content
    place.refresh_from_db()
    assert place.summary == "Café-atelier"
    assert place.opening_hours == "Mo-Sa 10:00-19:00"
    assert AuditEvent.objects.filter(verb="place.updated", actor=concierge).exists()


def test_invalid_opening_hours_are_a_field_error_and_nothing_is_saved(concierge_api, place):
    response = concierge_api.patch(
        f"/places/{place.slug}", {"summary": "Nouveau", "opening_hours": "lundi matin"}
    )

    body = assert_error(response, 422, "invalid")
    assert "opening_hours" in body["fields"]
    place.refresh_from_db()
    assert place.summary == "" and place.opening_hours == "Mo-Fr 09:00-18:00"


def test_an_occasional_concierge_may_not_edit_the_place(place):
    who = PersonFactory()
    PlaceRoleFactory(person=who, place=place, role=Role.CONCIERGE_OCCASIONAL)

    response = ApiClient(token_for(who)).patch(f"/places/{place.slug}", {"summary": "Non"})

    assert_error(response, 403, "forbidden")


@pytest.mark.parametrize(
    ("caller", "status", "code"),
    [
        ("anonymous_api", 401, "unauthenticated"),
        ("member_api", 403, "forbidden"),
        ("other_concierge_api", 403, "forbidden"),
    ],
)
def test_others_may_not_edit_a_place(request, place, caller, status, code):
    api = request.getfixturevalue(caller)

    assert_error(api.patch(f"/places/{place.slug}", {"summary": "Piraté"}), status, code)
    assert Place.objects.get(pk=place.pk).summary == ""


def test_a_network_admin_may_edit_any_place(place):
    admin = PersonFactory(is_superuser=True, is_staff=True)

    response = ApiClient(token_for(admin)).patch(f"/places/{place.slug}", {"commune": "Lyon"})

    assert response.status_code == 200
    assert response.json()["commune"] == "Lyon"


def test_a_place_says_whose_public_holidays_apply(anonymous_api):
    moselle = PlaceFactory(holiday_region="57")

    body = anonymous_api.get(f"/places/{moselle.slug}").json()

    assert (body["country"], body["holiday_region"]) == ("FR", "57")


def test_a_concierge_sets_the_country_and_region_of_public_holidays(
    concierge_api, place, concierge
):
    moselle = concierge_api.patch(f"/places/{place.slug}", {"holiday_region": "57"})

    assert moselle.status_code == 200, moselle.content
    assert (moselle.json()["country"], moselle.json()["holiday_region"]) == ("FR", "57")
    place.refresh_from_db()
    assert (place.country, place.holiday_region) == ("FR", "57")
    event = AuditEvent.objects.filter(verb="place.updated", actor=concierge).latest("pk")
    assert event.data["fields"] == ["holiday_region"]

    url = f"/places/{place.slug}"
    bavaria = concierge_api.patch(url, {"country": "DE", "holiday_region": "BY"})
    national = concierge_api.patch(url, {"holiday_region": ""})

    assert bavaria.status_code == 200, bavaria.content
    assert national.status_code == 200, national.content
    place.refresh_from_db()
    assert (place.country, place.holiday_region) == ("DE", "")


@pytest.mark.parametrize(
    ("body", "field", "named"),
    [
        ({"country": "XX"}, "country", ["XX", "ISO 3166-1"]),
        ({"country": "fr"}, "country", ["fr", "FR"]),  # the code is in capitals
        ({"country": ""}, "country", ["ISO 3166-1"]),
        ({"holiday_region": "99"}, "holiday_region", ["99", "FR"]),
        ({"holiday_region": "Bavaria"}, "holiday_region", ["Bavaria", "FR"]),
        ({"country": "DE", "holiday_region": "57"}, "holiday_region", ["57", "DE"]),
    ],
)
def test_an_unknown_country_or_region_is_a_field_error_and_nothing_is_saved(
    concierge_api, place, body, field, named
):
    response = concierge_api.patch(f"/places/{place.slug}", {"summary": "Nouveau", **body})

    error = assert_error(response, 422, "invalid")
    assert list(error["fields"]) == [field]
    assert all(part in " ".join(error["fields"][field]) for part in named), error
    place.refresh_from_db()
    assert (place.summary, place.country, place.holiday_region) == ("", "FR", "")


def test_a_new_country_needs_a_region_of_its_own(concierge_api, place):
    place.holiday_region = "57"
    place.save()

    response = concierge_api.patch(f"/places/{place.slug}", {"country": "DE"})

    error = assert_error(response, 422, "invalid")
    assert "57" in error["fields"]["holiday_region"][0]
    place.refresh_from_db()
    assert (place.country, place.holiday_region) == ("FR", "57")


@pytest.mark.parametrize(
    "body",
    [
        {"summary": 12},
        {"summary": None},
        {"latitude": "nord"},
        {"typology": ["CASINO"]},
        {"typology": "EPN"},
        {"country": None},
        {"holiday_region": 57},
        {"sumary": "typo"},
        [],
        "summary",
        5,
    ],
)
def test_malformed_place_bodies_are_refused(concierge_api, place, body):
    body = assert_error(concierge_api.patch(f"/places/{place.slug}", body), 422, "invalid_body")

    assert body["fields"]


def test_invalid_json_is_a_400(concierge_api, place):
    assert_error(concierge_api.patch(f"/places/{place.slug}", raw="{summary:"), 400, "invalid_json")
