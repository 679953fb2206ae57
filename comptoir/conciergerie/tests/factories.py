"""Services, requests and parcels of a place, made through the services."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from comptoir.conciergerie import services
from comptoir.conciergerie.models import Parcel, Request, Service


def make_service(place: Any, **fields: Any) -> Service:
    fields.setdefault("kind", Service.Kind.PRINTING)
    fields.setdefault("name", f"Impressions {Service.objects.count() + 1}")
    return services.service_create(place=place, by=None, **fields)


def make_request(service: Service, requester: Any, **fields: Any) -> Request:
    return services.request_create(service=service, requester=requester, by=requester, **fields)


def make_parcel(place: Any, addressee: Any, by: Any = None, **fields: Any) -> Parcel:
    fields.setdefault("carrier", "La Poste")
    return services.parcel_log(place=place, addressee=addressee, by=by, **fields)


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "PNG")
    return out.getvalue()
