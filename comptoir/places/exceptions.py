from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict


class DuplicateSlug(Conflict):
    code = "duplicate_slug"
    default_message = _("This identifier is already used.")
