from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.community.models import Role
from comptoir.core.models import AuditEvent
from comptoir.places.models import Place
from comptoir.places.tests.factories import PlaceFactory
from comptoir.places.tests.helpers import nomad, occasional_concierge, person_with_role, superuser

pytestmark = pytest.mark.django_db


def url(place):
    return reverse("places:place-edit", kwargs={"slug": place.slug})


def form_data(place, **changes):
    data = {
        "name": place.name,
        "summary": place.summary,
        "description": place.description,
        "address": place.address,
        "postal_code": place.postal_code,
        "commune": place.commune,
        "insee_code": place.insee_code,
        "latitude": "45.443700",
        "longitude": "4.395800",
        "timezone": place.timezone,
        "opening_hours": place.opening_hours,
        "services": "Coworking\nMédiation numérique\n\nGive Box",
        "typology": ["TIERS_LIEUX", "EPN"],
    }
    data.update(changes)
    return data


def client_for(person):
    client = Client()
    client.force_login(person)
    return client


def test_it_sends_anonymous_visitors_to_the_login_page(place):
    response = Client().get(url(place))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("who", ["nomad", "occasional", "other_place_concierge"])
def test_it_forbids_everyone_but_permanent_concierges_of_the_place(place, who):
    person = {
        "nomad": lambda: nomad(place),
        "occasional": lambda: occasional_concierge(place),
        "other_place_concierge": lambda: person_with_role(PlaceFactory(), Role.CONCIERGE_PERMANENT),
    }[who]()
    client = client_for(person)
    assert client.get(url(place)).status_code == 403
    assert client.post(url(place), form_data(place, name="Piraté")).status_code == 403
    assert Place.objects.get(pk=place.pk).name != "Piraté"


def test_it_shows_the_form_with_labels_to_a_permanent_concierge(place, concierge):
    response = client_for(concierge).get(url(place))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'for="id_opening_hours"' in html
    assert 'name="typology"' in html


def test_the_form_keeps_the_syntax_and_reads_it_out_as_the_public_pages_do(place, concierge):
    place.opening_hours = "Mo-Fr 09:00-18:00; PH off"
    place.save()
    html = client_for(concierge).get(url(place)).content.decode()
    assert 'value="Mo-Fr 09:00-18:00; PH off"' in html
    assert "Se lit : Du lundi au vendredi, 9 h – 18 h · fermé les jours fériés" in html


def test_it_saves_a_valid_edit_and_audits_it(place, concierge):
    response = client_for(concierge).post(
        url(place), form_data(place, name="Comptoir Numérique", opening_hours="Mo-Fr 09:00-19:00")
    )
    assert response.status_code == 302
    assert response["Location"] == place.get_absolute_url()
    place.refresh_from_db()
    assert place.name == "Comptoir Numérique"
    assert place.opening_hours == "Mo-Fr 09:00-19:00"
    assert place.services == ["Coworking", "Médiation numérique", "Give Box"]
    assert place.typology == ["TIERS_LIEUX", "EPN"]
    event = AuditEvent.objects.get(verb="place.updated")
    assert event.place_id == place.pk and event.actor_id == concierge.pk
    assert "name" in event.data["fields"]


def test_it_lets_a_network_admin_edit_any_place(place):
    response = client_for(superuser()).post(url(place), form_data(place, commune="Firminy"))
    assert response.status_code == 302
    assert Place.objects.get(pk=place.pk).commune == "Firminy"


def test_it_answers_422_with_a_field_error_on_invalid_opening_hours_and_saves_nothing(
    place, concierge
):
    before = Place.objects.get(pk=place.pk)
    response = client_for(concierge).post(
        url(place), form_data(place, name="Renommé", opening_hours="lundi 9h-18h")
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert list(form.errors) == ["opening_hours"]
    after = Place.objects.get(pk=place.pk)
    assert (after.name, after.opening_hours) == (before.name, before.opening_hours)
    assert not AuditEvent.objects.filter(verb="place.updated").exists()


def test_it_answers_422_on_other_bad_input(place, concierge):
    response = client_for(concierge).post(
        url(place),
        form_data(
            place, postal_code="4200", latitude="123", timezone="Mars/Olympus", typology=["X"]
        ),
    )
    assert response.status_code == 422
    assert {"postal_code", "latitude", "timezone", "typology"} <= set(
        response.context["form"].errors
    )


def test_it_answers_404_for_an_unknown_place(concierge):
    assert client_for(concierge).get("/lieux/nulle-part/modifier/").status_code == 404


def test_a_concierge_sets_the_region_whose_public_holidays_apply(place, concierge):
    client = client_for(concierge)
    page = client.get(url(place)).content.decode()
    assert '<select name="holiday_region"' in page and 'value="57"' in page

    response = client.post(url(place), form_data(place, country="fr", holiday_region="57"))

    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.country, place.holiday_region) == ("FR", "57")


def test_an_unknown_region_is_refused_with_a_message(place, concierge):
    response = client_for(concierge).post(url(place), form_data(place, holiday_region="99"))

    assert response.status_code == 422
    assert "holiday_region" in response.context["form"].errors
    place.refresh_from_db()
    assert place.holiday_region == ""


def test_an_unknown_country_is_refused_with_a_message(place, concierge):
    response = client_for(concierge).post(url(place), form_data(place, country="XX"))

    assert response.status_code == 422
    assert "country" in response.context["form"].errors
