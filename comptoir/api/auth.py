"""Who is calling: a personal API token, the browser session, or nobody.

`request.auth` (and `request.user`) is the Person for authenticated calls and an
AnonymousUser on public reads, so `permissions.*(request.auth, …)` works either way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from comptoir.community import services

if TYPE_CHECKING:
    from comptoir.community.models import Person

TOKEN_PREFIX = "cpt_"


class ApiRequest(HttpRequest):
    auth: Person | AnonymousUser
    user: Person | AnonymousUser  # type: ignore[assignment]


class AuthedApiRequest(ApiRequest):
    auth: Person
    user: Person  # type: ignore[assignment]


class BearerToken(HttpBearer):
    """`Authorization: Bearer cpt_…`. A header that is present but wrong is a 401, never
    a silent fall-back to anonymous access."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if header is None:
            return None
        scheme, _sep, secret = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not secret.strip().startswith(TOKEN_PREFIX):
            raise AuthenticationError(message=_("Malformed Authorization header."))
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        person = services.api_token_authenticate(secret=token)
        if person is None:
            raise AuthenticationError(message=_("Invalid or revoked API token."))
        request.user = person
        return person


class Session(APIKeyCookie):
    """The browser session (the docs page, htmx). CSRF is checked on unsafe methods only
    when the session is logged in, so an anonymous write gets a clean 401."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, _("CSRF check failed."))
        return request.user


def anonymous(request: HttpRequest) -> AnonymousUser:
    """Last resort for public reads: an AnonymousUser (truthy, so ninja accepts it)."""
    return AnonymousUser()


bearer_token = BearerToken()
session = Session()

# Endpoints need a person unless they say `auth=PUBLIC`.
AUTHENTICATED = [bearer_token, session]
PUBLIC = [bearer_token, session, anonymous]
