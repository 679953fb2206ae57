"""The treasurer's writes: other income (a grant with its funder, programme and period;
donations, dues, partner services), every bad input a clear refusal with nothing saved,
nothing dated in a closed period; the budget of a year, replaced as a whole."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from comptoir.core.exceptions import DomainError
from comptoir.core.models import AuditEvent
from comptoir.economy import exceptions as errors
from comptoir.economy.models import Budget, IncomeKind, OtherIncome
from comptoir.economy.services import budget_set, income_delete, income_update
from comptoir.economy.tests.factories import grant_spec, income
from comptoir.invoicing.services.closings import closing_close
from comptoir.invoicing.tests.factories import make_seller

pytestmark = pytest.mark.django_db


def test_a_grant_is_recorded_with_its_funder_programme_and_period(place, treasurer):
    grant = income(place, treasurer)
    stored = OtherIncome.objects.get()
    assert (stored.kind, stored.payer, stored.programme, stored.amount_cents) == (
        "grant",
        "ANCT",
        "Fabriques de territoire",
        5_000_000,
    )
    assert (stored.period_start, stored.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert stored.recorded_by == treasurer
    assert AuditEvent.objects.filter(verb="other_income.recorded", target_id=grant.pk).exists()


def test_a_donation_needs_no_period_nor_programme(place, treasurer):
    gift = income(
        place, treasurer, kind=IncomeKind.DONATION, programme="", period_start=None, period_end=None
    )
    assert gift.period_start is None and gift.kind == "donation"


@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"amount_cents": 0}, errors.AmountNotPositive, "amount_cents"),
        ({"amount_cents": -100}, errors.AmountNotPositive, "amount_cents"),
        ({"amount_cents": 10**12}, errors.AmountTooLarge, "amount_cents"),
        ({"period_end": dt.date(2024, 12, 31)}, errors.PeriodDisordered, "period_end"),
        ({"period_end": None}, errors.PeriodIncomplete, "period_end"),
        ({"period_start": None, "period_end": None}, errors.GrantNeedsPeriod, "period_start"),
        ({"programme": "  "}, errors.GrantNeedsProgramme, "programme"),
        ({"payer": ""}, errors.TextRequired, "payer"),
        ({"label": "x" * 201}, errors.TextRequired, "label"),
        ({"label": "nul\x00"}, errors.TextRequired, "label"),
        ({"kind": "loan"}, errors.KindUnknown, "kind"),
        ({"received_on": dt.date(1800, 1, 1)}, errors.YearOutOfRange, "received_on"),
    ],
)
def test_bad_income_is_refused_with_its_field_and_nothing_saved(place, fields, error, field):
    with pytest.raises(error) as refused:
        income(place, **fields)
    assert refused.value.field == field and refused.value.status == 422
    assert str(refused.value.message)
    assert not OtherIncome.objects.exists()


def test_the_database_refuses_a_zero_amount_and_a_disordered_period(place):
    base = {"place": place, "kind": "donation", "label": "x", "payer": "y"}
    with pytest.raises(IntegrityError), transaction.atomic():
        OtherIncome.objects.create(**base, amount_cents=0, received_on=dt.date(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        OtherIncome.objects.create(
            **base,
            amount_cents=1,
            received_on=dt.date(2025, 1, 1),
            period_start=dt.date(2025, 2, 1),
            period_end=dt.date(2025, 1, 1),
        )


def test_an_income_is_changed_and_deleted_while_its_period_is_open(place, treasurer):
    grant = income(place, treasurer)
    changed = income_update(income=grant, spec=grant_spec(amount_cents=4_000_000), by=treasurer)
    assert OtherIncome.objects.get().amount_cents == 4_000_000 == changed.amount_cents
    income_delete(income=grant, by=treasurer)
    assert not OtherIncome.objects.exists()
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"other_income.changed", "other_income.deleted"} <= verbs


def test_nothing_is_recorded_changed_or_deleted_in_a_closed_period(place, treasurer):
    seller = make_seller(place)
    kept = income(place, treasurer, received_on=dt.date(2025, 3, 10))
    closing_close(seller_id=seller.pk, kind="day", day=dt.date(2025, 3, 10), by=None)
    with pytest.raises(errors.IncomePeriodClosed):
        income(place, treasurer, received_on=dt.date(2025, 3, 10))
    with pytest.raises(errors.IncomePeriodClosed):
        income_update(income=kept, spec=grant_spec(amount_cents=1), by=treasurer)
    with pytest.raises(errors.IncomePeriodClosed):
        income_delete(income=kept, by=treasurer)
    # Nor moved into it from an open day.
    other = income(place, treasurer, received_on=dt.date(2025, 3, 11))
    with pytest.raises(errors.IncomePeriodClosed):
        income_update(income=other, spec=grant_spec(received_on=dt.date(2025, 3, 10)), by=treasurer)
    assert OtherIncome.objects.get(pk=kept.pk).amount_cents == 5_000_000
    assert OtherIncome.objects.count() == 2


def test_the_budget_of_a_year_is_replaced_as_a_whole(place, treasurer):
    budget_set(
        place=place, year=2025, amounts={"grant": 5_000_000, "subscription": 1_200_000}, by=None
    )
    budget_set(place=place, year=2025, amounts={"grant": 4_000_000, "dues": None}, by=treasurer)
    assert dict(Budget.objects.values_list("source", "amount_cents")) == {"grant": 4_000_000}


@pytest.mark.parametrize(
    ("year", "amounts", "error"),
    [
        (2025, {"grant": -1}, errors.AmountNotPositive),
        (2025, {"grant": 10**12}, errors.AmountTooLarge),
        (2025, {"lottery": 100}, errors.SourceUnknown),
        (1234, {"grant": 100}, errors.YearOutOfRange),
    ],
)
def test_a_bad_budget_is_refused_and_the_old_one_kept(place, year, amounts, error):
    budget_set(place=place, year=2025, amounts={"grant": 100}, by=None)
    with pytest.raises(error) as refused:
        budget_set(place=place, year=year, amounts=amounts, by=None)
    assert isinstance(refused.value, DomainError) and refused.value.status == 422
    assert dict(Budget.objects.values_list("source", "amount_cents")) == {"grant": 100}
