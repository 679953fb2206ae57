"""save_chained: new rows that reference each other, in one statement on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Model

from comptoir.core.chained import IdOf, save_chained, save_in_order
from comptoir.core.models import AuditEvent
from comptoir.places.models import Network, Place

pytestmark = pytest.mark.django_db

SAVERS = [pytest.param(save_chained, id="chained"), pytest.param(save_in_order, id="in-order")]


def linked_rows(slug: str = "reseau-chaine") -> tuple[Network, Place, AuditEvent]:
    network = Network(name="Réseau chaîné", slug=slug)
    place = Place(network=network, name="Lieu chaîné", slug=f"{slug}-lieu", opening_hours="24/7")
    event = AuditEvent(
        verb="place.created",
        target_type="places.place",
        target_id=IdOf(place),  # type: ignore[misc]
        target_repr="Lieu chaîné",
        data={"why": "test"},
    )
    return network, place, event


@pytest.mark.parametrize("save", SAVERS)
def test_it_saves_rows_that_point_to_each_other(save: Callable[[Sequence[Model]], None]) -> None:
    network, place, event = linked_rows()

    save([network, place, event])

    assert network.pk and place.pk and event.pk
    assert place.network_id == network.pk and place.network is network
    assert event.target_id == str(place.pk)
    stored = Place.objects.select_related("network").get(pk=place.pk)
    assert stored.network.slug == "reseau-chaine" and stored.created_at is not None
    assert AuditEvent.objects.get(pk=event.pk).data == {"why": "test"}
    assert not place._state.adding and place._state.db == "default"


def test_on_postgresql_it_is_one_statement(django_assert_num_queries) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the single statement is PostgreSQL's; elsewhere rows are saved in order")
    with django_assert_num_queries(1):
        save_chained(list(linked_rows()))


@pytest.mark.parametrize("save", SAVERS)
def test_a_refused_row_saves_none_of_them(save: Callable[[Sequence[Model]], None]) -> None:
    Network.objects.create(name="Déjà là", slug="deja-la-lieu")
    network, place, event = linked_rows("deja-la")
    place.slug = "deja-la"
    Place.objects.create(network=Network.objects.get(slug="deja-la-lieu"), name="x", slug="deja-la")

    with pytest.raises(IntegrityError), transaction.atomic():
        save([network, place, event])

    assert not Network.objects.filter(slug="deja-la").exists()
    assert not AuditEvent.objects.filter(verb="place.created").exists()
