"""/subscriptions: monthly subscriptions of people and structures, run by the concierges."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from comptoir.access import selectors, services
from comptoir.access.models import Subscription
from comptoir.api.auth import AuthedApiRequest
from comptoir.api.pagination import Pagination
from comptoir.api.routers._access_reads import place_get_active, subscription_get_visible
from comptoir.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    FilterSchema,
    InSchema,
    PersonRefOut,
    PlanRefOut,
    Slug,
)
from comptoir.community import permissions
from comptoir.core.exceptions import NotAllowed
from comptoir.core.ranges import SupportedDate
from comptoir.core.types import Actor

router = Router(tags=["subscriptions"])


class SubscriptionFilters(FilterSchema):
    status: Subscription.Status | None = None


class PeriodOut(Schema):
    start: date
    end: date


class OrganizationRefOut(Schema):
    slug: str
    name: str


class SubscriptionOut(Schema):
    id: int
    plan: PlanRefOut
    place: str
    person: PersonRefOut | None
    organization: OrganizationRefOut | None
    status: str
    started_on: date
    committed_until: date | None
    cancel_at_period_end: bool
    ended_on: date | None
    seats: int
    included_room_hours: int
    price_cents: int
    current_period: PeriodOut | None = Field(None, description="The period covering today.")

    @staticmethod
    def resolve_place(obj: Subscription) -> str:
        return obj.place.slug

    @staticmethod
    def resolve_current_period(obj: Subscription) -> object:
        prefetched = getattr(obj, "current_periods", None)
        if prefetched is not None:
            return prefetched[0] if prefetched else None
        return services.current_period(obj, timezone.localdate())


class SubscriptionEndIn(InSchema):
    on: SupportedDate | None = Field(None, description="Last covered day (default: today).")


def subscription_managed_by(*, user: Actor, pk: int) -> Subscription:
    """A subscription the user may see (404 otherwise) and manage (403 otherwise)."""
    subscription = subscription_get_visible(user=user, pk=pk)
    if not permissions.can_manage_subscriptions(user, subscription.place_id):
        raise NotAllowed()
    return subscription


def _out(subscription: Subscription) -> Subscription:
    # Reloaded: the services return the locked row, without its relations.
    return selectors.subscription_get(pk=subscription.pk)


@router.get("/places/{slug}/subscriptions", response=list[SubscriptionOut])
@paginate(Pagination)
def list_place_subscriptions(
    request: AuthedApiRequest, slug: Slug, filters: Query[SubscriptionFilters]
) -> QuerySet[Subscription]:
    place = place_get_active(slug=slug)
    if not permissions.can_manage_subscriptions(request.auth, place.pk):
        raise NotAllowed()
    subscriptions = selectors.subscriptions_of_place(place=place, status=filters.status or "")
    return subscriptions.select_related("place")


@router.get("/subscriptions/{int:subscription_id}", response={200: SubscriptionOut, **READ_ERRORS})
def get_subscription(request: AuthedApiRequest, subscription_id: int) -> Subscription:
    """For its holder, the people of the subscribing structure and the place's concierges."""
    return subscription_get_visible(user=request.auth, pk=subscription_id)


@router.post(
    "/subscriptions/{int:subscription_id}/pause", response={200: SubscriptionOut, **WRITE_ERRORS}
)
def pause_subscription(request: AuthedApiRequest, subscription_id: int) -> Subscription:
    """No renewal while paused; the period already paid still covers its days."""
    subscription = subscription_managed_by(user=request.auth, pk=subscription_id)
    return _out(services.subscription_pause(subscription, by=request.auth))


@router.post(
    "/subscriptions/{int:subscription_id}/resume", response={200: SubscriptionOut, **WRITE_ERRORS}
)
def resume_subscription(request: AuthedApiRequest, subscription_id: int) -> Subscription:
    """Active again; a new period starts today when the paid one is over."""
    subscription = subscription_managed_by(user=request.auth, pk=subscription_id)
    return _out(services.subscription_resume(subscription, by=request.auth))


@router.post(
    "/subscriptions/{int:subscription_id}/cancel", response={200: SubscriptionOut, **WRITE_ERRORS}
)
def cancel_subscription(request: AuthedApiRequest, subscription_id: int) -> Subscription:
    """Ends at the end of the current period (or of the commitment, if later)."""
    subscription = subscription_managed_by(user=request.auth, pk=subscription_id)
    return _out(services.subscription_cancel(subscription, by=request.auth))


@router.post(
    "/subscriptions/{int:subscription_id}/uncancel",
    response={200: SubscriptionOut, **WRITE_ERRORS},
)
def uncancel_subscription(request: AuthedApiRequest, subscription_id: int) -> Subscription:
    """Withdraw a cancellation: the subscription renews again."""
    subscription = subscription_managed_by(user=request.auth, pk=subscription_id)
    return _out(services.subscription_cancel(subscription, by=request.auth, undo=True))


@router.post(
    "/subscriptions/{int:subscription_id}/end", response={200: SubscriptionOut, **WRITE_ERRORS}
)
def end_subscription(
    request: AuthedApiRequest, subscription_id: int, payload: SubscriptionEndIn | None = None
) -> Subscription:
    """End now (or on `on`, the last covered day); later periods are removed."""
    subscription = subscription_managed_by(user=request.auth, pk=subscription_id)
    on = payload.on if payload else None
    return _out(services.subscription_end(subscription, by=request.auth, on=on))
