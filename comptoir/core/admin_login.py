"""The admin's log-in, throttled like the site's (imported once the apps are loaded)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.core.ratelimit import respond_429
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from comptoir.core.ratelimit import Throttled, consume


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """Passwords are checked through allauth, so that the admin's failures count with the
    site's log-in ("login_failed": per email and per address): /admin/login/ gives an
    attacker no extra guesses, and the right password is refused once the limit is hit."""

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            try:
                self.user_cache = get_adapter(self.request).authenticate(
                    self.request, email=email, password=password
                )
            except ValidationError as refusal:
                raise forms.ValidationError(refusal.messages, code="throttled") from refusal
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def refuse_too_many(request: HttpRequest) -> HttpResponse | None:
    """A 429 page once this address made too many log-in attempts ("login"), else None."""
    try:
        consume(request, "login")
    except Throttled as refusal:
        response = respond_429(request)
        response["Retry-After"] = str(refusal.retry_after)
        return response
    return None
