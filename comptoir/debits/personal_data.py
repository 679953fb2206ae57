"""Direct debits' part of a person's data (see `community.personal_data`): their mandates.

Erasure revokes the person's active mandates and blanks the account holder's name; the
mandate's reference, IBAN and BIC stay with the anonymised person, as the batches sent to the
bank do: a creditor keeps a mandate and what it collected for the disputes the SEPA rules
allow (up to 13 months after a debit) and for the accounts (ten years)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.community.personal_data import Erasure, Provider, Row, Section, cell
from comptoir.debits.models import Mandate


def _mandates(person: Person) -> list[Row]:
    mandates = Mandate.objects.filter(person=person).select_related("place").order_by("pk")
    return [
        {
            "reference": mandate.reference,
            "place": mandate.place.name,
            "debtor_name": mandate.debtor_name,
            "iban": mandate.iban,
            "bic": mandate.bic,
            "signed_on": cell(mandate.signed_on),
            "status": mandate.get_status_display(),
        }
        for mandate in mandates
    ]


def erase(erasure: Erasure) -> None:
    mandates = Mandate.objects.filter(person=erasure.person)
    ids = list(mandates.values_list("pk", flat=True))
    mandates.filter(status=Mandate.Status.ACTIVE).update(
        status=Mandate.Status.REVOKED, revoked_at=timezone.now()
    )
    mandates.update(debtor_name=str(erasure.person)[:70])
    erasure.scrub_audit(Mandate, ids)


PROVIDER = Provider(
    app="debits",
    order=25,
    sections=(
        Section(
            "sepa_mandates",
            _("Direct-debit mandates"),
            (
                ("reference", _("mandate reference (RUM)")),
                ("place", _("place")),
                ("debtor_name", _("account holder")),
                ("iban", _("IBAN")),
                ("bic", _("BIC")),
                ("signed_on", _("signed on")),
                ("status", _("status")),
            ),
            _mandates,
        ),
    ),
    erase=erase,
)
