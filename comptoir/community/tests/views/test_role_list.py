from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.community.models import PlaceRole, Role
from comptoir.community.tests.factories import (
    OrganizationFactory,
    PersonFactory,
    PlaceRoleFactory,
)

pytestmark = pytest.mark.django_db


def url(place):
    return reverse("community:role-list", args=[place.slug])


def data(email, **changes):
    values = {
        "email": email,
        "role": Role.NOMAD,
        "organization": "",
        "valid_from": "2030-01-01",
        "valid_until": "2030-06-30",
        "note": "Carnet de 10",
    }
    values.update(changes)
    return values


def test_anonymous_visitors_are_sent_to_log_in(client, place):
    response = client.get(url(place))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("person", 403),
        ("other_concierge", 403),
        ("concierge", 200),
        ("occasional_concierge", 200),
        ("superuser", 200),
    ],
)
def test_only_concierges_of_the_place_and_admins_manage_roles(login, request, place, who, status):
    assert login(request.getfixturevalue(who)).get(url(place)).status_code == status


def test_a_member_of_the_place_may_not(login, place):
    nomad = PlaceRoleFactory(place=place, role=Role.RESIDENT).person
    assert login(nomad).get(url(place)).status_code == 403


def test_an_unknown_place_is_a_404(concierge_client):
    assert concierge_client.get("/lieux/nulle-part/roles/").status_code == 404


def test_it_lists_the_current_roles_of_this_place_only(concierge_client, place, other_place):
    PlaceRoleFactory(place=place, role=Role.NOMAD, person=PersonFactory(first_name="Ici"))
    PlaceRoleFactory(place=other_place, person=PersonFactory(first_name="Ailleurs"))
    PlaceRoleFactory(
        place=place,
        person=PersonFactory(first_name="Parti"),
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    body = concierge_client.get(url(place)).content.decode()
    assert "Ici" in body and "Claire" in body
    assert "Ailleurs" not in body and "Parti" not in body


def test_it_filters_by_role_and_searches_with_an_htmx_partial(concierge_client, place):
    PlaceRoleFactory(place=place, role=Role.NOMAD, person=PersonFactory(email="lea@x.org"))
    PlaceRoleFactory(place=place, role=Role.RESIDENT, person=PersonFactory(email="marc@x.org"))
    response = concierge_client.get(
        url(place), {"q": "x.org", "role": "resident"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="role-rows"')
    assert "<html" not in body
    assert "marc@x.org" in body and "lea@x.org" not in body


def test_an_occasional_concierge_is_offered_member_roles_only(login, occasional_concierge, place):
    form = login(occasional_concierge).get(url(place)).context["form"]
    offered = {value for value, _label in form.fields["role"].choices if value}
    assert offered == {Role.RESIDENT, Role.NOMAD, Role.TRAVELLER}
    assert form.fields["role"].choices[0][0] == ""  # nothing preselected


def test_a_permanent_concierge_is_offered_every_role(concierge_client, place):
    form = concierge_client.get(url(place)).context["form"]
    assert {value for value, _label in form.fields["role"].choices if value} == set(Role.values)


def test_the_end_button_shows_only_for_roles_one_may_end(login, occasional_concierge, place):
    nomad = PlaceRoleFactory(place=place, role=Role.NOMAD)
    concierge_role = PlaceRole.objects.get(person=occasional_concierge)
    body = login(occasional_concierge).get(url(place)).content.decode()
    assert reverse("community:role-end", args=[place.slug, nomad.pk]) in body
    assert reverse("community:role-end", args=[place.slug, concierge_role.pk]) not in body


# --- Assigning ---------------------------------------------------------------------------------


def test_a_concierge_gives_a_role(concierge_client, concierge, place):
    someone = PersonFactory(email="nomade@example.org")
    response = concierge_client.post(url(place), data(" Nomade@Example.org "))
    assert response.status_code == 302
    assert response["Location"] == url(place)
    place_role = PlaceRole.objects.get(person=someone)
    assert (place_role.role, place_role.place) == (Role.NOMAD, place)
    assert place_role.valid_from == datetime.date(2030, 1, 1)
    assert place_role.valid_until == datetime.date(2030, 6, 30)
    assert place_role.note == "Carnet de 10"


def test_a_resident_role_names_its_structure_by_slug(concierge_client, place):
    someone = PersonFactory()
    org = OrganizationFactory(slug="openscop")
    response = concierge_client.post(
        url(place), data(someone.email, role=Role.RESIDENT, organization="openscop")
    )
    assert response.status_code == 302
    assert PlaceRole.objects.get(person=someone).organization == org


def test_an_open_ended_role_needs_no_end_date(concierge_client, place):
    someone = PersonFactory()
    assert concierge_client.post(url(place), data(someone.email, valid_until="")).status_code == 302
    assert PlaceRole.objects.get(person=someone).valid_until is None


def _refused(response, field):
    assert response.status_code == 422
    assert field in response.context["form"].errors
    return response


def test_an_unknown_email_is_a_field_error(concierge_client, place):
    _refused(concierge_client.post(url(place), data("nobody@example.org")), "email")
    assert PlaceRole.objects.count() == 1  # the concierge's own


def test_an_unknown_structure_is_a_field_error(concierge_client, place):
    someone = PersonFactory()
    _refused(
        concierge_client.post(url(place), data(someone.email, organization="x")), "organization"
    )
    assert not PlaceRole.objects.filter(person=someone).exists()


def test_an_overlapping_period_is_a_field_error(concierge_client, place):
    someone = PersonFactory()
    PlaceRoleFactory(
        person=someone,
        place=place,
        role=Role.NOMAD,
        valid_from=datetime.date(2030, 3, 1),
        valid_until=None,
    )
    response = _refused(concierge_client.post(url(place), data(someone.email)), "valid_from")
    assert 'aria-invalid="true"' in response.content.decode()
    assert PlaceRole.objects.filter(person=someone).count() == 1


def test_an_end_before_the_start_is_a_field_error(concierge_client, place):
    someone = PersonFactory()
    _refused(
        concierge_client.post(url(place), data(someone.email, valid_until="2029-12-31")),
        "valid_until",
    )
    assert not PlaceRole.objects.filter(person=someone).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("valid_from", "not a date"), ("valid_from", ""), ("role", "astronaut"), ("email", "nope")],
)
def test_malformed_input_is_a_field_error(concierge_client, place, field, value):
    someone = PersonFactory()
    posted = {**data(someone.email), field: value}
    _refused(concierge_client.post(url(place), posted), field)
    assert not PlaceRole.objects.filter(person=someone).exists()


@pytest.mark.parametrize("role", [Role.CONCIERGE_PERMANENT, Role.CONCIERGE_OCCASIONAL])
def test_an_occasional_concierge_posting_a_concierge_role_gets_a_403(
    login, occasional_concierge, place, role
):
    someone = PersonFactory()
    response = login(occasional_concierge).post(url(place), data(someone.email, role=role))
    assert response.status_code == 403
    assert not PlaceRole.objects.filter(person=someone).exists()


@pytest.mark.parametrize("who", ["person", "other_concierge"])
def test_others_posting_get_a_403(login, request, place, who):
    someone = PersonFactory()
    response = login(request.getfixturevalue(who)).post(url(place), data(someone.email))
    assert response.status_code == 403
    assert not PlaceRole.objects.filter(person=someone).exists()


def test_anonymous_posting_is_sent_to_log_in(client, place):
    someone = PersonFactory()
    assert client.post(url(place), data(someone.email)).status_code == 302
    assert not PlaceRole.objects.filter(person=someone).exists()


def test_a_superuser_may_make_a_concierge(login, superuser, place):
    someone = PersonFactory()
    response = login(superuser).post(url(place), data(someone.email, role=Role.CONCIERGE_PERMANENT))
    assert response.status_code == 302


@pytest.mark.parametrize("count", [3, 15])
def test_query_count_does_not_grow(concierge_client, place, django_assert_num_queries, count):
    for _ in range(count):
        PlaceRoleFactory(place=place, role=Role.RESIDENT, organization=OrganizationFactory())
    # session, user, place, concierge's roles, count, page.
    with django_assert_num_queries(6):
        assert concierge_client.get(url(place)).status_code == 200


def test_a_role_must_be_chosen(concierge_client, place):
    someone = PersonFactory()
    response = concierge_client.post(url(place), data(someone.email, role=""))
    assert response.status_code == 422
    assert response.context["form"].errors["role"]
    assert not someone.place_roles.exists()
