from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from comptoir.conciergerie.exceptions import ContactMissing, ServiceInvalid, ServiceNotOffered
from comptoir.conciergerie.models import Parcel, Request, Service
from comptoir.conciergerie.tests.factories import make_parcel, make_request, make_service, png_bytes
from comptoir.core.models import Photo

pytestmark = pytest.mark.django_db


def said(response, message) -> bool:
    """The page shows this message, in the page's language (French)."""
    with translation.override("fr"):
        return escape(translation.gettext(str(message))) in response.content.decode()


def _ask(place, service):
    return reverse("conciergerie:request-create", args=[place.slug, service.pk])


def test_the_catalogue_is_public_and_a_neighbour_asks_with_a_contact(client, place, keys):
    page = client.get(reverse("conciergerie:catalogue", args=[place.slug]))
    assert page.status_code == 200 and "Garde de clés" in page.content.decode()
    prefix = f"s{keys.pk}-"
    response = client.post(
        _ask(place, keys), {prefix + "contact_name": "Jo", prefix + "contact_email": "jo@ex.org"}
    )
    assert response.status_code == 302
    assert Request.objects.get().contact_email == "jo@ex.org"


def test_a_neighbour_without_a_contact_is_told_and_nothing_saved(client, place, keys):
    response = client.post(_ask(place, keys), {f"s{keys.pk}-contact_name": "Jo"})
    assert response.status_code == 422
    assert said(response, ContactMissing.default_message)
    assert not Request.objects.exists()


def test_a_service_not_offered_to_the_role_is_a_422_and_nothing_saved(login, place, nomad):
    pressing = make_service(place, name="Pressing", roles=["resident"], price_cents=900)
    response = login(nomad).post(_ask(place, pressing), {f"s{pressing.pk}-details": "2 chemises"})
    assert response.status_code == 422
    assert said(response, ServiceNotOffered.default_message)
    assert not Request.objects.exists()


def test_a_member_asks_then_follows_and_the_desk_takes_it(login, place, printing, nomad, concierge):
    response = login(nomad).post(_ask(place, printing), {f"s{printing.pk}-details": "20 pages"})
    request = Request.objects.get()
    assert response.url == reverse("conciergerie:request-detail", args=[request.pk])
    assert login(nomad).get(response.url).status_code == 200
    assert login(nomad).get(reverse("conciergerie:my-requests")).status_code == 200
    move = reverse("conciergerie:request-move", args=[request.pk])
    assert login(nomad).post(move, {"to": "taken"}).status_code == 403
    assert login(concierge).post(move, {"to": "taken"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "taken" and request.assignee == concierge


def test_someone_else_does_not_see_a_request(login, printing, nomad, person):
    request = make_request(printing, nomad)
    url = reverse("conciergerie:request-detail", args=[request.pk])
    assert login(person).get(url).status_code == 404


def test_the_queue_reads_a_fixed_number_of_queries(
    login, place, printing, concierge, django_assert_max_num_queries
):
    from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory

    for _ in range(15):
        member = PersonFactory()
        PlaceRoleFactory(person=member, place=place, role="resident")
        make_request(printing, member)
    client = login(concierge)
    url = reverse("conciergerie:queue", args=[place.slug])
    client.get(url)  # a warm session
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("conciergerie/demandes/") >= 15


def test_only_the_desk_opens_the_queue_and_the_parcels(login, place, nomad):
    for name in ("queue", "parcels", "services"):
        assert (
            login(nomad).get(reverse(f"conciergerie:{name}", args=[place.slug])).status_code == 403
        )


def test_a_concierge_adds_a_service(login, place, concierge):
    url = reverse("conciergerie:service-create", args=[place.slug])
    data = {"kind": "printing", "name": "Scan", "price": "1,50", "delay_hours": "2"}
    assert login(concierge).post(url, data).status_code == 302
    assert Service.objects.get(name="Scan").price_cents == 150
    data = {**data, "name": "Scan payant ouvert", "open_to_neighbours": "on"}
    response = login(concierge).post(url, data)
    assert response.status_code == 422 and said(response, ServiceInvalid.default_message)


def _log(client, place, **data):
    return client.post(reverse("conciergerie:parcel-create", args=[place.slug]), data)


def test_a_parcel_for_nobody_is_a_422_and_nothing_saved(login, place, concierge):
    client = login(concierge)
    response = _log(client, place, addressee_email="personne@nulle.part", carrier="DPD")
    assert response.status_code == 422
    assert said(response, "Nobody has this email address in Comptoir.")
    response = _log(client, place, addressee_email="", carrier="DPD")
    assert response.status_code == 422
    assert said(response, "A parcel is for someone: give the email of the person it is for.")
    assert not Parcel.objects.exists()


def test_a_photo_that_is_not_an_image_is_a_422_and_nothing_saved(login, place, concierge, nomad):
    fake = SimpleUploadedFile("colis.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = _log(login(concierge), place, addressee_email=nomad.email, carrier="DPD", photo=fake)
    assert response.status_code == 422
    assert response.context["form"].errors["photo"]  # its content is no JPEG: refused
    assert not Parcel.objects.exists() and not Photo.objects.exists()


def test_a_parcel_is_logged_with_a_photo_and_handed_over(
    login, place, concierge, nomad, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("colis.png", png_bytes(), content_type="image/png")
    client = login(concierge)
    response = _log(client, place, addressee_email=nomad.email, carrier="DPD", photo=photo)
    assert response.status_code == 302
    parcel = Parcel.objects.get()
    assert Photo.objects.filter(kind="parcel", object_id=parcel.pk).exists()
    url = reverse("conciergerie:parcel-hand-over", args=[place.slug, parcel.pk])
    assert client.post(url, {"collected_by": "Sam (voisin)"}).status_code == 302
    parcel.refresh_from_db()
    assert parcel.status == "handed_over" and parcel.collected_by == "Sam (voisin)"
    mine = login(nomad).get(reverse("conciergerie:my-parcels")).content.decode()
    assert "Sam (voisin)" in mine


def test_the_parcel_log_filters_by_addressee(login, place, concierge, nomad, person):
    make_parcel(place, nomad, by=concierge)
    make_parcel(place, person, by=concierge)
    url = reverse("conciergerie:parcels", args=[place.slug])
    body = login(concierge).get(url, {"pour": nomad.pk}).content.decode()
    assert nomad.display_name in body and person.display_name not in body
    assert login(concierge).get(url, {"pour": "x" * 50}).status_code == 200
