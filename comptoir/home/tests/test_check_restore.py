"""`comptoir_check_restore` passes on a complete database and names each kind of hole a bad
restore leaves: a migration not applied, a table missing, no place or administrator, a
ledger that does not add up, a foreign key pointing nowhere, a file rows refer to but the
storage lacks."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from comptoir.access.models import TicketBook, TicketMovement
from comptoir.access.tests.factories import ticket_book_plan
from comptoir.billing.models import Order, OrderLine
from comptoir.community.tests.factories import PersonFactory
from comptoir.home import restore
from comptoir.publishing.models import PressItem, SharedResource

pytestmark = pytest.mark.django_db


@pytest.fixture
def complete(place: Any, settings: Any, tmp_path: Any) -> Any:
    """A small installation: a place, its administrator, a shared file on disk."""
    settings.MEDIA_ROOT = tmp_path
    PersonFactory(is_superuser=True, is_staff=True)
    resource = SharedResource(place=place, title="Statuts")
    resource.file.save("statuts.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return place


def run(*args: str) -> str:
    out = StringIO()
    call_command("comptoir_check_restore", *args, stdout=out)
    return out.getvalue()


def refused(*args: str) -> str:
    out = StringIO()
    with pytest.raises(CommandError, match="not complete"):
        call_command("comptoir_check_restore", *args, stdout=out)
    return out.getvalue()


def test_a_complete_database_passes(complete: Any) -> None:
    output = run("--counts")

    assert "The restore is complete." in output
    assert "publishing.SharedResource" in output
    assert f"SECRET_KEY fingerprint: {restore.secret_key_fingerprint()}" in output


def test_the_fingerprint_follows_the_key_without_showing_it(settings: Any) -> None:
    settings.SECRET_KEY = "a" * 50
    first = restore.secret_key_fingerprint()
    settings.SECRET_KEY = "b" * 50

    assert first != restore.secret_key_fingerprint() and "a" * 12 not in first


def test_a_missing_file_is_named(complete: Any) -> None:
    resource = SharedResource.objects.get()
    (complete_root := resource.file.storage).delete(resource.file.name)
    assert not complete_root.exists(resource.file.name)

    output = refused()

    assert f"[files] 1 missing for publishing.SharedResource.file: {resource.file.name}" in output
    assert "The restore is complete." in run("--no-files")


def test_an_unapplied_migration_is_named(complete: Any) -> None:
    last = MigrationRecorder.Migration.objects.filter(app="publishing").order_by("-id").first()
    assert last is not None
    last.delete()

    output = refused()

    assert f"[migrations] 1 not applied: publishing.{last.name}" in output


def test_a_missing_table_is_named(complete: Any) -> None:
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute(f"DROP TABLE {PressItem._meta.db_table}")

    output = refused("--counts")

    assert f"[tables] 1 missing: {PressItem._meta.db_table}" in output
    assert "publishing.SharedResource" not in output  # no count of a broken schema


def test_an_empty_database_lacks_places_and_administrators() -> None:
    output = refused()

    assert "[rows] no people" in output
    assert "[rows] no network administrators" in output
    assert "[rows] no places" in output


def test_a_ticket_book_below_zero_is_named(complete: Any) -> None:
    holder = PersonFactory()
    book = TicketBook.objects.create(
        plan=ticket_book_plan(complete),
        person=holder,
        place=complete,
        tickets=10,
        unit="half_day",
        ticket_value_cents=500,
        purchased_on=dt.date(2025, 1, 6),
        expires_on=dt.date(2026, 1, 6),
    )
    TicketMovement.objects.create(
        book=book, kind="consumption", quantity=-1, place=complete, at=timezone.now()
    )

    output = refused()

    assert f"[ledgers] 1 ticket books below zero: {book.pk}" in output


def test_an_order_whose_lines_do_not_add_up_is_named(complete: Any) -> None:
    order = Order.objects.create(place=complete, buyer_name="Rosa", total_cents=1000)
    OrderLine.objects.create(
        order=order, kind="other", description="Café", unit_price_cents=500, total_cents=500
    )
    good = Order.objects.create(place=complete, buyer_name="Ali", total_cents=500)
    OrderLine.objects.create(
        order=good, kind="other", description="Café", unit_price_cents=500, total_cents=500
    )

    output = refused()

    assert f"[ledgers] 1 orders whose lines do not add up: {order.pk}" in output


def test_a_foreign_key_pointing_nowhere_is_named(complete: Any) -> None:
    table = SharedResource._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET place_id = %s", [complete.pk + 10_000])

    output = refused("--no-files")

    with connection.cursor() as cursor:  # the test's own teardown checks constraints too
        cursor.execute(f"UPDATE {table} SET place_id = %s", [complete.pk])
    assert "[constraints]" in output
