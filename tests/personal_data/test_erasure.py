"""Erasure anonymises a person everywhere, keeps what the law requires, and only the person
themself or a network administrator may do it."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.db.models import TextField
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse

from comptoir.access.models import TicketBook, TicketMovement
from comptoir.agenda.models import Registration
from comptoir.billing.models import Order
from comptoir.community import services
from comptoir.community.audit import Verb
from comptoir.community.exceptions import AlreadyErased
from comptoir.community.models import ApiToken, Person, PersonSkill, Visibility
from comptoir.community.tests.factories import PASSWORD, PersonFactory
from comptoir.contributions.models import Contribution, Share
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.presence.models import Visit
from tests.personal_data.world import EMAIL, FIRST, LAST, PHONE

pytestmark = pytest.mark.django_db

# What erasure keeps on purpose: the buyer's snapshot of an order (accounting, 10 years).
KEPT_BY_LAW = {
    ("billing.order", "buyer_name"),
    ("billing.order", "buyer_email"),
    # The direct-debit files sent to the bank, as they were sent.
    ("debits.batch", "xml"),
}
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def rows_mentioning(needle: str) -> list[tuple[str, str, int]]:
    """Every (model, column, pk) of the whole database whose text holds `needle`."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            if (model._meta.label_lower, field.name) in KEPT_BY_LAW:
                continue
            rows = (
                model._default_manager.annotate(_text=Cast(field.attname, TextField()))
                .filter(_text__icontains=needle)
                .values_list("pk", flat=True)
            )
            found += [(model._meta.label_lower, field.name, pk) for pk in rows]
    return found


def test_erasure_leaves_no_personal_data_anywhere(zeph: Any, other: Any) -> None:
    for needle in (EMAIL, FIRST, LAST, PHONE, "zephyrine"):
        assert rows_mentioning(needle), f"the world has no {needle} to erase"
    services.person_erase(person=zeph, by=zeph)
    for needle in (EMAIL, FIRST, LAST, PHONE, "zephyrine"):
        assert rows_mentioning(needle) == [], needle
    # Someone else's data is untouched.
    assert rows_mentioning("barnabe@example.org")
    assert rows_mentioning("Je peux aider O")


def test_the_person_is_anonymised_and_cannot_log_in(zeph: Any) -> None:
    client = Client()
    client.force_login(zeph)
    card = zeph.card_version
    services.person_erase(person=zeph, by=zeph)
    zeph = Person.objects.get(pk=zeph.pk)
    assert zeph.erased_at is not None
    assert zeph.card_version == card + 1  # the printed card no longer opens the desk
    assert zeph.email == f"erased-{zeph.pk}@erased.invalid"
    assert (zeph.first_name, zeph.last_name, zeph.phone, zeph.bio, zeph.pronouns) == ("",) * 5
    assert zeph.directory_visibility == Visibility.HIDDEN and not zeph.show_email
    assert not zeph.is_active and not zeph.has_usable_password()
    assert str(zeph) == f"Personne effacée n°{zeph.pk}"
    assert not PersonSkill.objects.filter(person=zeph).exists()
    assert not zeph.affiliations.exists()
    assert not ApiToken.objects.filter(person=zeph, revoked_at__isnull=True).exists()
    assert not zeph.calendar_feeds.filter(revoked_at__isnull=True).exists()
    # The session she had open is over, and her password no longer works.
    assert client.get(reverse("community:profile")).status_code == 302
    assert not Client().login(email=EMAIL, password=PASSWORD)


def test_erasure_keeps_the_accounting_and_the_counts(zeph: Any) -> None:
    orders = list(Order.objects.filter(buyer=zeph).values_list("pk", "buyer_name", "total_cents"))
    books = {
        book.pk: book.balance for book in TicketBook.objects.with_balance().filter(person=zeph)
    }
    movements = TicketMovement.objects.filter(book__person=zeph).count()
    visits = Visit.objects.filter(person=zeph).count()
    registrations = Registration.objects.filter(person=zeph).values_list("event_id", "status")
    before = list(registrations)
    services.person_erase(person=zeph, by=zeph)
    assert orders and all(name == f"{FIRST} {LAST}" for _pk, name, _total in orders)
    kept = Order.objects.filter(buyer=zeph).values_list("pk", "buyer_name", "total_cents")
    assert list(kept) == orders
    after = {
        book.pk: book.balance for book in TicketBook.objects.with_balance().filter(person=zeph)
    }
    assert after == books
    assert TicketMovement.objects.filter(book__person=zeph).count() == movements
    assert Visit.objects.filter(person=zeph).count() == visits == 1
    assert list(registrations) == before
    assert Contribution.objects.filter(contributor=zeph).count() == 1
    assert Share.objects.filter(person=zeph).count() == 1
    registration = Registration.objects.get(person=zeph)
    assert (registration.email, registration.phone) == ("", "")
    assert registration.identity == f"p:{zeph.pk}"
    # The guest registration she made with her email before having an account is purged.
    guest = Registration.objects.get(person__isnull=True, event__title="Fête")
    assert (guest.email, guest.phone, guest.name) == ("", "", "—")
    assert guest.identity.startswith("h:")


def test_erasure_is_audited(zeph: Any) -> None:
    services.person_erase(person=zeph, by=zeph)
    event = AuditEvent.objects.get(verb=Verb.PERSON_ERASED)
    assert (event.actor_id, event.target_id, event.data) == (
        zeph.pk,
        str(zeph.pk),
        {"by_self": True},
    )


def test_a_network_administrator_may_erase_someone(zeph: Any) -> None:
    admin = PersonFactory(is_superuser=True, is_staff=True)
    services.person_erase(person=zeph, by=admin)
    event = AuditEvent.objects.get(verb=Verb.PERSON_ERASED)
    assert (event.actor_id, event.data) == (admin.pk, {"by_self": False})


def test_nobody_else_may_erase_a_person(zeph: Any, concierge: Any, other: Any) -> None:
    for someone in (concierge, other):
        with pytest.raises(NotAllowed):
            services.person_erase(person=zeph, by=someone)
    assert Person.objects.get(pk=zeph.pk).erased_at is None


def test_erasing_twice_is_refused(zeph: Any) -> None:
    admin = PersonFactory(is_superuser=True, is_staff=True)
    services.person_erase(person=zeph, by=admin)
    with pytest.raises(AlreadyErased):
        services.person_erase(person=zeph, by=admin)


# --- The pages ---------------------------------------------------------------------------


def test_the_person_erases_themself_with_their_password(person: Any, login: Any) -> None:
    client = login(person)
    url = reverse("community:erase-me")
    assert client.get(url).status_code == 200
    refused = client.post(url, {"password": "not-the-password"})
    assert refused.status_code == 422
    assert Person.objects.get(pk=person.pk).erased_at is None
    done = client.post(url, {"password": PASSWORD})
    assert done.status_code == 200
    assert "Données effacées" in done.content.decode()
    assert Person.objects.get(pk=person.pk).erased_at is not None
    assert client.get(reverse("community:profile")).status_code == 302


def test_without_a_password_they_confirm_with_their_email(login: Any) -> None:
    person = PersonFactory(password=None)
    person.set_unusable_password()
    person.save()
    client = login(person)
    url = reverse("community:erase-me")
    assert client.post(url, {"email": "someone@example.org"}).status_code == 422
    assert client.post(url, {"email": person.email.upper()}).status_code == 200
    assert Person.objects.get(pk=person.pk).erased_at is not None


def test_the_administrator_page(zeph: Any, login: Any, concierge: Any) -> None:
    admin = PersonFactory(is_superuser=True, is_staff=True)
    url = reverse("community:person-erase", args=[zeph.pk])
    # Concierges and members do not even see the page.
    for someone in (concierge, zeph, None):
        assert login(someone).get(url).status_code in (302, 404)
        assert login(someone).post(url, {"email": EMAIL}).status_code in (302, 404)
    assert Person.objects.get(pk=zeph.pk).erased_at is None
    client = login(admin)
    detail = client.get(reverse("community:person-detail", args=[zeph.pk])).content.decode()
    assert url in detail
    assert client.post(url, {"email": "wrong@example.org"}).status_code == 422
    assert client.post(url, {"email": EMAIL}).status_code == 200
    assert Person.objects.get(pk=zeph.pk).erased_at is not None
    # Erased already: nothing left to erase.
    assert client.get(url).status_code == 404


def test_bad_input_is_no_server_error(person: Any, login: Any) -> None:
    client = login(person)
    url = reverse("community:erase-me")
    # A NUL, an overlong value, a lone surrogate sent as its (invalid) UTF-8 bytes.
    # The NUL is refused by the input layer (core.inputs, 400) before the form sees it.
    for body, status in (
        ("password=%00", 400),
        ("password=" + "x" * 5000, 422),
        ("password=%ED%A0%80", 422),
        ("email=x", 422),
    ):
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == status
    assert Person.objects.get(pk=person.pk).erased_at is None
