"""A project's validated contributions as ValueFlows JSON-LD: one vf:EconomicEvent each
(action, provider, receiver, resourceQuantity with an OM2 unit, hasPointInTime, inScopeOf,
note). The context is inlined so the document is read without fetching anything. People
are named only when their directory profile is public; otherwise they are an IRI."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from comptoir.community.models import Person, Visibility
from comptoir.contributions.models import Contribution
from comptoir.projects.models import Project

VF = "https://w3id.org/valueflows/ont/vf#"
OM2 = "http://www.ontology-of-units-of-measure.org/resource/om-2/"

CONTEXT: dict[str, Any] = {
    "vf": VF,
    "om2": OM2,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "EconomicEvent": "vf:EconomicEvent",
    "Agent": "foaf:Agent",
    "Person": "foaf:Person",
    "Measure": "om2:Measure",
    "name": "foaf:name",
    "action": {"@id": "vf:action", "@type": "@vocab"},
    "provider": {"@id": "vf:provider", "@type": "@id"},
    "receiver": {"@id": "vf:receiver", "@type": "@id"},
    "inScopeOf": {"@id": "vf:inScopeOf", "@type": "@id"},
    "resourceQuantity": {"@id": "vf:resourceQuantity"},
    "hasNumericalValue": {"@id": "om2:hasNumericalValue", "@type": "xsd:decimal"},
    "hasUnit": {"@id": "om2:hasUnit", "@type": "@vocab"},
    "hasPointInTime": {"@id": "vf:hasPointInTime", "@type": "xsd:date"},
    "note": "vf:note",
    "work": "vf:work",
    "use": "vf:use",
    "consume": "vf:consume",
    "transfer": "vf:transfer",
    "hour": "om2:hour",
    "euro": "om2:euro",
    "one": "om2:one",
}

# Our units as OM2 units (an item is counted with om2:one).
OM2_UNITS = {
    Contribution.Unit.HOUR: "hour",
    Contribution.Unit.EURO: "euro",
    Contribution.Unit.ITEM: "one",
}


def _person_node(person: Person, iri: str) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": iri, "@type": "Person"}
    if person.directory_visibility == Visibility.PUBLIC:
        node["name"] = person.display_name
    return node


def event_of(
    contribution: Contribution, *, project_iri: str, person_iri: Callable[[int], str]
) -> dict[str, Any]:
    """One contribution to the project as a vf:EconomicEvent."""
    return {
        "@id": f"{project_iri}#contribution-{contribution.pk}",
        "@type": "EconomicEvent",
        "action": contribution.action,
        "provider": _person_node(contribution.contributor, person_iri(contribution.contributor_id)),
        "receiver": project_iri,
        "resourceQuantity": {
            "@type": "Measure",
            "hasNumericalValue": str(contribution.quantity.normalize()),
            "hasUnit": OM2_UNITS[Contribution.Unit(contribution.unit)],
        },
        "hasPointInTime": contribution.happened_on.isoformat(),
        "inScopeOf": project_iri,
        "note": contribution.description,
    }


def project_document(
    project: Project,
    contributions: Iterable[Contribution],
    *,
    project_iri: str,
    person_iri: Callable[[int], str],
) -> dict[str, Any]:
    """The JSON-LD document of a project's validated contributions."""
    project_node = {"@id": project_iri, "@type": "Agent", "name": project.title}
    events = [event_of(c, project_iri=project_iri, person_iri=person_iri) for c in contributions]
    return {"@context": CONTEXT, "@graph": [project_node, *events]}
