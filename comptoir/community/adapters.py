from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.http import HttpRequest

from comptoir.community.services import person_welcome
from comptoir.core.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """The address allauth's limits key on: the client's, behind TRUSTED_PROXIES."""
        return client_ip(request)

    def confirm_email(self, request: HttpRequest, email_address: Any) -> bool:
        """Welcome people once their first address is verified, not at the bare sign-up."""
        user = email_address.user
        first = not EmailAddress.objects.filter(user=user, verified=True).exists()
        confirmed = bool(super().confirm_email(request, email_address))
        if confirmed and first:
            person_welcome(person=user)
        return confirmed
