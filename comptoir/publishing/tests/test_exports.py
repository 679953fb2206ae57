"""The exports: wikitext that a MediaWiki parser reads as the Movilab sections with their
tables (and in which nothing written by people becomes a link, a template or a script), the
Markdown bundle and the JSON."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import mwparserfromhell
import pytest

from comptoir.community.tests.factories import OrganizationFactory
from comptoir.publishing import exports, selectors, services
from comptoir.publishing.models import SectionKey

pytestmark = pytest.mark.django_db

BASE = "https://comptoir.example/"
HOSTILE = """## Gouvernance partagée

Une **SCIC** avec un *collège* des usagers, voir [les statuts](https://example.org/statuts).

- conseil coopératif
- assemblée générale
    1. une fois par an

| Collège | Voix |
|---|---|
| Usagers | 40 % |

<script>alert("xss")</script> [[Catégorie:Spam]] {{Suppression}} ~~~~ __NOTOC__
* ligne | avec {| table
"""


def documentation(place: Any) -> exports.Documentation:
    return exports.Documentation(
        place=place, sections=selectors.documentation_of(place=place), base_url=BASE
    )


@pytest.fixture
def documented(place: Any, concierge: Any, fill_place: Any) -> Any:
    fill_place(place, 2)
    services.section_save(
        place=place, key=SectionKey.GOVERNANCE, body=HOSTILE, base_revision=0, by=concierge
    )
    services.section_save(
        place=place, key=SectionKey.PLACE, body="Un lieu **ouvert**.", base_revision=0, by=concierge
    )
    return place


def test_the_wikitext_parses_into_the_movilab_sections_with_tables(documented: Any) -> None:
    text = exports.to_wikitext(documentation(documented))

    code = mwparserfromhell.parse(text)
    headings = [(h.level, h.title.strip_code().strip()) for h in code.filter_headings()]
    assert [title for level, title in headings if level == 2] == [
        label for _key, label in SectionKey.choices
    ]
    assert (3, "Gouvernance partagée") in headings
    tables = code.filter_tags(matches=lambda node: node.tag == "table")
    # The body's table and the live blocks' (spaces, plans, roles, residents, partners,
    # nearby, projects, resources, press).
    assert len(tables) >= 10
    assert "'''SCIC'''" in text and "''collège''" in text
    assert "[https://example.org/statuts les statuts]" in text
    lists = [line for line in text.splitlines() if line.startswith("*#")]
    assert lists == ["*# une fois par an"]


def test_nothing_written_by_people_becomes_wiki_markup_or_script(documented: Any) -> None:
    text = exports.to_wikitext(documentation(documented))

    code = mwparserfromhell.parse(text)
    assert code.filter_wikilinks() == []
    assert code.filter_templates() == []
    assert "<script" not in text and "alert(" not in text
    assert "~~~~" not in text and "__NOTOC__" not in text
    # The user's "{|" did not open a table: only our own tables start a line with it.
    assert "{&#124;" not in text or "&#123;&#124;" in text


def test_a_pipe_in_the_data_keeps_the_table_cells_in_place(place: Any) -> None:
    from comptoir.community.models import Role
    from comptoir.community.tests.factories import PlaceRoleFactory

    resident = OrganizationFactory(name="Ateliers | Fablab")
    PlaceRoleFactory(place=place, role=Role.RESIDENT, organization=resident)

    text = exports.to_wikitext(documentation(place))

    code = mwparserfromhell.parse(text)
    cells = [
        node.contents.strip_code().strip()
        for node in code.filter_tags(matches=lambda node: node.tag == "td")
    ]
    assert any("Ateliers" in cell and "Fablab" in cell for cell in cells)
    link = f"[{BASE}structures/{resident.slug}/ Ateliers &#124; Fablab]"
    assert link in text


def test_the_wikitext_ends_with_the_licence(documented: Any) -> None:
    text = exports.to_wikitext(documentation(documented))

    links = mwparserfromhell.parse(text).filter_external_links()
    assert any(str(link.url) == exports.LICENCE_URL for link in links)
    assert text.rstrip().splitlines()[-1].endswith(".")


def test_the_markdown_bundle_has_a_readme_and_a_file_per_section(documented: Any) -> None:
    data = exports.to_markdown_zip(documentation(documented))

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        governance = archive.read(f"{documented.slug}/04-la-gouvernance.md").decode()
        first = archive.read(f"{documented.slug}/01-le-lieu.md").decode()
        readme = archive.read(f"{documented.slug}/README.md").decode()
    assert names[0] == f"{documented.slug}/README.md"
    assert len(names) == 1 + len(SectionKey.values)
    assert governance.startswith("# La gouvernance\n\n## Gouvernance partagée")
    assert "| Usagers | 40 % |" in governance  # the section's own text, as written
    assert "|---|---:|" in governance  # the roles table: role, people
    assert first.startswith("# Le lieu\n\nUn lieu **ouvert**.")
    assert "(01-le-lieu.md)" in readme and exports.LICENCE_URL in readme


def test_the_json_holds_each_section_with_its_text_revision_and_blocks(documented: Any) -> None:
    data = json.loads(exports.to_json(documentation(documented)))

    assert set(data) == {"place", "licence", "generated_at", "sections"}
    assert data["licence"]["id"] == "CC-BY-SA-4.0"
    assert data["place"]["url"] == f"{BASE}lieux/{documented.slug}/documentation/"
    sections = {s["key"]: s for s in data["sections"]}
    assert list(sections) == SectionKey.values
    governance = sections[SectionKey.GOVERNANCE]
    assert (governance["body"], governance["revision"]) == (HOSTILE, 1)
    assert sections[SectionKey.NEXT]["revision"] == 0
    assert sections[SectionKey.NEXT]["updated_at"] is None
    blocks = {b["key"]: b for s in data["sections"] for b in s["blocks"]}
    residents = blocks["residents"]
    assert [c["key"] for c in residents["columns"]] == ["category", "name"]
    assert all(r["url"].startswith(f"{BASE}structures/") for r in residents["records"])
    assert [r["price_cents"] for r in blocks["plans"]["records"]] == [1000, 1001]


@pytest.mark.parametrize(
    ("markdown", "wikitext"),
    [
        ("# Titre", "=== Titre ==="),
        ("Texte *en* **gras**", "Texte ''en'' '''gras'''"),
        ("* un\n* deux", "* un\n* deux"),
        ("1. un\n2. deux", "# un\n# deux"),
        ("[a](https://ex.org/)", "[https://ex.org/ a]"),
        ("`code`", "<code>code</code>"),
        ("l'équipe = 12", "l'équipe &#61; 12"),
        ("\\* pas une liste", "&#42; pas une liste"),
    ],
)
def test_markdown_to_wikitext(markdown: str, wikitext: str) -> None:
    assert exports.markdown_to_wikitext(markdown) == wikitext
