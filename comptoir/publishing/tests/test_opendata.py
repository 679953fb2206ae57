"""The places as open data in the national digital-mediation standard, checked with a real
Table Schema validator (frictionless) against the standard's own schema.json."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from frictionless import Resource, Schema

from comptoir.agenda.models import Event, EventKind
from comptoir.community.tests.factories import OrganizationFactory, valid_siret
from comptoir.core.mediation import PUBLICS, SERVICES
from comptoir.core.tests.csv_checks import regular_fields
from comptoir.places.tests.factories import PlaceFactory
from comptoir.publishing import opendata

# A copy of the standard's schema.json (v1.0.2), so that the tests run from a clean clone;
# where the shared standards folder is there too, the export is checked against it as well.
REPO_SCHEMA = Path(__file__).parent / "data" / "mediation-numerique-schema.json"
SHARED_SCHEMA = (
    Path(__file__).resolve().parents[4] / "shared/standards/mediation-numerique/schema.json"
)
SCHEMAS = [REPO_SCHEMA, *([SHARED_SCHEMA] if SHARED_SCHEMA.exists() else [])]
URL = "/donnees/lieux-mediation-numerique.csv"


@pytest.fixture(autouse=True)
def _no_cached_export() -> None:
    cache.clear()


def event(place: Any, kind: str, days: int, **fields: Any) -> Event:
    start = timezone.now() + dt.timedelta(days=days)
    return Event.objects.create(
        place=place,
        title=f"{kind} {days}",
        kind=kind,
        start=start,
        end=start + dt.timedelta(hours=2),
        **fields,
    )


@pytest.fixture
def places(db: Any) -> dict[str, Any]:
    carrier = OrganizationFactory(name="Association Le Comptoir", siret=valid_siret(42))
    full = PlaceFactory(
        name="La Quincaillerie, « Tiers-lieu »",
        slug="la-quincaillerie",
        legal_entity=carrier,
        phone="04 77 12 34 56",
        email="bonjour@quincaillerie.example",
        website="https://quincaillerie.example/",
        summary="Un lieu " + "très " * 58,
        description="Ateliers numériques,\nune fois par semaine.",
        typology=["TIERS_LIEUX", "EPN"],
        services=[SERVICES[7], "Jardinage partagé"],
        opening_hours="Mo-Fr 09:00-12:00,14:00-18:30; Sa 10:00-13:00; PH off",
    )
    event(full, EventKind.WORKSHOP, -30, services=[SERVICES[1]], publics=[PUBLICS[3]])
    event(full, EventKind.DROP_IN, 10, services=[SERVICES[0]], price_cents=500)
    # Not counted: cancelled, more than a year ago, not mediation, not public.
    event(full, EventKind.WORKSHOP, 5, services=[SERVICES[4]], status=Event.Status.CANCELLED)
    event(full, EventKind.WORKSHOP, -400, services=[SERVICES[5]], publics=[PUBLICS[0]])
    event(full, EventKind.TALK, 3, services=[SERVICES[6]], publics=[PUBLICS[4]])
    event(full, EventKind.TRAINING, 4, services=[SERVICES[3]], is_public=False)
    bare = PlaceFactory(
        name="Lieu sans structure",
        slug="lieu-nu",
        insee_code="",
        latitude=None,
        longitude=None,
        opening_hours="",
        typology=[],
    )
    odd = PlaceFactory(
        name="Lieu aux données étranges",
        slug="lieu-etrange",
        legal_entity=OrganizationFactory(siret=""),
        phone="12",
        insee_code="20000",
    )
    closed = PlaceFactory(name="Lieu fermé", slug="lieu-ferme", is_active=False)
    return {"full": full, "bare": bare, "odd": odd, "closed": closed}


def validate(text: str, schema_path: Path, tmp_path: Path) -> list[list[Any]]:
    (tmp_path / "export.csv").write_text(text, encoding="utf-8")
    schema = Schema.from_descriptor(json.loads(schema_path.read_text(encoding="utf-8")))
    report = Resource(path="export.csv", basepath=str(tmp_path), schema=schema).validate()
    errors: list[list[Any]] = report.flatten(["rowNumber", "fieldName", "type", "message"])
    return errors


def by_id(text: str) -> dict[str, dict[str, str]]:
    return {line["id"]: line for line in csv.DictReader(io.StringIO(text))}


@pytest.mark.parametrize("schema_path", SCHEMAS, ids=lambda p: p.parent.name)
def test_the_export_is_valid_against_the_standard_s_schema(
    places: dict[str, Any], client: Client, schema_path: Path, tmp_path: Path
) -> None:
    response = client.get(URL)

    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert validate(text, schema_path, tmp_path) == []
    assert set(by_id(text)) == {
        "comptoir-la-quincaillerie",
        "comptoir-lieu-nu",
        "comptoir-lieu-etrange",
    }


def test_the_standard_s_own_example_passes_the_same_check(tmp_path: Path) -> None:
    example = REPO_SCHEMA.parent / "mediation-numerique-exemple-valide.csv"
    assert validate(example.read_text(encoding="utf-8"), REPO_SCHEMA, tmp_path) == []


def test_a_broken_row_is_caught_by_the_validator(places: dict[str, Any], tmp_path: Path) -> None:
    # The check would catch a mistake: a phone not in E.164 and a bad pivot.
    table = opendata.rows()
    table[0]["telephone"] = "04 77 12 34 56"
    table[0]["pivot"] = "inconnu"
    errors = validate(opendata.to_csv(table), REPO_SCHEMA, tmp_path)
    assert {(e[1], e[2]) for e in errors} == {
        ("telephone", "constraint-error"),
        ("pivot", "constraint-error"),
    }


def test_the_columns_are_the_standard_s_in_its_order(places: dict[str, Any]) -> None:
    schema = json.loads(REPO_SCHEMA.read_text(encoding="utf-8"))
    names = [f["name"] for f in schema["fields"]]

    header = next(csv.reader(io.StringIO(opendata.to_csv(opendata.rows()))))

    assert list(opendata.FIELDS) == names
    assert header == names


def test_a_full_place_row(places: dict[str, Any]) -> None:
    full = places["full"]
    line = by_id(opendata.to_csv(opendata.rows()))["comptoir-la-quincaillerie"]

    assert line["pivot"] == full.legal_entity.siret
    assert line["nom"] == "La Quincaillerie, « Tiers-lieu »"
    assert line["typologie"] == "TIERS_LIEUX|EPN"
    assert line["telephone"] == "+33477123456"
    assert line["courriels"] == "bonjour@quincaillerie.example"
    assert line["site_web"] == "https://quincaillerie.example/"
    assert line["horaires"] == "Mo-Fr 09:00-12:00,14:00-18:30; Sa 10:00-13:00; PH off"
    assert line["date_maj"] == timezone.localdate(full.updated_at).isoformat()
    # The place's own services (the standard's only) and those of its mediation events.
    assert line["services"] == "|".join([SERVICES[0], SERVICES[1], SERVICES[7]])
    assert line["publics_specifiquement_adresses"] == PUBLICS[3]
    assert line["frais_a_charge"] == "Gratuit|Payant"
    assert line["modalites_accompagnement"] == "Accompagnement individuel|Dans un atelier collectif"
    assert line["modalites_acces"] == "Se présenter|Téléphoner|Contacter par mail"
    assert len(line["presentation_resume"]) == opendata.SUMMARY_MAX
    assert line["presentation_detail"] == "Ateliers numériques,\nune fois par semaine."
    assert line["structure_parente"] == full.network.name
    assert (line["latitude"], line["longitude"]) == ("45.440000", "4.387000")


def test_a_place_without_legal_entity_nor_optional_fields(places: dict[str, Any]) -> None:
    table = by_id(opendata.to_csv(opendata.rows()))
    bare, odd = table["comptoir-lieu-nu"], table["comptoir-lieu-etrange"]

    assert bare["pivot"] == odd["pivot"] == opendata.UNKNOWN_PIVOT
    empty = ("code_insee", "latitude", "longitude", "typologie", "telephone", "horaires")
    empty += ("services", "frais_a_charge", "modalites_accompagnement", "courriels")
    for name in empty:
        assert bare[name] == "", name
    # What the standard cannot take is left out rather than exported wrong.
    assert odd["telephone"] == ""
    assert odd["code_insee"] == ""


def test_the_list_separator_is_a_pipe_and_values_keep_their_commas(
    places: dict[str, Any],
) -> None:
    text = opendata.to_csv(opendata.rows())
    line = by_id(text)["comptoir-la-quincaillerie"]

    assert line["typologie"].split("|") == ["TIERS_LIEUX", "EPN"]
    assert "," in line["horaires"] and "," in line["nom"]
    assert '"La Quincaillerie, « Tiers-lieu »"' in text


def test_the_address_is_stable_named_cached_and_downloadable(
    places: dict[str, Any], client: Client
) -> None:
    assert reverse("publishing:opendata-mediation") == URL
    first = client.get(URL)

    assert first["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="lieux-mediation-numerique.csv"' in first["Content-Disposition"]
    assert "max-age=300" in first["Cache-Control"]
    PlaceFactory(name="Nouveau lieu", slug="nouveau-lieu")
    assert client.get(URL).content == first.content  # served from the cache for a while
    cache.clear()
    assert b"comptoir-nouveau-lieu" in client.get(URL).content
    assert client.post(URL).status_code == 405


def test_the_export_reads_the_database_in_a_few_queries(
    places: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    for n in range(5):
        PlaceFactory(slug=f"autre-{n}", legal_entity=OrganizationFactory())
    with django_assert_max_num_queries(2):
        opendata.rows()


def test_pandas_reads_the_export_as_one_regular_table(
    places: dict[str, Any], client: Client
) -> None:
    """The open-data export keeps its standard's convention (comma, dot, no BOM): programs
    read it, and the standard's schema fixes it. Still one regular table."""
    content = client.get(URL).content
    assert not content.startswith(codecs.BOM_UTF8)
    width = regular_fields(content.decode("utf-8"), ",")

    frame = pd.read_csv(io.BytesIO(content), sep=",", dtype=str, keep_default_na=False)

    assert list(frame.columns) == list(opendata.FIELDS)
    assert frame.shape == (3, width)
    assert set(frame["id"]) == {
        "comptoir-la-quincaillerie",
        "comptoir-lieu-nu",
        "comptoir-lieu-etrange",
    }
    assert pd.to_numeric(frame["latitude"].replace("", None)).notna().any()
