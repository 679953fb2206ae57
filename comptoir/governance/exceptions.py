from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput, NotAllowed


class NotABodyMember(NotAllowed):
    code = "not_a_member"
    default_message = _("Only the members of this body take part in its decisions.")


class ProposalClosed(Conflict):
    code = "proposal_closed"
    default_message = _("This proposal is closed: positions are no longer taken.")


class ProposalOpen(Conflict):
    code = "proposal_open"
    default_message = _("This proposal is still open.")


class StanceInvalid(InvalidInput):
    code = "stance_invalid"
    default_message = _("Choose one of the positions this process takes.")


class ReasonRequired(InvalidInput):
    code = "reason_required"
    default_message = _("An objection needs its reason.")


class ChoicesInvalid(InvalidInput):
    code = "choices_invalid"
    default_message = _("Choose among the proposal's options (one, unless the method allows more).")


class QuestionInvalid(InvalidInput):
    code = "question_invalid"
    default_message = _("Write the question (200 characters at most).")


class ClosingInvalid(InvalidInput):
    code = "closing_invalid"
    default_message = _("The closing date is in the future, within two years.")


class OptionsInvalid(InvalidInput):
    code = "options_invalid"
    default_message = _("A vote needs two to twenty distinct options.")


class NotAnObjection(Conflict):
    code = "not_an_objection"
    default_message = _("Only an objection is answered.")


class AnswerRequired(InvalidInput):
    code = "answer_required"
    default_message = _("Write the answer to the objection.")


class NotDecidedByAdvice(Conflict):
    code = "not_advice"
    default_message = _("Only the author of an advice proposal decides it, once it is closed.")


class ChangeInvalid(InvalidInput):
    code = "change_invalid"
    default_message = _("This change cannot be made: check the setting and its new value.")


class EffectiveDateInvalid(InvalidInput):
    code = "effective_date_invalid"
    default_message = _("A change takes effect on or after the proposal's closing day.")


class AlreadyMember(Conflict):
    code = "already_member"
    default_message = _("This person is already a member of this body.")


class ProxyLimit(Conflict):
    code = "proxy_limit"
    default_message = _("This member already holds as many proxies as the body allows.")


class ProxyInvalid(InvalidInput):
    code = "proxy_invalid"
    default_message = _("A proxy is given to another member of the body, present at the meeting.")


class MeetingDateInvalid(InvalidInput):
    code = "meeting_date_invalid"
    default_message = _("Choose the meeting's date and time.")


class MinutesInvalid(InvalidInput):
    code = "minutes_invalid"
    default_message = _("Write the minutes (100,000 characters at most).")
