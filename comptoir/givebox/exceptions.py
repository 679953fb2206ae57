from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import Conflict, InvalidInput


class ContactRequired(InvalidInput):
    code = "contact_required"
    default_message = _("An object to collect needs a way to reach you (a phone or an email).")


class GiftInvalid(InvalidInput):
    code = "gift_invalid"
    default_message = _("Say what the object is, its category and where it is.")


class GiftUnavailable(Conflict):
    code = "gift_unavailable"
    default_message = _("Someone already holds this object, or it has left the box.")


class GiftStateInvalid(Conflict):
    code = "gift_state"
    default_message = _("This object is no longer in a state that allows this.")


class PlaceHasNoGiveBox(Conflict):
    code = "no_give_box"
    default_message = _("This place has no Give Box.")
