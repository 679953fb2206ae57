from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput


class TooFewMembers(Conflict):
    code = "cigale_too_few"
    default_message = _("A Cigale has five members at least.")


class ClubFull(Conflict):
    code = "cigale_full"
    default_message = _("A Cigale has twenty members at most: this one is full.")


class NotAClubMember(InvalidInput):
    code = "cigale_not_member"
    default_message = _("This person is not a member of the club.")


class PledgeInvalid(InvalidInput):
    code = "pledge_invalid"
    default_message = _("A monthly pledge is more than zero (and 10,000 € at most).")


class AmountInvalid(InvalidInput):
    code = "amount_invalid"
    default_message = _("The amount is more than zero (1,000,000 € at most).")


class InsufficientFund(Conflict):
    code = "fund_insufficient"
    default_message = _("The fund does not hold enough: its balance never goes below zero.")


class WithdrawalTooLarge(Conflict):
    code = "withdrawal_too_large"
    default_message = _("A member withdraws at most what they paid in and did not withdraw.")


class InvestmentNotAdopted(Conflict):
    code = "investment_not_adopted"
    default_message = _("The club has not adopted this investment (or it was already made).")


class InvestmentNotMade(Conflict):
    code = "investment_not_made"
    default_message = _("Money comes back only from an investment made.")


class ClubDissolved(Conflict):
    code = "club_dissolved"
    default_message = _("This club is dissolved.")


class ClubInvalid(InvalidInput):
    code = "club_invalid"
    default_message = _("Give the club's name, its founding day and a term after it.")


class EnterpriseInvalid(InvalidInput):
    code = "enterprise_invalid"
    default_message = _("Name the enterprise (200 characters at most).")


class InvestmentsOutstanding(Conflict):
    code = "investments_outstanding"
    default_message = _("Close the investments still made before dissolving the club.")


class BeforeTerm(Conflict):
    code = "cigale_before_term"
    default_message = _("A Cigale is dissolved at its term, not before.")
