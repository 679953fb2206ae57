"""Shape checks of the presence forms. The rules (who may come in, with what) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from comptoir.community.models import Person
from comptoir.presence import cards
from comptoir.presence.exceptions import MissingOverrideReason

UNKNOWN_PERSON = _("This person is unknown. Search them again.")


class PresenceForm(forms.Form):
    """Labels without the trailing colon; `q` carries the desk's search to redraw its results."""

    q = forms.CharField(max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class KioskCheckInForm(PresenceForm):
    person = forms.IntegerField(
        label=_("Person"),
        min_value=1,
        error_messages={
            "required": _("Choose a person from the search."),
            "invalid": UNKNOWN_PERSON,
            "min_value": UNKNOWN_PERSON,
        },
    )
    # Set by the "let in anyway" form: then a reason is required (it goes to the audit log).
    override = forms.BooleanField(required=False)
    override_reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("override") and not data.get("override_reason"):
            self.add_error(
                "override_reason",
                ValidationError(MissingOverrideReason.default_message, code="missing_reason"),
            )
        return data


class ScanForm(PresenceForm):
    card = forms.CharField(
        label=_("Scan a card"),
        max_length=cards.MAX_PAYLOAD_LENGTH,
        error_messages={
            "required": _("Scan a card first."),
            "max_length": cards.BadCard.default_message,
        },
    )

    def clean_card(self) -> Person:
        try:
            return cards.card_holder(self.cleaned_data["card"])
        except (cards.BadCard, cards.CardRevoked) as bad:
            raise ValidationError(bad.message, code=bad.code) from bad


class CheckOutForm(PresenceForm):
    # Which page the button was on, to answer with that page (or its partial).
    back = forms.ChoiceField(choices=[("presence", "presence"), ("kiosk", "kiosk")], required=False)


class CardReplaceForm(PresenceForm):
    # Which page the button was on, to go back to it with the new card.
    back = forms.ChoiceField(choices=[("card", "card"), ("profile", "profile")], required=False)
