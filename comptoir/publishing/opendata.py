"""Open data: the places as a CSV of the national digital-mediation standard ("lieux de
médiation numérique", v1.0.2): its fields in its order, list values joined by `|`, opening
hours in OpenStreetMap syntax, phones in E.164. What the place does (services, publics,
fees, kinds of support) comes from the place itself and from its mediation events of the
last twelve months."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
from django.db.models import QuerySet
from django.utils import timezone

from comptoir.agenda.models import MEDIATION_KINDS, Event, EventKind
from comptoir.core import mediation
from comptoir.places.models import Place, Typology

# The standard's columns, in its order (schema.json, v1.0.2).
FIELDS: tuple[str, ...] = (
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
)

SEPARATOR = "|"
SOURCE = "Comptoir"
# The standard takes 14 zeros as the pivot of a place whose SIRET is not known.
UNKNOWN_PIVOT = "0" * 14
SUMMARY_MAX = 280
EVENTS_OVER = timedelta(days=365)
PHONE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$")
INSEE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
SIRET = re.compile(r"^\d{14}$")
SIREN = re.compile(r"^\d{9}$")
WORKSHOP_KINDS = (EventKind.WORKSHOP, EventKind.TRAINING)


@dataclass
class Activity:
    """What a place's mediation events say about it."""

    services: set[str] = field(default_factory=set)
    publics: set[str] = field(default_factory=set)
    free: bool = False
    paid: bool = False
    workshops: bool = False
    drop_ins: bool = False


def joined(values: Iterable[str], vocabulary: tuple[str, ...]) -> str:
    """The values found in the vocabulary, in its order, joined by `|`."""
    present = set(values)
    return SEPARATOR.join(value for value in vocabulary if value in present)


def phone_e164(raw: str) -> str:
    """+33XXXXXXXXX as the standard wants it, or "" for a number it cannot take."""
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return formatted if PHONE.match(formatted) else ""


def pivot(place: Place) -> str:
    """The SIRET of the legal entity carrying the place (or its SIREN), else 14 zeros."""
    entity = place.legal_entity
    digits = re.sub(r"\D", "", entity.siret) if entity is not None else ""
    if SIRET.match(digits) or SIREN.match(digits):
        return digits
    return UNKNOWN_PIVOT


def summary(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) <= SUMMARY_MAX:
        return text
    return text[: SUMMARY_MAX - 1].rstrip() + "…"


def activities(places: Iterable[Place], now: datetime) -> dict[int, Activity]:
    """The mediation events of the last twelve months (and those to come), per place."""
    found: dict[int, Activity] = defaultdict(Activity)
    events = (
        Event.objects.scheduled()
        .filter(
            is_public=True,
            place__in=list(places),
            kind__in=MEDIATION_KINDS,
            start__gte=now - EVENTS_OVER,
        )
        .values_list("place_id", "kind", "services", "publics", "price_cents")
    )
    for place_id, kind, services, publics, price_cents in events:
        activity = found[place_id]
        activity.services.update(services or [])
        activity.publics.update(publics or [])
        if price_cents:
            activity.paid = True
        else:
            activity.free = True
        activity.workshops |= kind in WORKSHOP_KINDS
        activity.drop_ins |= kind == EventKind.DROP_IN
    return found


def row(place: Place, activity: Activity) -> dict[str, str]:
    """One place as a row of the standard (every field a string, "" when unknown)."""
    fees = [name for name, on in (("Gratuit", activity.free), ("Payant", activity.paid)) if on]
    access = [
        name
        for name, on in (
            ("Se présenter", bool(place.opening_hours)),
            ("Téléphoner", bool(phone_e164(place.phone))),
            ("Contacter par mail", bool(place.email)),
        )
        if on
    ]
    support = [
        name
        for name, on in (
            ("Accompagnement individuel", activity.drop_ins),
            ("Dans un atelier collectif", activity.workshops),
        )
        if on
    ]
    typology = [code for code in Typology.values if code in set(place.typology or [])]
    values = {
        "id": f"comptoir-{place.slug}",
        "pivot": pivot(place),
        "nom": place.name,
        "commune": place.commune,
        "code_postal": place.postal_code,
        "code_insee": place.insee_code if INSEE.match(place.insee_code or "") else "",
        "adresse": place.address,
        "latitude": str(place.latitude) if place.latitude is not None else "",
        "longitude": str(place.longitude) if place.longitude is not None else "",
        "typologie": SEPARATOR.join(typology),
        "telephone": phone_e164(place.phone),
        "courriels": place.email,
        "site_web": place.website,
        "horaires": place.opening_hours,
        "presentation_resume": summary(place.summary),
        "presentation_detail": place.description.strip(),
        "source": SOURCE,
        "itinerance": "Fixe",
        "structure_parente": place.network.name,
        "date_maj": place.updated_at.astimezone(ZoneInfo(place.timezone)).date().isoformat(),
        "services": joined([*place.services, *activity.services], mediation.SERVICES),
        "publics_specifiquement_adresses": joined(activity.publics, mediation.PUBLICS),
        "frais_a_charge": joined(fees, mediation.FEES),
        "modalites_acces": joined(access, mediation.ACCESS_MODES),
        "modalites_accompagnement": joined(support, mediation.SUPPORT_MODES),
    }
    return {name: values.get(name, "") for name in FIELDS}


def places_exported() -> QuerySet[Place]:
    return (
        Place.objects.active()
        .select_related("network", "legal_entity")
        .order_by("network__name", "name", "pk")
    )


def rows(
    places: Iterable[Place] | None = None, now: datetime | None = None
) -> list[dict[str, str]]:
    now = now or timezone.now()
    chosen = list(places_exported() if places is None else places)
    found = activities(chosen, now)
    return [row(place, found.get(place.pk, Activity())) for place in chosen]


def to_csv(table: Iterable[dict[str, str]]) -> str:
    """The CSV text: a header of the standard's field names, then one line per place."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for line in table:
        writer.writerow([line[name] for name in FIELDS])
    return out.getvalue()
