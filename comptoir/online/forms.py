"""The refund of an online payment: a reason, then everything that remains or a quantity
per line of the order."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.community.forms import CommunityForm
from comptoir.invoicing.services import REASON_MAX
from comptoir.online.selectors import RefundLine


class RefundForm(CommunityForm):
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX)
    whole = forms.BooleanField(label=_("Refund everything that remains"), required=False)

    def __init__(self, *args: Any, lines: list[RefundLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for line in lines:
            self.fields[f"line_{line.position}"] = forms.IntegerField(
                label=_("Quantity of “%(label)s” to refund (%(remaining)d remain)")
                % {"label": line.label, "remaining": line.remaining},
                min_value=0,
                max_value=max(line.remaining, 0),
                initial=0,
                required=False,
            )

    def quantities(self) -> dict[int, int] | None:
        """None refunds everything that remains; else the positions and quantities."""
        if self.cleaned_data.get("whole"):
            return None
        return {
            int(name.removeprefix("line_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("line_") and value
        }
