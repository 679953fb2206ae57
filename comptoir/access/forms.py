"""Forms of the access pages: they check the shape of the input; the services decide."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from comptoir.access.exceptions import MissingReason
from comptoir.access.models import Plan, TicketBook, TicketUnit
from comptoir.access.selectors_pages import person_find
from comptoir.billing.models import PaymentMethod
from comptoir.community.forms import CommunityForm, DateInput, organization_named
from comptoir.community.models import Organization, Person
from comptoir.core import ranges
from comptoir.core.exceptions import DomainError
from comptoir.core.money import format_cents
from comptoir.core.types import Viewer

# "80", "12,50", "12.5", "1 200 €": whole euros and up to two decimals.
EUROS = re.compile(r"^(\d{1,7})(?:[.,](\d{1,2}))?$")
SPACES = re.compile(r"[\s\u00a0\u202f€]")


def parse_euros(value: str) -> int:
    """ "12,50" -> 1250 cents; raises ValidationError for anything else."""
    text = SPACES.sub("", value or "")
    if text.startswith("-"):
        raise ValidationError(_("The price cannot be negative."), code="negative")
    match = EUROS.match(text)
    if match is None:
        raise ValidationError(
            _("Enter a price in euros, for example 80 or 12,50."), code="invalid_price"
        )
    return int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))


def cents_as_euros(cents: int) -> str:
    """1250 -> "12,50" (the active locale's separator), 8000 -> "80"."""
    if cents % 100 == 0:
        return str(cents // 100)
    return number_format(cents / 100, decimal_pos=2)


def parse_month(value: str) -> date:
    """ "2026-11" -> 1 November 2026; raises ValueError."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if match is None:
        raise ValueError(value)
    return date(int(match[1]), int(match[2]), 1)


VAT_RATES = [
    (2000, "20 %"),
    (1000, "10 %"),
    (550, "5,5 %"),
    (210, "2,1 %"),
    (0, _("0 % (not subject to VAT)")),
]

COMMON_FIELDS = ("name", "description", "price", "vat_rate_bp", "is_active", "position")
FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {
    Plan.Kind.SUBSCRIPTION: ("holder", "seats", "included_room_hours", "commitment_months"),
    Plan.Kind.TICKET_BOOK: ("tickets", "ticket_unit", "validity_months", "network_wide"),
    Plan.Kind.DAY_PASS: (),
    Plan.Kind.DISCOVERY: (),
}
# Form fields named differently from the plan's.
PLAN_FIELD_OF = {"price": "price_cents"}
FORM_FIELD_OF = {model: form for form, model in PLAN_FIELD_OF.items()}


class PlanForm(CommunityForm):
    kind = forms.ChoiceField(label=_("Kind of offer"), choices=Plan.Kind.choices)
    for_network = forms.BooleanField(
        label=_("Offer of the whole network"),
        required=False,
        help_text=_("Sold by every place of the network rather than by this place only."),
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    price = forms.CharField(
        label=_("Price in euros"),
        max_length=20,
        help_text=_("VAT included, for example 80 or 12,50. Monthly for a subscription."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    vat_rate_bp = forms.TypedChoiceField(
        label=_("VAT rate"), choices=VAT_RATES, coerce=int, initial=2000
    )
    holder = forms.ChoiceField(
        label=_("Held by"),
        choices=Plan.Holder.choices,
        widget=forms.RadioSelect,
        initial=Plan.Holder.PERSON,
    )
    seats = forms.IntegerField(
        label=_("People covered"),
        min_value=1,
        max_value=500,
        initial=1,
        help_text=_("For a structure's subscription: how many of its people may come."),
    )
    included_room_hours = forms.IntegerField(
        label=_("Meeting-room hours included per month"), min_value=0, max_value=744, initial=0
    )
    commitment_months = forms.IntegerField(
        label=_("Commitment (months)"),
        min_value=0,
        max_value=60,
        initial=0,
        help_text=_("0 for no commitment."),
    )
    tickets = forms.IntegerField(label=_("Number of tickets"), min_value=1, max_value=1000)
    ticket_unit = forms.ChoiceField(
        label=_("One ticket buys"), choices=TicketUnit.choices, initial=TicketUnit.DAY
    )
    validity_months = forms.IntegerField(
        label=_("Validity (months)"), min_value=1, max_value=120, initial=12
    )
    network_wide = forms.BooleanField(
        label=_("Valid in every place of the network"), required=False
    )
    is_active = forms.BooleanField(label=_("On sale"), required=False, initial=True)
    position = forms.IntegerField(
        label=_("Display order"),
        min_value=0,
        max_value=1000,
        initial=0,
        help_text=_("Smaller numbers come first."),
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        creating: bool,
        network_choice: bool = False,
        vat_rate_bp: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        keep = set(COMMON_FIELDS) | set(FIELDS_BY_KIND.get(kind, ()))
        if creating:
            keep |= {"kind"}
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["kind"].initial = kind
        if creating and network_choice:
            keep |= {"for_network"}
        if kind == Plan.Kind.DISCOVERY:
            keep -= {"price", "vat_rate_bp"}  # a discovery visit is free
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if vat_rate_bp is not None and "vat_rate_bp" in self.fields:
            field = self.fields["vat_rate_bp"]
            choices = list(field.choices)  # type: ignore[attr-defined]
            if vat_rate_bp not in dict(choices):
                choices.append((vat_rate_bp, f"{number_format(vat_rate_bp / 100)} %"))
                field.choices = choices  # type: ignore[attr-defined]

    def clean_price(self) -> int:
        return parse_euros(self.cleaned_data.get("price") or "")

    def plan_fields(self) -> dict[str, Any]:
        """The cleaned values under the plan's field names, for plan_create / plan_update."""
        fields = {
            PLAN_FIELD_OF.get(name, name): value
            for name, value in self.cleaned_data.items()
            if name not in ("kind", "for_network")
        }
        if "price" not in self.fields:
            fields["price_cents"] = 0
        return fields

    def add_service_error(self, error: DomainError | ValidationError) -> None:
        """Show a refusal of the service on the form field it is about."""
        if isinstance(error, DomainError):
            field = FORM_FIELD_OF.get(error.field or "", error.field)
            self.add_error(field if field in self.fields else None, error.message)
            return
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for name, messages in error.message_dict.items():
            field = FORM_FIELD_OF.get(name, name)
            self.add_error(field if field in self.fields else None, messages)

    @classmethod
    def initial_for(cls, plan: Plan) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(plan, name)
            for name in (*COMMON_FIELDS, *FIELDS_BY_KIND[plan.kind])
            if name != "price"
        }
        initial["price"] = cents_as_euros(plan.price_cents)
        return initial


class KindForm(CommunityForm):
    """Chooses which fields the new-offer form shows."""

    kind = forms.ChoiceField(label=_("Kind of offer"), choices=Plan.Kind.choices)


def plan_choice_label(plan: Plan) -> str:
    price = format_cents(plan.price_cents)
    if plan.kind == Plan.Kind.SUBSCRIPTION:
        price = _("%(price)s per month") % {"price": price}
    return f"{plan.name} — {price} ({plan.get_kind_display()})"


class SellForm(CommunityForm):
    plan = forms.IntegerField(
        label=_("Offer"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an offer."), "invalid": _("Choose an offer.")},
    )
    person = forms.CharField(
        label=_("Person: email or account number"),
        max_length=254,
        required=False,
        help_text=_("The person must have an account. Not needed for a structure's subscription."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    organization = forms.CharField(
        label=_("Structure, for a structure's subscription"),
        max_length=160,
        required=False,
        help_text=_("Its name or its address name (slug)."),
    )
    payment_method = forms.ChoiceField(
        label=_("Payment method"),
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the buyer pays.")},
    )
    payment_reference = forms.CharField(
        label=_("Payment reference"),
        max_length=100,
        required=False,
        help_text=_("Optional: cheque number, transfer label, card receipt number…"),
    )
    starts_on = ranges.DateField(
        label=_("Start"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for today. For a day pass, the day it is valid."),
    )

    def __init__(self, *args: Any, plans: list[Plan], viewer: Viewer, **kwargs: Any) -> None:
        self.viewer = viewer
        super().__init__(*args, **kwargs)
        choices = [(plan.pk, plan_choice_label(plan)) for plan in plans]
        self.fields["plan"].widget.choices = choices  # type: ignore[attr-defined]

    def hide_person(self) -> None:
        """The person is named on the page (the desk's link): their token rides along."""
        self.fields["person"].widget = forms.HiddenInput()

    def clean_plan(self) -> Plan:
        from comptoir.access.selectors_pages import plan_get_any

        try:
            return plan_get_any(pk=self.cleaned_data["plan"])
        except Plan.DoesNotExist as missing:
            raise ValidationError(_("This offer does not exist."), code="unknown_plan") from missing

    def clean_person(self) -> Person | None:
        value = self.cleaned_data.get("person") or ""
        if not value.strip():
            return None
        person = person_find(value=value, viewer=self.viewer)
        if person is None:
            raise ValidationError(
                _("No account has this email or number. The person must sign up first."),
                code="unknown_person",
            )
        return person

    def clean_organization(self) -> Organization | None:
        return organization_named(self.cleaned_data.get("organization") or "")


def book_choice_label(book: TicketBook) -> str:
    return _("%(plan)s — %(balance)s left, valid until %(date)s") % {
        "plan": book.plan.name,
        "balance": book.balance,
        "date": date_format(book.expires_on, "SHORT_DATE_FORMAT"),
    }


class CorrectionForm(CommunityForm):
    book = forms.TypedChoiceField(label=_("Ticket book"), coerce=int)
    quantity = forms.IntegerField(
        label=_("Tickets to add or remove"),
        min_value=-1000,
        max_value=1000,
        help_text=_("For example 2 to add two tickets, -1 to remove one."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        error_messages={"required": MissingReason.default_message},
        help_text=_("Kept in the book's history."),
    )

    def __init__(self, *args: Any, books: list[TicketBook], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.books = {book.pk: book for book in books}
        self.fields["book"].choices = [  # type: ignore[attr-defined]
            (book.pk, book_choice_label(book)) for book in books
        ]

    def clean_book(self) -> TicketBook:
        return self.books[self.cleaned_data["book"]]


class MonthForm(CommunityForm):
    mois = forms.CharField(
        label=_("Month"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "pattern": r"\d{4}-\d{2}"}),
        error_messages={"required": _("Choose a month.")},
    )

    def clean_mois(self) -> date:
        try:
            return parse_month(self.cleaned_data["mois"])
        except ValueError as bad:
            raise ValidationError(
                _("Give a month as year-month, for example 2026-11."), code="invalid_month"
            ) from bad


class BuyForm(CommunityForm):
    """A member's own purchase: only the first day, for a day pass or a subscription."""

    starts_on = ranges.DateField(
        label=_("Start"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for today. For a day pass, the day it is valid."),
    )
