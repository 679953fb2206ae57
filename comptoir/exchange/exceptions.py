from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput


class KindInvalid(InvalidInput):
    code = "kind_invalid"
    default_message = _("Choose: I lend, I am looking for, or I offer a hand.")


class TitleInvalid(InvalidInput):
    code = "title_invalid"
    default_message = _("Give a title of 120 characters at most.")


class TextTooLong(InvalidInput):
    code = "text_too_long"
    default_message = _("This text is too long.")


class ExpiryInvalid(InvalidInput):
    code = "expiry_invalid"
    default_message = _("Keep it open from tomorrow to 90 days from now.")


class SkillUnknown(InvalidInput):
    code = "skill_unknown"
    default_message = _("Choose skills of the directory (five at most).")


class ReplyEmpty(InvalidInput):
    code = "reply_empty"
    default_message = _("Write your reply (1000 characters at most).")


class PostClosed(Conflict):
    code = "post_closed"
    default_message = _("This offer or request is closed.")
