"""/places/{slug}/documentation: the public sections with their live blocks (constant query
count), the concierges' saves with a stale save answered by a 409 and a diff, the history,
and the exports (the wikitext parses, the JSON carries the licence)."""

from __future__ import annotations

import io
import json
import threading
import zipfile

import mwparserfromhell
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptoir.api.tests.agenda_support import api_for, put
from comptoir.api.tests.conftest import assert_error
from comptoir.publishing.models import Revision, Section, SectionKey
from comptoir.publishing.tests.conftest import fill

pytestmark = pytest.mark.django_db

PLACE_KEY = SectionKey.PLACE.value


def save(who, place, body, base, key=PLACE_KEY, summary=""):
    payload = {"body": body, "base_revision": base, "summary": summary}
    return put(api_for(who), f"/places/{place.slug}/documentation/{key}", payload)


def test_anyone_reads_the_eleven_sections_with_their_live_blocks(anonymous_api, place, concierge):
    fill(place, 2)
    save(concierge, place, "Un **tiers-lieu** numérique<script>alert(1)</script>", 0)

    response = anonymous_api.get(f"/places/{place.slug}/documentation")

    assert response.status_code == 200, response.content
    body = response.json()
    assert [s["key"] for s in body["sections"]] == SectionKey.values
    first = body["sections"][0]
    assert (first["revision"], first["updated_by"]["id"]) == (1, concierge.pk)
    assert "<strong>tiers-lieu</strong>" in first["html"] and "<script" not in first["html"]
    assert body["sections"][1]["revision"] == 0 and body["sections"][1]["updated_at"] is None
    assert body["licence"]["id"] == "CC-BY-SA-4.0"
    assert body["can_edit"] is False
    blocks = [block for section in body["sections"] for block in section["blocks"]]
    assert blocks and all({"key", "columns", "records", "more"} <= set(b) for b in blocks)
    projects = next(b for s in body["sections"] for b in s["blocks"] if b["key"] == "projects")
    assert len(projects["records"]) == 2
    assert api_for(concierge).get(f"/places/{place.slug}/documentation").json()["can_edit"]


def test_the_documentation_costs_the_same_queries_whatever_the_data(
    anonymous_api, place, sister_place
):
    def cost(where):
        with CaptureQueriesContext(connection) as queries:
            response = anonymous_api.get(f"/places/{where.slug}/documentation")
        assert response.status_code == 200, response.content
        return len(queries)

    fill(place, 1)
    fill(sister_place, 5)
    assert cost(sister_place) == cost(place)


def test_unknown_places_and_sections_are_404(anonymous_api, concierge, place):
    assert_error(anonymous_api.get("/places/nulle-part/documentation"), 404, "not_found")
    assert_error(anonymous_api.get("/places/nulle-part/documentation.wiki"), 404)
    assert_error(anonymous_api.get("/places/nulle-part/documentation.json"), 404)
    revisions = f"/places/{place.slug}/documentation/la-cuisine/revisions"
    assert_error(anonymous_api.get(revisions), 404)
    assert_error(save(concierge, place, "Texte", 0, key="la-cuisine"), 404, "not_found")
    assert not Section.objects.exists()


# --- Saving ---------------------------------------------------------------------------------


def test_a_concierge_saves_a_section_revision_after_revision(concierge, place):
    first = save(concierge, place, "Première version", 0, summary="Création")
    assert first.status_code == 200, first.content
    assert (first.json()["key"], first.json()["revision"]) == (PLACE_KEY, 1)

    second = save(concierge, place, "Deuxième version", 1)
    assert second.json()["revision"] == 2

    history = api_for(concierge).get(f"/places/{place.slug}/documentation/{PLACE_KEY}/revisions")
    assert history.status_code == 200, history.content
    items = history.json()["items"]
    assert [(r["number"], r["body"]) for r in items] == [
        (2, "Deuxième version"),
        (1, "Première version"),
    ]
    assert (items[1]["summary"], items[1]["author"]["id"]) == ("Création", concierge.pk)


def test_a_stale_save_is_a_conflict_with_the_current_text_and_a_diff(
    concierge, occasional_concierge, place
):
    save(concierge, place, "Le lieu\nouvre le lundi", 0)
    save(occasional_concierge, place, "Le lieu\nouvre le mardi", 1)

    response = save(concierge, place, "Le lieu\nouvre le lundi et le jeudi", 1)

    error = assert_error(response, 409, "section_conflict")
    assert error["current"] == {
        "body": "Le lieu\nouvre le mardi",
        "revision": 2,
        "author": occasional_concierge.display_name,
    }
    kinds = [(line["kind"], line["text"]) for line in error["diff"]]
    assert ("removed", "ouvre le mardi") in kinds and (
        "added",
        "ouvre le lundi et le jeudi",
    ) in kinds
    assert "+ouvre le lundi et le jeudi" in error["unified_diff"]
    section = Section.objects.get(place=place, key=PLACE_KEY)
    assert (section.revision, section.body) == (2, "Le lieu\nouvre le mardi")
    assert Revision.objects.count() == 2


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_concierges_saving_at_once_one_is_told_of_the_conflict(
    concierge, occasional_concierge, place
):
    assert connection.vendor == "postgresql"  # row locks: the suite runs on PostgreSQL
    clients = [api_for(concierge), api_for(occasional_concierge)]
    path = f"/places/{place.slug}/documentation/{PLACE_KEY}"
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = [0] * len(clients)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            body = {"body": f"Version {index}", "base_revision": 0}
            statuses[index] = put(clients[index], path, body).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [200, 409]
    winner = statuses.index(200)
    section = Section.objects.get(place=place, key=PLACE_KEY)
    assert (section.revision, section.body) == (1, f"Version {winner}")
    assert Revision.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({"body": "x", "base_revision": -1}, "invalid_body", "base_revision"),
        ({"body": "x"}, "invalid_body", "base_revision"),
        ({"base_revision": 0}, "invalid_body", "body"),
        ({"body": None, "base_revision": 0}, "invalid_body", "body"),
        ({"body": "x", "base_revision": "zéro"}, "invalid_body", "base_revision"),
        ({"body": "x", "base_revision": 0, "summary": "s" * 201}, "invalid_body", "summary"),
        ({"body": "x" * 50_001, "base_revision": 0}, "invalid", "body"),
        ({"body": "x\x00", "base_revision": 0}, "invalid_body", "body"),
        ({"body": "x", "base_revision": 0, "author": "moi"}, "invalid_body", "author"),
    ],
)
def test_malformed_saves_are_refused(concierge, place, payload, code, field):
    response = put(api_for(concierge), f"/places/{place.slug}/documentation/{PLACE_KEY}", payload)

    assert field in assert_error(response, 422, code)["fields"]
    assert not Section.objects.exists()


def test_only_the_concierges_of_the_place_edit_its_documentation(
    nomad, sister_concierge, anonymous_api, place
):
    for who in (nomad, sister_concierge):
        assert_error(save(who, place, "Pirate", 0), 403, "forbidden")
    payload = {"body": "Pirate", "base_revision": 0}
    path = f"/places/{place.slug}/documentation/{PLACE_KEY}"
    assert_error(put(anonymous_api, path, payload), 401)
    assert_error(put(api_for(nomad), path, raw="{pas du json"), 400, "invalid_json")
    assert not Section.objects.exists()


# --- Exports --------------------------------------------------------------------------------


def test_the_wikitext_export_parses_and_carries_the_licence(anonymous_api, concierge, place):
    fill(place, 2)
    save(concierge, place, "## Histoire\n\nUn lieu *ouvert* | [site](https://example.org)", 0)

    response = anonymous_api.get(f"/places/{place.slug}/documentation.wiki")

    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    code = mwparserfromhell.parse(text)
    headings = [str(h.title).strip() for h in code.filter_headings()]
    assert "Le lieu" in headings and "Et maintenant" in headings
    assert "CC BY-SA" in text


def test_the_json_and_markdown_exports(anonymous_api, concierge, place):
    save(concierge, place, "Un tiers-lieu", 0)

    response = anonymous_api.get(f"/places/{place.slug}/documentation.json")
    assert response.status_code == 200, response.content
    data = json.loads(response.content)
    assert data["licence"]["id"] == "CC-BY-SA-4.0"
    assert [s["key"] for s in data["sections"]] == SectionKey.values
    assert data["sections"][0]["body"] == "Un tiers-lieu"

    bundle = anonymous_api.get(f"/places/{place.slug}/documentation.zip")
    assert bundle.status_code == 200 and bundle["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert len([n for n in names if n.endswith(".md")]) >= len(SectionKey.values)
