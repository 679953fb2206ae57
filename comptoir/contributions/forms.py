"""Shape checks of the contribution and prestation forms; the rules (units, bounds, who
may) are the services'."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from comptoir.access.forms import parse_euros
from comptoir.contributions.models import Contribution, Prestation
from comptoir.contributions.services.redistribution import DEFAULT_WEIGHTS
from comptoir.core import ranges
from comptoir.core.exceptions import DomainError
from comptoir.places.models import Place
from comptoir.projects.models import Project


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class BaseForm(forms.Form):
    """Labels without the trailing colon; refusals of a service shown on their field."""

    service_fields: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_service_error(self, error: DomainError) -> None:
        name = self.service_fields.get(error.field or "", error.field)
        self.add_error(name if name in self.fields else None, error.message)

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class ContributionForm(BaseForm):
    kind = forms.ChoiceField(label=_("What you gave"), choices=Contribution.Kind.choices)
    quantity = forms.CharField(
        label=_("How much"),
        max_length=20,
        help_text=_("Hours for work, documentation and running the place; euros; items."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=[("", _("The usual one")), *Contribution.Unit.choices],
        required=False,
    )
    description = forms.CharField(
        label=_("What it was"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    happened_on = ranges.DateField(label=_("Date"), widget=DateInput())


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("validate", "validate"), ("refuse", "refuse")])


class PrestationForm(BaseForm):
    service_fields = {"revenue_cents": "revenue", "commons_share_bp": "commons_share"}

    title = forms.CharField(label=_("Title"), max_length=160)
    client = forms.CharField(label=_("Client"), max_length=160, required=False)
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False
    )
    revenue = forms.CharField(
        label=_("Revenue (euros)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    delivered_on = ranges.DateField(label=_("Delivered on"), widget=DateInput())
    period_start = ranges.DateField(label=_("Contributions from"), widget=DateInput())
    period_end = ranges.DateField(label=_("Contributions until"), widget=DateInput())
    commons_share = forms.DecimalField(
        label=_("Share to the place's commons (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        initial=Decimal(20),
        localize=True,
    )

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        project_field = self.fields["project"]
        assert isinstance(project_field, forms.ModelChoiceField)
        project_field.queryset = Project.objects.filter(places=place).order_by("title")
        for kind, default in DEFAULT_WEIGHTS.items():
            self.fields[f"weight_{kind}"] = forms.DecimalField(
                label=Contribution.Kind(kind).label,
                min_value=Decimal(0),
                max_value=Decimal(10),
                decimal_places=2,
                initial=default,
                localize=True,
            )

    def clean_revenue(self) -> int:
        try:
            return parse_euros(self.cleaned_data.get("revenue") or "")
        except ValidationError as error:
            raise ValidationError(
                _("Enter an amount in euros, for example 1500 or 1500,50."), code="invalid"
            ) from error

    def weight_fields(self) -> list[Any]:
        return [self[f"weight_{kind}"] for kind in DEFAULT_WEIGHTS]

    def prestation_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "client": data.get("client") or "",
            "project": data.get("project"),
            "revenue_cents": data["revenue"],
            "delivered_on": data["delivered_on"],
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "commons_share_bp": int(data["commons_share"] * 100),
            "weights": {
                kind: str(data[f"weight_{kind}"])
                for kind, default in DEFAULT_WEIGHTS.items()
                if data[f"weight_{kind}"] != default
            },
        }

    @classmethod
    def initial_for(cls, prestation: Prestation) -> dict[str, Any]:
        from comptoir.access.forms import cents_as_euros

        initial = {
            "title": prestation.title,
            "client": prestation.client,
            "project": prestation.project_id,
            "revenue": cents_as_euros(prestation.revenue_cents),
            "delivered_on": prestation.delivered_on,
            "period_start": prestation.period_start,
            "period_end": prestation.period_end,
            "commons_share": Decimal(prestation.commons_share_bp) / 100,
        }
        for kind, value in (prestation.weights or {}).items():
            initial[f"weight_{kind}"] = Decimal(str(value))
        return initial
