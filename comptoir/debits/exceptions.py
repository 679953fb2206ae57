from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput


class IbanInvalid(InvalidInput):
    code = "iban_invalid"
    default_message = _("This IBAN is not valid: check its letters and digits.")


class BicInvalid(InvalidInput):
    code = "bic_invalid"
    default_message = _("This BIC is not valid: 8 or 11 letters and digits.")


class BicUnknown(InvalidInput):
    code = "bic_required"
    default_message = _("The bank of this IBAN is not known: give its BIC.")


class CreditorIdInvalid(InvalidInput):
    code = "creditor_id_invalid"
    default_message = _(
        "This SEPA creditor identifier (ICS) is not valid: e.g. FR12ZZZ123456, as given "
        "by the bank."
    )


class SignatureDateMissing(InvalidInput):
    code = "signature_date_missing"
    default_message = _("A mandate needs the date it was signed, today or before.")


class DebtorNameInvalid(InvalidInput):
    code = "debtor_name_invalid"
    default_message = _("Give the account holder's name (70 characters at most).")


class MandateReferenceTaken(Conflict):
    code = "mandate_reference_taken"
    default_message = _("This mandate reference is already used: each mandate has its own.")


class MandateReferenceInvalid(InvalidInput):
    code = "mandate_reference_invalid"
    default_message = _(
        "A mandate reference has 35 characters at most: letters, digits, and - . / + ? : ( ) , '"
    )


class ActiveMandateExists(Conflict):
    code = "mandate_exists"
    default_message = _("This person already has an active mandate at this place: revoke it first.")


class MandateAlreadyRevoked(Conflict):
    code = "mandate_revoked"
    default_message = _("This mandate is already revoked.")


class NoCreditor(Conflict):
    code = "no_sepa_creditor"
    default_message = _(
        "The structure that sells at this place has no SEPA creditor details (creditor "
        "identifier, IBAN): set them first."
    )


class MonthInvalid(InvalidInput):
    code = "month_invalid"
    default_message = _("Choose a month, this one or the next.")


class BatchExists(Conflict):
    code = "batch_exists"
    default_message = _("The direct-debit batch of this month was already prepared.")


class NothingToCollect(Conflict):
    code = "nothing_to_collect"
    default_message = _(
        "Nothing to collect: no subscription awaits payment from a person with an active mandate."
    )


class DebitAlreadyReturned(Conflict):
    code = "debit_returned"
    default_message = _("This direct debit was already recorded as returned.")


class ReturnReasonInvalid(InvalidInput):
    code = "return_reason_invalid"
    default_message = _("Choose the reason the bank gave for the return.")


class ReturnDateInvalid(InvalidInput):
    code = "return_date_invalid"
    default_message = _("The return date is between the debit's date and today.")
