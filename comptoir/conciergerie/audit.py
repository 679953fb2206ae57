"""The audit verbs the conciergerie services write (stored as these strings)."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.audit import AuditVerb


class Verb(AuditVerb):
    SERVICE_CREATED = "conciergerie_service.created", _("Conciergerie service added")
    SERVICE_CHANGED = "conciergerie_service.changed", _("Conciergerie service changed")
    REQUEST_CREATED = "conciergerie_request.created", _("Conciergerie request made")
    REQUEST_MOVED = "conciergerie_request.moved", _("Conciergerie request moved on")
    MESSAGE_ADDED = "conciergerie_message.created", _("Message on a conciergerie request")
    PARCEL_LOGGED = "parcel.logged", _("Parcel logged at the desk")
    PARCEL_HANDED_OVER = "parcel.handed_over", _("Parcel handed over")
    PARCEL_RETURNED = "parcel.returned", _("Parcel returned to sender")
