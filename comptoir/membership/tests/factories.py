"""An association set up at a place, with its treasurer, ready to record memberships and,
as a cooperative, to keep its share register."""

from __future__ import annotations

from typing import Any

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory
from comptoir.invoicing.tests.factories import make_seller
from comptoir.membership import services
from comptoir.membership.models import Association


def make_treasurer(place: Any) -> Any:
    who = PersonFactory(first_name="Théo", last_name="Trésorier")
    PlaceRoleFactory(person=who, place=place, role=Role.TREASURER)
    return who


def make_association(
    place: Any, treasurer: Any, *, cooperative: bool = False, **settings: Any
) -> Association:
    if place.legal_entity_id is None:
        make_seller(place)
    return services.association_configure(
        place=place,
        period=settings.pop("period", Association.Period.CALENDAR),
        fee_cents=settings.pop("fee_cents", 2000),
        vat_rate_bp=settings.pop("vat_rate_bp", 0),
        is_cooperative=cooperative,
        share_price_cents=settings.pop("share_price_cents", 5000 if cooperative else 0),
        by=treasurer,
    )
