from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import InvalidInput


class TitleInvalid(InvalidInput):
    code = "title_invalid"
    default_message = _("Give the announcement a title (160 characters at most).")


class BodyInvalid(InvalidInput):
    code = "body_invalid"
    default_message = _("Write the announcement (20,000 characters at most).")


class AudienceInvalid(InvalidInput):
    code = "audience_invalid"
    default_message = _("An announcement is for a place or for a network (one of the two).")


class NotAMember(InvalidInput):
    code = "not_a_member"
    default_message = _("Only the members of a place receive its news by email.")


class TokenInvalid(InvalidInput):
    code = "unsubscribe_link_invalid"
    default_message = _("This link is not valid: copy it whole from the email.")
