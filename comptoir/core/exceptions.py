"""Errors raised by services. Views turn them into messages, the API into 4xx JSON."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the operation; `code` is stable, `message` translated."""

    code = "domain_error"
    status = 409
    default_message: Any = _("This operation is not allowed.")

    def __init__(self, message: Any = None, *, field: str | None = None, **params: Any) -> None:
        self.message = str(message or self.default_message)
        self.field = field
        self.params = params
        super().__init__(self.message)


class NotAllowed(DomainError):
    code = "forbidden"
    status = 403
    default_message = _("You are not allowed to do this.")


class InvalidInput(DomainError):
    """Input that passed its shape check but breaks a rule (a field error)."""

    code = "invalid"
    status = 422
    default_message = _("This value is not valid.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = _("This conflicts with existing data.")
