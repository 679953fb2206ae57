"""The refusals of the economy services (a translated message and a stable code each)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput


class AmountNotPositive(InvalidInput):
    code = "amount_not_positive"
    default_message = _("Give an amount above zero, in euros and cents.")


class AmountTooLarge(InvalidInput):
    code = "amount_too_large"
    default_message = _("This amount is too large.")


class PeriodDisordered(InvalidInput):
    code = "period_disordered"
    default_message = _("The period ends before it starts.")


class PeriodIncomplete(InvalidInput):
    code = "period_incomplete"
    default_message = _("Give both the first and the last day of the period, or neither.")


class GrantNeedsPeriod(InvalidInput):
    code = "grant_needs_period"
    default_message = _("A grant covers a period: give its first and last day.")


class GrantNeedsProgramme(InvalidInput):
    code = "grant_needs_programme"
    default_message = _("A grant comes from a programme of its funder: name it.")


class TextRequired(InvalidInput):
    code = "required"
    default_message = _("This field is required.")


class KindUnknown(InvalidInput):
    code = "kind_unknown"
    default_message = _("Choose one of the kinds of income listed.")


class SourceUnknown(InvalidInput):
    code = "source_unknown"
    default_message = _("Choose one of the sources listed.")


class YearOutOfRange(InvalidInput):
    code = "year_out_of_range"
    default_message = _("Give a year between 1900 and 2199.")


class IncomePeriodClosed(Conflict):
    code = "period_closed"
    default_message = _(
        "This date is in a closed accounting period of the place's entity: nothing dated in "
        "it can be recorded, changed or deleted."
    )


class NothingToSettle(Conflict):
    code = "nothing_to_settle"
    default_message = _("No ticket of another place was used in this network that month.")


class SettlementNotInvoiceable(Conflict):
    code = "settlement_not_invoiceable"
    default_message = _(
        "Each place of the settlement needs a legal entity with a SIRET and invoicing set up "
        "before its invoices can be issued: %(places)s."
    )

    def __init__(self, places: str, **kwargs: object) -> None:
        super().__init__(str(self.default_message) % {"places": places}, **kwargs)  # type: ignore[arg-type]
