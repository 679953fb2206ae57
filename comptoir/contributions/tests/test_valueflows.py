"""A project's validated contributions as ValueFlows JSON-LD: valid JSON-LD (expanded and
compacted by PyLD without any network access), one vf:EconomicEvent each."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from pyld import jsonld

from comptoir.community.models import Visibility
from comptoir.contributions import valueflows
from comptoir.contributions.models import Contribution
from comptoir.contributions.tests import vf_vocabulary

VF = valueflows.VF
OM2 = valueflows.OM2
XSD = "http://www.w3.org/2001/XMLSchema#"


def quantity(event: dict[str, Any]) -> dict[str, Any]:
    (key,) = [k for k in (f"{VF}effortQuantity", f"{VF}resourceQuantity") if k in event]
    return event[key][0]


def no_network(url: str, options: Any = None) -> Any:
    raise jsonld.JsonLdError(
        f"Remote contexts are not fetched: {url}",
        "jsonld.LoadDocumentError",
        code="loading document failed",
    )


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    return jsonld.expand(document, {"documentLoader": no_network})


def add(project: Any, who: Any, status: str = "validated", **fields: Any) -> Contribution:
    fields.setdefault("kind", "work")
    fields.setdefault("unit", "hour")
    fields.setdefault("quantity", Decimal("2.50"))
    return Contribution.objects.create(
        project=project,
        contributor=who,
        description=fields.pop("description", "Découpe laser des panneaux"),
        happened_on=fields.pop("happened_on", dt.date(2026, 11, 3)),
        status=status,
        **fields,
    )


@pytest.fixture
def exported(client: Client, project: Any) -> dict[str, Any]:
    def get() -> dict[str, Any]:
        response = client.get(f"/projets/{project.slug}/contributions.jsonld")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/ld+json")
        return json.loads(response.content)

    return get  # type: ignore[return-value]


def test_the_export_is_valid_json_ld_with_one_event_per_validated_contribution(
    exported: Any, project: Any, contributor: Any, nomad: Any
) -> None:
    contributor.directory_visibility = Visibility.PUBLIC
    contributor.save()
    add(project, contributor)
    add(project, nomad, kind="money", unit="euro", quantity=Decimal("40"))
    add(project, nomad, kind="material", unit="item", quantity=Decimal("3"))
    add(project, nomad, kind="equipment", unit="hour", quantity=Decimal("1"))
    add(project, nomad, status="pending")
    add(project, nomad, status="refused")
    add(project, nomad, status="proposed")

    document = exported()
    assert "@context" in document and isinstance(document["@context"], dict)
    graph = expand(document)
    events = [node for node in graph if f"{VF}EconomicEvent" in node.get("@type", [])]
    assert len(events) == 4
    actions = sorted(event[f"{VF}action"][0]["@id"] for event in events)
    assert actions == [f"{VF}transfer", f"{VF}transfer", f"{VF}use", f"{VF}work"]

    work = next(e for e in events if e[f"{VF}action"][0]["@id"] == f"{VF}work")
    project_iri = f"http://testserver/projets/{project.slug}/"
    assert work[f"{VF}receiver"] == [{"@id": project_iri}]
    # vf:inScopeOf has the domain vf:Process in VF 1.0.0: the receiver names the project.
    assert f"{VF}inScopeOf" not in work
    provider = work[f"{VF}provider"][0]
    assert provider["@id"] == f"http://testserver/communaute/personnes/{contributor.pk}/"
    assert provider[f"{VF}name"][0]["@value"] == contributor.display_name
    measure = work[f"{VF}effortQuantity"][0]
    assert f"{VF}resourceQuantity" not in work
    assert measure[f"{OM2}hasNumericalValue"][0] == {
        "@value": "2.5",
        "@type": "http://www.w3.org/2001/XMLSchema#decimal",
    }
    assert measure[f"{OM2}hasUnit"] == [{"@id": f"{OM2}hour"}]
    assert work[f"{VF}hasPointInTime"][0] == {
        "@value": "2026-11-03T12:00:00+01:00",
        "@type": f"{XSD}dateTimeStamp",
    }
    assert work[f"{VF}note"][0]["@value"] == "Découpe laser des panneaux"

    units = {quantity(e)[f"{OM2}hasUnit"][0]["@id"] for e in events}
    assert units == {f"{OM2}hour", f"{OM2}euro", f"{OM2}one"}


def test_hidden_people_are_not_named(exported: Any, project: Any, nomad: Any) -> None:
    add(project, nomad)
    text = json.dumps(exported())
    assert nomad.last_name not in text
    assert f"/communaute/personnes/{nomad.pk}/" in text


def test_it_compacts_back_with_its_own_context(exported: Any, project: Any, nomad: Any) -> None:
    add(project, nomad)
    document = exported()
    compacted = jsonld.compact(expand(document), valueflows.CONTEXT, {"documentLoader": no_network})
    events = [n for n in compacted["@graph"] if n.get("@type") == "EconomicEvent"]
    assert events[0]["action"] == "work"
    assert events[0]["effortQuantity"]["hasUnit"] == "hour"


def test_an_empty_project_exports_just_the_project(exported: Any, project: Any) -> None:
    graph = expand(exported())
    assert [node["@id"] for node in graph] == [f"http://testserver/projets/{project.slug}/"]


def test_a_remote_context_would_be_refused_by_the_test_loader() -> None:
    with pytest.raises(jsonld.JsonLdError):
        expand({"@context": "https://w3id.org/valueflows/", "@id": "urn:x", "name": "x"})


def test_an_unknown_project_is_a_404(client: Client, db: Any) -> None:
    assert client.get("/projets/inconnu/contributions.jsonld").status_code == 404


# --- Checked against the ValueFlows vocabulary (vf_vocabulary: VF 1.0.0) ------------------


def _types(node: dict[str, Any]) -> set[str]:
    types = set(node.get("@type", []))
    for name in list(types):
        types |= vf_vocabulary.SUBCLASSES.get(name, set())
    return types


def _walk(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every node object of an expanded document, nested ones included."""
    found = []
    for node in nodes:
        if not isinstance(node, dict) or "@value" in node:
            continue
        found.append(node)
        for key, values in node.items():
            if not key.startswith("@"):
                found += _walk(values)
    return found


def test_every_valueflows_term_exists_in_the_vocabulary_and_fits_its_domain(
    exported: Any, project: Any, contributor: Any, nomad: Any
) -> None:
    contributor.directory_visibility = Visibility.PUBLIC
    contributor.save()
    add(project, contributor)
    add(project, nomad, kind="documentation", unit="item", quantity=Decimal("2"))
    add(project, nomad, kind="money", unit="euro", quantity=Decimal("40"))
    add(project, nomad, kind="material", unit="item", quantity=Decimal("3"))
    add(project, nomad, kind="equipment", unit="hour", quantity=Decimal("1"))

    checked = 0
    for node in _walk(expand(exported())):
        for name in node.get("@type", []):
            if name.startswith(VF):
                assert name in vf_vocabulary.CLASSES, name
        for key, values in node.items():
            if not key.startswith(VF):
                continue
            assert key in vf_vocabulary.PROPERTIES, f"{key} is not a ValueFlows property"
            domain, kind = vf_vocabulary.PROPERTIES[key]
            assert _types(node) & domain, f"{key} on {node.get('@type')}"
            for value in values:
                if kind.startswith(XSD) and kind != f"{XSD}string":
                    assert value.get("@type") == kind, (key, value)
            checked += 1
    assert checked > 20


def test_each_action_carries_the_quantity_the_vocabulary_gives_it(
    exported: Any, project: Any, nomad: Any
) -> None:
    for kind, unit in [
        ("work", "hour"),
        ("documentation", "item"),
        ("money", "euro"),
        ("material", "item"),
        ("equipment", "hour"),
    ]:
        add(project, nomad, kind=kind, unit=unit)

    for event in expand(exported()):
        if f"{VF}EconomicEvent" not in event.get("@type", []):
            continue
        action = event[f"{VF}action"][0]["@id"]
        expected = vf_vocabulary.ACTIONS[action]
        has_effort = f"{VF}effortQuantity" in event
        has_resource = f"{VF}resourceQuantity" in event
        assert has_effort != has_resource  # one quantity each
        if expected == vf_vocabulary.EFFORT:
            assert has_effort, action
        elif expected == vf_vocabulary.RESOURCE:
            assert has_resource, action


def test_the_point_in_time_is_a_date_time_stamp_with_its_offset(
    exported: Any, project: Any, nomad: Any
) -> None:
    add(project, nomad, happened_on=dt.date(2026, 7, 14))

    (event,) = [e for e in expand(exported()) if f"{VF}hasPointInTime" in e]
    literal = event[f"{VF}hasPointInTime"][0]

    assert literal["@type"] == f"{XSD}dateTimeStamp"
    moment = dt.datetime.fromisoformat(literal["@value"])
    assert moment.tzinfo is not None  # a dateTimeStamp requires its time zone
    assert moment.date() == moment.astimezone(dt.UTC).date() == dt.date(2026, 7, 14)
