"""Writes of the conciergerie, one transaction each: the catalogue, the requests and their
messages, the parcels."""

from comptoir.conciergerie.services.catalogue import service_create, service_set_active
from comptoir.conciergerie.services.parcels import (
    PARCEL_REMINDER_DAYS,
    PARCEL_RETURN_DAYS,
    parcel_hand_over,
    parcel_log,
    parcels_upkeep,
)
from comptoir.conciergerie.services.requests import (
    message_add,
    request_create,
    request_move,
)

__all__ = [
    "PARCEL_REMINDER_DAYS",
    "PARCEL_RETURN_DAYS",
    "message_add",
    "parcel_hand_over",
    "parcel_log",
    "parcels_upkeep",
    "request_create",
    "request_move",
    "service_create",
    "service_set_active",
]
