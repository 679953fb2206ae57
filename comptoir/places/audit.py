"""The audit verbs the places' services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    PLACE_CREATED = "place.created", _("Place created")
    PLACE_UPDATED = "place.updated", _("Place updated")
    SPACE_CREATED = "space.created", _("Space created")
    SPACE_UPDATED = "space.updated", _("Space updated")
    EQUIPMENT_CREATED = "equipment.created", _("Equipment added")
    NEARBY_PLACE_SET = "nearby_place.set", _("Nearby place set")
