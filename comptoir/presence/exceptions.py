from typing import Any

from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput, NotAllowed


class CheckInRefused(NotAllowed):
    """No valid access: says why, and carries the offers the person could buy."""

    code = "no_valid_access"
    default_message = _("No valid access for this visit.")

    def __init__(self, message: Any = None, *, offers: list[dict] | None = None, **kw: Any):
        super().__init__(message, **kw)
        self.offers = offers or []
        self.extra = {"offers": self.offers}


class AlreadyCheckedIn(Conflict):
    code = "already_checked_in"
    default_message = _("This person is already checked in here.")


class PlaceClosed(Conflict):
    code = "place_closed"
    default_message = _("The place is closed now.")


class NotCheckedIn(Conflict):
    code = "not_checked_in"
    default_message = _("This visit is already over.")


class MissingOverrideReason(InvalidInput):
    code = "missing_reason"
    default_message = _("Say why you let this person in without a valid access.")
