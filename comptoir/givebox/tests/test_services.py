"""The Give Box's rules: an object to collect needs a contact, one holder at a time,
moderation follows its transitions, stale objects expire, the figures count weights."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from comptoir.core.models import AuditEvent
from comptoir.givebox import exceptions, selectors, services, weights
from comptoir.givebox.models import Gift
from comptoir.givebox.tests.factories import make_gift

pytestmark = pytest.mark.django_db


def test_anyone_posts_an_object_and_it_is_audited(place):
    gift = make_gift(place)
    assert gift.status == Gift.Status.AVAILABLE and gift.posted_by is None
    assert gift.expires_at > timezone.now() + dt.timedelta(days=20)
    assert AuditEvent.objects.filter(verb="gift.posted").count() == 1


def test_an_object_to_collect_needs_a_contact(place):
    with pytest.raises(exceptions.ContactRequired):
        make_gift(place, where="collect", contact="  ")
    assert not Gift.objects.exists()


def test_an_unknown_category_is_refused(place):
    with pytest.raises(exceptions.GiftInvalid):
        make_gift(place, category="weapons")


def test_one_holder_at_a_time_until_the_reservation_runs_out(place):
    gift = make_gift(place)
    services.gift_reserve(gift=gift, name="Aïcha", by=None)
    with pytest.raises(exceptions.GiftUnavailable):
        services.gift_reserve(gift=gift, name="Bruno", by=None)
    later = timezone.now() + dt.timedelta(hours=49)
    assert services.gift_reserve(gift=gift, name="Bruno", by=None, now=later).reserved_by == "Bruno"


def test_the_concierge_hides_shows_removes_and_marks_what_left(place, concierge):
    gift = make_gift(place)
    services.gift_hide(gift=gift, by=concierge)
    assert not selectors.gifts_shown(place=place, now=timezone.now()).exists()
    with pytest.raises(exceptions.GiftStateInvalid):
        services.gift_mark_taken(gift=gift, by=concierge)
    services.gift_show(gift=gift, by=concierge)
    assert services.gift_mark_taken(gift=gift, by=concierge).taken_at
    with pytest.raises(exceptions.GiftStateInvalid):
        services.gift_remove(gift=gift, by=concierge)
    other = services.gift_remove(gift=make_gift(place), by=concierge)
    assert other.status == Gift.Status.REMOVED


def test_stale_objects_expire_but_not_a_held_one(place):
    stale, held = make_gift(place), make_gift(place, title="Lampe")
    past = timezone.now() - dt.timedelta(days=1)
    Gift.objects.update(expires_at=past)
    Gift.objects.filter(pk=held.pk).update(reserved_until=timezone.now() + dt.timedelta(hours=3))
    assert services.gifts_expire() == 1
    stale.refresh_from_db()
    assert stale.status == Gift.Status.EXPIRED
    assert AuditEvent.objects.filter(verb="gift.expired").count() == 1


def test_the_monthly_figures_count_given_taken_and_the_weight_kept(place, concierge):
    for category in ("books", "furniture", "books"):
        gift = make_gift(place, category=category)
        services.gift_mark_taken(gift=gift, by=concierge)
    make_gift(place, category="clothes")
    [month] = selectors.monthly_figures(place=place, since=timezone.localdate().replace(day=1))
    expected = (2 * weights.GRAMS["books"] + weights.GRAMS["furniture"]) / 1000
    assert (month.given, month.taken, month.kept_kg) == (4, 3, expected)
