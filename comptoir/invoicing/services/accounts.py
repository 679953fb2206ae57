"""Writes of an entity's chart of accounts: the account numbers its FEC uses in place of the
French defaults for associations (invoicing.fec.DEFAULT_ACCOUNTS)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import InvalidInput
from comptoir.core.services import audit_record
from comptoir.core.types import Actor
from comptoir.invoicing.audit import Verb
from comptoir.invoicing.exceptions import InvoicingNotConfigured
from comptoir.invoicing.fec import DEFAULT_ACCOUNTS, is_account_number
from comptoir.invoicing.models import InvoicingProfile


class AccountNumberInvalid(InvalidInput):
    code = "account_number_invalid"
    default_message = _("An account number is made of digits only, 20 at most.")


@transaction.atomic
def chart_update(
    *, seller_id: int, accounts: Mapping[str, str], by: Actor | None
) -> InvoicingProfile:
    """Set the entity's account numbers: an empty one goes back to the default; only those
    differing from the defaults are stored."""
    profile = InvoicingProfile.objects.select_for_update().filter(organization_id=seller_id).first()
    if profile is None:
        raise InvoicingNotConfigured(field="legal_entity")
    stored: dict[str, str] = {}
    for role, (default, _label) in DEFAULT_ACCOUNTS.items():
        number = (accounts.get(role) or "").strip()
        if number and not is_account_number(number):
            raise AccountNumberInvalid(field=role)
        if number and number != default:
            stored[role] = number
    profile.accounts = stored
    profile.save(update_fields=["accounts", "updated_at"])
    audit_record(actor=by, verb=Verb.CHART_UPDATED, target=profile, data={"accounts": stored})
    return profile
