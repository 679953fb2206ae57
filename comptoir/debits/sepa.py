"""The SEPA side of direct debits: account numbers checked with schwifty, the creditor
identifier (ICS) by its ISO 7064 check digits, and the pain.008.001.02 file built (and
checked against its XSD) by sepaxml."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaDD

from comptoir.debits.exceptions import (
    BicInvalid,
    BicUnknown,
    CreditorIdInvalid,
    IbanInvalid,
    MandateReferenceInvalid,
)

# The characters SEPA allows in identifiers (the "Latin character set" of the EPC rulebook).
_SEPA_ID = re.compile(r"[A-Za-z0-9/\-?:().,'+]{1,35}")
_ICS = re.compile(r"([A-Z]{2})(\d{2})([A-Z0-9]{3})([A-Z0-9]{1,28})")
SCHEMA = "pain.008.001.02"


def clean_iban(value: str) -> str:
    try:
        return IBAN(value or "").compact
    except SchwiftyException as invalid:
        raise IbanInvalid(field="iban") from invalid


def clean_bic(value: str, *, iban: str) -> str:
    """The BIC given, or the one of the IBAN's bank when it is known."""
    value = (value or "").strip()
    if not value:
        found = IBAN(iban).bic
        if found is None:
            raise BicUnknown(field="bic")
        return str(found.compact)
    try:
        return str(BIC(value).compact)
    except SchwiftyException as invalid:
        raise BicInvalid(field="bic") from invalid


def clean_creditor_id(value: str) -> str:
    """A SEPA creditor identifier: country, two check digits (ISO 7064 mod 97-10 over the
    national identifier and the country, the business code left out), a business code, the
    national identifier."""
    compact = re.sub(r"\s+", "", value or "").upper()
    match = _ICS.fullmatch(compact)
    if match is None:
        raise CreditorIdInvalid(field="creditor_id")
    country, check, _code, national = match.groups()
    digits = "".join(str(int(c, 36)) for c in national + country + "00")
    if 98 - int(digits) % 97 != int(check):
        raise CreditorIdInvalid(field="creditor_id")
    return compact


def creditor_id_for(country: str, national: str, code: str = "ZZZ") -> str:
    """A valid creditor identifier (tests and demo data)."""
    digits = "".join(str(int(c, 36)) for c in national + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{code}{national}"


def clean_reference(value: str) -> str:
    value = (value or "").strip()
    if not _SEPA_ID.fullmatch(value):
        raise MandateReferenceInvalid(field="reference")
    return value


@dataclass(frozen=True)
class Line:
    debtor_name: str
    iban: str
    bic: str
    amount_cents: int
    sequence_type: str
    mandate_reference: str
    mandate_signed_on: dt.date
    end_to_end_id: str
    description: str


def pain008(
    *,
    creditor_name: str,
    creditor_iban: str,
    creditor_bic: str,
    creditor_id: str,
    collection_date: dt.date,
    lines: list[Line],
) -> tuple[str, bytes]:
    """The message identifier and the pain.008.001.02 file of these debits, one payment
    information block per sequence type (FRST, RCUR), validated against its XSD."""
    sepa = SepaDD(
        {
            "name": creditor_name,
            "IBAN": creditor_iban,
            "BIC": creditor_bic,
            "batch": True,
            "creditor_id": creditor_id,
            "currency": "EUR",
        },
        schema=SCHEMA,
        clean=True,
    )
    for line in lines:
        sepa.add_payment(
            {
                "name": line.debtor_name,
                "IBAN": line.iban,
                "BIC": line.bic,
                "amount": line.amount_cents,
                "type": line.sequence_type,
                "collection_date": collection_date,
                "mandate_id": line.mandate_reference,
                "mandate_date": line.mandate_signed_on,
                "description": line.description,
                "endtoend_id": line.end_to_end_id,
            }
        )
    return str(sepa.msg_id)[:35], sepa.export(validate=True, pretty_print=True)
