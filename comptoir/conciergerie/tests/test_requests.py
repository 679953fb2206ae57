from __future__ import annotations

import pytest
from django.core import mail

from comptoir.billing.models import Order
from comptoir.conciergerie import services
from comptoir.conciergerie.exceptions import (
    AlreadyTaken,
    ContactMissing,
    MessageEmpty,
    NotTheOwner,
    ServiceInvalid,
    ServiceNotOffered,
    TransitionRefused,
)
from comptoir.conciergerie.models import Message, Request
from comptoir.conciergerie.tests.factories import make_request, make_service
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_member_asks_and_the_desk_is_told(
    printing, nomad, concierge, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(printing, nomad, details="20 pages A4")
    assert request.status == Request.Status.NEW and request.price_cents == 500
    assert sorted(m.to[0] for m in mail.outbox) == sorted([nomad.email, concierge.email])
    assert AuditEvent.objects.filter(verb="conciergerie_request.created").count() == 1


def test_a_service_not_offered_to_the_role_is_refused_and_nothing_saved(place, nomad):
    residents_only = make_service(place, name="Pressing", roles=["resident"], price_cents=900)
    with pytest.raises(ServiceNotOffered):
        make_request(residents_only, nomad)
    assert not Request.objects.exists()


def test_a_withdrawn_service_takes_no_request(printing, nomad):
    services.service_set_active(service=printing, active=False, by=None)
    with pytest.raises(ServiceNotOffered):
        make_request(printing, nomad)


def test_a_neighbour_asks_without_an_account_with_a_contact(keys, printing):
    request = services.request_create(
        service=keys, requester=None, contact_name="Jo", contact_email="jo@example.org", by=None
    )
    assert request.who == "Jo"
    with pytest.raises(ContactMissing):
        services.request_create(service=keys, requester=None, contact_name="Jo", by=None)
    with pytest.raises(ServiceNotOffered):
        services.request_create(
            service=printing, requester=None, contact_email="jo@example.org", by=None
        )


def test_a_paid_service_is_not_open_to_neighbours(place):
    with pytest.raises(ServiceInvalid):
        make_service(place, name="Pressing", price_cents=900, open_to_neighbours=True)


def test_the_lifecycle_runs_and_a_paid_service_done_makes_an_order(
    printing, nomad, concierge, django_capture_on_commit_callbacks
):
    request = make_request(printing, nomad)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_move(request=request, to="taken", by=concierge)
        services.request_move(request=request, to="done", by=concierge, note="Au casier 3")
    request.refresh_from_db()
    assert request.status == "done" and request.assignee == concierge
    order = Order.objects.get(pk=request.order_id)
    assert order.buyer == nomad and order.total_cents == 500
    assert order.status == Order.Status.PENDING
    assert Message.objects.get(request=request).body == "Au casier 3"
    assert [m.to[0] for m in mail.outbox] == [nomad.email, nomad.email]
    with pytest.raises(TransitionRefused):
        services.request_move(request=request, to="cancelled", by=nomad)


def test_a_free_service_done_makes_no_order(keys, nomad, concierge):
    request = make_request(keys, nomad)
    services.request_move(request=request, to="taken", by=concierge)
    services.request_move(request=request, to="done", by=concierge)
    request.refresh_from_db()
    assert request.order_id is None


def test_only_the_owner_closes_a_taken_request(printing, nomad, concierge, occasional_concierge):
    request = make_request(printing, nomad)
    services.request_move(request=request, to="taken", by=concierge)
    with pytest.raises(AlreadyTaken):
        services.request_move(request=request, to="taken", by=occasional_concierge)
    with pytest.raises(NotTheOwner):
        services.request_move(request=request, to="done", by=occasional_concierge)
    with pytest.raises(NotAllowed):
        services.request_move(request=request, to="done", by=nomad)


def test_the_requester_cancels_but_does_not_take(printing, nomad, person):
    request = make_request(printing, nomad)
    with pytest.raises(NotAllowed):
        services.request_move(request=request, to="taken", by=nomad)
    with pytest.raises(NotAllowed):
        services.request_move(request=request, to="cancelled", by=person)
    services.request_move(request=request, to="cancelled", by=nomad)
    assert Request.objects.get(pk=request.pk).status == "cancelled"


def test_messages_go_to_the_other_side(
    printing, nomad, concierge, person, django_capture_on_commit_callbacks
):
    request = make_request(printing, nomad)
    services.request_move(request=request, to="taken", by=concierge)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_add(request=request, body="Recto verso ?", by=concierge)
        services.message_add(request=request, body="Oui", by=nomad)
    assert [m.to[0] for m in mail.outbox] == [nomad.email, concierge.email]
    with pytest.raises(MessageEmpty):
        services.message_add(request=request, body="  ", by=nomad)
    with pytest.raises(NotAllowed):
        services.message_add(request=request, body="Hé", by=person)
