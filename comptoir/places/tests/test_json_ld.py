"""The place page's schema.org JSON-LD, read by PyLD (no network: the schema.org context is
served from a local copy of its vocabulary mapping) and checked against what schema.org
expects of each type: a Place states its hours with openingHoursSpecification, never with
openingHours (whose domain is CivicStructure and LocalBusiness)."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from pyld import jsonld

from comptoir.places.jsonld import place_json_ld
from comptoir.places.tests.factories import PlaceFactory

SCHEMA = "http://schema.org/"
# schema.org's context (https://schema.org/docs/jsonldcontext.jsonld) maps every term to the
# vocabulary with "@vocab": "http://schema.org/"; that mapping is all these documents use.
LOCAL_CONTEXT = {"@context": {"@vocab": SCHEMA, "schema": SCHEMA}}

# The properties each type may carry (schema.org: domain of each property), restricted to
# the ones a place document uses. openingHours's domain is CivicStructure, LocalBusiness.
EXPECTED = {
    "Place": {
        "name",
        "url",
        "address",
        "description",
        "geo",
        "openingHoursSpecification",
        "specialOpeningHoursSpecification",
    },
    "PostalAddress": {"streetAddress", "postalCode", "addressLocality", "addressCountry"},
    "GeoCoordinates": {"latitude", "longitude"},
    "OpeningHoursSpecification": {"dayOfWeek", "opens", "closes", "validFrom", "validThrough"},
}
# The range of the properties holding nodes.
RANGE = {
    "address": "PostalAddress",
    "geo": "GeoCoordinates",
    "openingHoursSpecification": "OpeningHoursSpecification",
    "specialOpeningHoursSpecification": "OpeningHoursSpecification",
}
DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
HOURS = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-13:00; PH off"


def local_loader(url: str, options: Any = None) -> dict[str, Any]:
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": LOCAL_CONTEXT}
    raise jsonld.JsonLdError(f"Not fetched: {url}", "jsonld.LoadDocumentError")


def expand(document: dict[str, Any]) -> dict[str, Any]:
    (node,) = jsonld.expand(document, {"documentLoader": local_loader})
    return node


def check(node: dict[str, Any]) -> int:
    """Every property of `node` allowed on its type, recursively; the count checked."""
    (type_iri,) = node["@type"]
    kind = type_iri.removeprefix(SCHEMA)
    checked = 0
    for key, values in node.items():
        if key.startswith("@"):
            continue
        name = key.removeprefix(SCHEMA)
        assert name in EXPECTED[kind], f"schema:{name} is not a property of schema:{kind}"
        for value in values:
            if name in RANGE:
                assert value["@type"] == [SCHEMA + RANGE[name]]
                checked += check(value)
            elif name == "dayOfWeek":
                assert value["@value"].removeprefix("https://schema.org/") in DAYS
            elif name in ("opens", "closes"):
                assert TIME.match(value["@value"]), value
            elif name in ("validFrom", "validThrough"):
                date.fromisoformat(value["@value"])
        checked += 1
    return checked


def page_json_ld(place: Any) -> dict[str, Any]:
    html = Client().get(place.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    return json.loads(raw)


@pytest.mark.django_db
def test_the_place_page_json_ld_fits_schema_org():
    place = PlaceFactory(opening_hours=HOURS, summary="Un tiers-lieu")

    document = page_json_ld(place)
    node = expand(document)

    assert node["@type"] == [f"{SCHEMA}Place"]
    assert f"{SCHEMA}openingHours" not in node and "openingHours" not in document
    assert check(node) > 20
    assert len(node[f"{SCHEMA}openingHoursSpecification"]) == 3


def test_the_usual_week_groups_days_with_the_same_hours():
    place = PlaceFactory.build(opening_hours=HOURS)

    week = place_json_ld(place, url="https://x.example/", today=date(2026, 12, 7))

    assert week["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [
                f"https://schema.org/{d}"
                for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
            ],
            "opens": opens,
            "closes": closes,
        }
        for opens, closes in (("09:00", "12:00"), ("14:00", "18:00"))
    ] + [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Saturday"],
            "opens": "10:00",
            "closes": "13:00",
        }
    ]


def test_public_holidays_that_close_the_place_are_special_hours():
    place = PlaceFactory.build(opening_hours=HOURS)

    special = place_json_ld(place, url="u", today=date(2026, 12, 7))[
        "specialOpeningHoursSpecification"
    ]

    christmas = {"validFrom": "2026-12-25", "validThrough": "2026-12-25"}
    assert {
        "@type": "OpeningHoursSpecification",
        **christmas,
        "opens": "00:00",
        "closes": "00:00",
    } in special
    days = [item["validFrom"] for item in special]
    assert "2027-07-14" in days and "2027-05-01" in days
    assert "2026-12-26" not in days  # not a holiday outside Alsace-Moselle
    assert "2027-08-15" not in days  # a Sunday: closed anyway

    moselle = PlaceFactory.build(opening_hours=HOURS, holiday_region="57")
    assert "2026-12-26" in [
        item["validFrom"]
        for item in place_json_ld(moselle, url="u", today=date(2026, 12, 7))[
            "specialOpeningHoursSpecification"
        ]
    ]


def test_special_hours_on_a_holiday_are_its_own_spans():
    place = PlaceFactory.build(opening_hours="Mo-Fr 09:00-18:00; PH 10:00-12:00")

    special = place_json_ld(place, url="u", today=date(2027, 7, 1))[
        "specialOpeningHoursSpecification"
    ]

    assert {
        "@type": "OpeningHoursSpecification",
        "validFrom": "2027-07-14",
        "validThrough": "2027-07-14",
        "opens": "10:00",
        "closes": "12:00",
    } in special


def test_a_place_open_around_the_clock_closes_at_23_59_and_has_no_special_hours():
    place = PlaceFactory.build(opening_hours="24/7")

    data = place_json_ld(place, url="u", today=date(2026, 12, 7))

    (item,) = data["openingHoursSpecification"]
    assert (item["opens"], item["closes"], len(item["dayOfWeek"])) == ("00:00", "23:59", 7)
    assert "specialOpeningHoursSpecification" not in data
    check(expand({"@context": "https://schema.org", **data}))


def test_unknown_hours_give_no_specification():
    for hours in ("", "whenever we feel like it"):
        data = place_json_ld(
            PlaceFactory.build(opening_hours=hours), url="u", today=date(2026, 12, 7)
        )
        assert "openingHoursSpecification" not in data
