"""The deposit given back at the return: a refund line on the deposit's billing order, less
what the place keeps for damage (with a note), never more than was taken; two returns of
one loan at once give it back once (PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from comptoir.billing import services as billing
from comptoir.billing.exceptions import RefundExceedsReceived
from comptoir.billing.models import Order, Payment
from comptoir.community.models import Person
from comptoir.core.tests.races import at_once
from comptoir.lending import exceptions, services
from comptoir.lending.models import DamageNote, Loan
from comptoir.lending.tests.factories import make_item, make_loan


def lent(place, concierge, nomad, deposit_cents: int = 5000, method: str = "card") -> Loan:
    item = make_item(place, concierge, deposit_cents=deposit_cents)
    loan = make_loan(item, nomad, nomad)
    return services.loan_check_out(loan=loan, by=concierge, deposit_method=method)


def refunds(order_id: int | None) -> list[Payment]:
    return list(Payment.objects.filter(order_id=order_id, amount_cents__lt=0))


@pytest.mark.django_db
def test_the_whole_deposit_is_given_back_the_way_it_was_taken(place, concierge, nomad):
    loan = lent(place, concierge, nomad)
    returned = services.loan_return(loan=loan, by=concierge)
    order = Order.objects.get(pk=loan.deposit_order_id)
    [refund] = refunds(order.pk)
    assert (refund.amount_cents, refund.method) == (-5000, "card")
    assert order.received_cents == 0 and order.status == Order.Status.PAID
    assert returned.deposit_kept_cents == 0


@pytest.mark.django_db
def test_a_damaged_item_keeps_part_of_the_deposit_with_a_note(place, concierge, nomad):
    loan = lent(place, concierge, nomad)
    returned = services.loan_return(
        loan=loan,
        by=concierge,
        condition="damaged",
        damage="Lentille rayée",
        deposit_kept_cents=2000,
    )
    order = Order.objects.get(pk=loan.deposit_order_id)
    assert [p.amount_cents for p in refunds(order.pk)] == [-3000]
    assert order.received_cents == 2000
    assert Loan.objects.get(pk=loan.pk).deposit_kept_cents == returned.deposit_kept_cents == 2000
    assert DamageNote.objects.get(loan=loan).note == "Lentille rayée"


@pytest.mark.django_db
def test_keeping_all_of_it_gives_nothing_back(place, concierge, nomad):
    loan = lent(place, concierge, nomad)
    services.loan_return(loan=loan, by=concierge, damage="Cassé", deposit_kept_cents=5000)
    assert refunds(loan.deposit_order_id) == []
    assert Order.objects.get(pk=loan.deposit_order_id).received_cents == 5000


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kept", "damage", "error"),
    [
        (5001, "Cassé", exceptions.DepositKeptInvalid),  # more than was taken
        (-1, "", exceptions.DepositKeptInvalid),  # would give back more than was taken
        (1000, "  ", exceptions.DepositKeptWithoutNote),
    ],
)
def test_a_wrong_amount_kept_is_refused_and_nothing_is_saved(
    place, concierge, nomad, kept, damage, error
):
    loan = lent(place, concierge, nomad)
    with pytest.raises(error):
        services.loan_return(loan=loan, by=concierge, damage=damage, deposit_kept_cents=kept)
    assert Loan.objects.get(pk=loan.pk).status == Loan.Status.OUT
    assert refunds(loan.deposit_order_id) == []
    assert Order.objects.get(pk=loan.deposit_order_id).received_cents == 5000


@pytest.mark.django_db
def test_nothing_is_kept_of_a_loan_without_deposit(place, concierge, nomad):
    loan = lent(place, concierge, nomad, deposit_cents=0)
    with pytest.raises(exceptions.DepositKeptInvalid):
        services.loan_return(loan=loan, by=concierge, damage="x", deposit_kept_cents=100)
    services.loan_return(loan=loan, by=concierge)
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_billing_never_gives_back_more_than_it_received(place, concierge, nomad):
    loan = lent(place, concierge, nomad)
    order = Order.objects.get(pk=loan.deposit_order_id)
    with pytest.raises(RefundExceedsReceived):
        billing.payment_refund(order=order, method="cash", amount_cents=5001, by=concierge)
    billing.payment_refund(order=order, method="cash", amount_cents=5000, by=concierge)
    with pytest.raises(RefundExceedsReceived):
        billing.payment_refund(order=order, method="cash", amount_cents=1, by=concierge)
    assert [p.amount_cents for p in refunds(order.pk)] == [-5000]


@pytest.mark.django_db
def test_the_desk_keeps_part_of_the_deposit(place, concierge, nomad, login):
    loan = lent(place, concierge, nomad)
    desk = login(concierge)
    page = f"/lieux/{place.slug}/prets/{loan.pk}/retour/"
    assert 'name="deposit_kept_euros"' in desk.get(f"/lieux/{place.slug}/prets/").content.decode()
    bad = desk.post(page, {"condition": "damaged", "deposit_kept_euros": "12.5"})
    assert bad.status_code == 422  # a deposit kept needs a note
    too_much = desk.post(page, {"condition": "good", "deposit_kept_euros": "60", "damage": "x"})
    assert too_much.status_code == 422
    garbage = desk.post(page, {"condition": "good", "deposit_kept_euros": "beaucoup"})
    assert garbage.status_code == 422
    assert refunds(loan.deposit_order_id) == []
    ok = desk.post(
        page, {"condition": "damaged", "deposit_kept_euros": "12.50", "damage": "Pied tordu"}
    )
    assert ok.status_code == 302
    assert [p.amount_cents for p in refunds(loan.deposit_order_id)] == [-3750]


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_returns_of_one_loan_at_once_give_the_deposit_back_once(place, concierge, nomad):
    loan = lent(place, concierge, nomad)

    def attempt() -> Callable[[], str]:
        def job() -> str:
            back = services.loan_return(
                loan=Loan.objects.get(pk=loan.pk), by=Person.objects.get(pk=concierge.pk)
            )
            return f"returned {back.pk}"

        return job

    outcomes = at_once([attempt() for _ in range(2)])
    assert sorted(o.split(" ")[0] for o in outcomes) == ["error:", "returned"], outcomes
    assert any("LoanStateInvalid" in o for o in outcomes), outcomes
    assert [p.amount_cents for p in refunds(loan.deposit_order_id)] == [-5000]
    assert Order.objects.get(pk=loan.deposit_order_id).received_cents == 0


@pytest.mark.django_db
def test_the_api_return_keeps_part_of_the_deposit(place, concierge, nomad):
    from comptoir.api.tests.conftest import ApiClient, token_for

    loan = lent(place, concierge, nomad)
    api = ApiClient(token_for(concierge))
    refused = api.post(f"/loans/{loan.pk}/return", {"deposit_kept_cents": 6000, "damage": "x"})
    assert refused.status_code == 422
    back = api.post(f"/loans/{loan.pk}/return", {"deposit_kept_cents": 1000, "damage": "Rayé"})
    assert back.status_code == 200 and back.json()["deposit_kept_cents"] == 1000
    assert [p.amount_cents for p in refunds(loan.deposit_order_id)] == [-4000]
