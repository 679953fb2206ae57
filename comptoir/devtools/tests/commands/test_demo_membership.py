"""The demo's membership and news: OpenScop a cooperative with this year's adherents (their
fees paid), a share register in every category with its movements numbered in order, two
announcements; a second run changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from comptoir.billing.models import Order
from comptoir.devtools.tests.commands.test_comptoir_demo import load
from comptoir.membership import selectors
from comptoir.membership.models import Association, Membership, ShareMovement
from comptoir.news.models import Announcement, NeedAlert, NewsOptIn

pytestmark = pytest.mark.django_db


def test_the_demo_has_adherents_a_share_register_and_news() -> None:
    load()

    association = Association.objects.get()
    assert association.is_cooperative and association.organization.name == "OpenScop"
    year = timezone.localdate().year
    adherents = selectors.members_of_year(association=association, year=year)
    assert adherents.count() == 4
    assert set(
        Order.objects.filter(pk__in=adherents.values("order_id")).values_list("status", flat=True)
    ) == {"paid"}
    register = selectors.share_register(association=association)
    assert all(line.associates for line in register.categories if line.category != "volunteers")
    assert register.total.shares == 4 + 2 + 2 + 2 + 10 + 20 - 1  # one of Théo's redeemed
    numbers = list(ShareMovement.objects.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert Announcement.objects.filter(place__isnull=False).count() == 1
    assert Announcement.objects.filter(network__isnull=False).count() == 1
    assert NewsOptIn.objects.count() == 2 and NeedAlert.objects.count() == 1

    before = (
        Membership.objects.count(),
        ShareMovement.objects.count(),
        Announcement.objects.count(),
    )
    load()
    after = (
        Membership.objects.count(),
        ShareMovement.objects.count(),
        Announcement.objects.count(),
    )
    assert after == before
