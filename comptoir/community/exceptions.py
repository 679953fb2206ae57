from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput


class RoleOverlap(Conflict):
    code = "role_overlap"
    default_message = _(
        "This person already holds this role in this place over an overlapping period."
    )


class InvalidPeriod(InvalidInput):
    code = "invalid_period"
    default_message = _("The end date must be on or after the start date.")


class DuplicateEmail(Conflict):
    code = "duplicate_email"
    default_message = _("A person with this email already exists.")


class DuplicateSiret(Conflict):
    code = "duplicate_siret"
    default_message = _("A structure with this SIRET number already exists.")


class InvalidSkills(InvalidInput):
    code = "invalid_skills"
    default_message = _("These skills are not valid.")


class UnknownLanguage(InvalidInput):
    code = "unknown_language"
    default_message = _("This language is not available.")


class AlreadyErased(Conflict):
    code = "already_erased"
    default_message = _("This person's data has already been erased.")
