"""The register of members (CSV) and the share register (CSV and an Excel workbook), with
the spreadsheet convention of `core.spreadsheet_csv`."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from comptoir.core.spreadsheet_csv import money, table_csv
from comptoir.membership.models import Membership
from comptoir.membership.selectors import ShareRegister

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def members_header() -> list[str]:
    return [_("Card"), _("Member"), _("Email"), _("From"), _("Until"), _("Fee (€)")]


def members_rows(memberships: Iterable[Membership]) -> list[list[Any]]:
    return [
        [
            m.card_number,
            m.holder_name,
            m.person.email if m.person else "",
            m.starts_on,
            m.ends_on,
            money(m.fee_cents),
        ]
        for m in memberships
    ]


def members_csv(memberships: Iterable[Membership]) -> str:
    return table_csv(members_header(), members_rows(memberships))


def shares_header() -> list[str]:
    return [
        _("Associate"),
        _("Category"),
        _("Shares held"),
        _("Capital (€)"),
        _("Still to pay (€)"),
    ]


def shares_rows(register: ShareRegister | None) -> list[list[Any]]:
    if register is None:
        return []
    price = register.association.share_price_cents
    return [
        [
            a.holder_name,
            a.get_category_display(),
            a.shares_held,
            money(a.shares_held * price),
            money(a.unpaid_cents),
        ]
        for a in register.associates
    ]


def shares_csv(register: ShareRegister | None) -> str:
    return table_csv(shares_header(), shares_rows(register))


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))


def shares_xlsx(register: ShareRegister | None) -> bytes:
    """The associates, then the totals per category, as numbers (euros) a sheet adds up
    (an empty workbook of its headers for an entity without a register)."""
    book = Workbook()
    book.remove(book.active)
    price = register.association.share_price_cents if register else 0
    associates = register.associates if register else []
    totals = [*register.categories, register.total] if register else []
    _sheet(
        book,
        _("Associates"),
        shares_header(),
        (
            [
                a.holder_name,
                a.get_category_display(),
                a.shares_held,
                a.shares_held * price / 100,
                a.unpaid_cents / 100,
            ]
            for a in associates
        ),
    )
    _sheet(
        book,
        _("Totals"),
        [_("Category"), _("Associates"), _("Shares held"), _("Capital (€)"), _("Still to pay (€)")],
        (
            [c.label, c.associates, c.shares, c.capital_cents / 100, c.unpaid_cents / 100]
            for c in totals
        ),
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
