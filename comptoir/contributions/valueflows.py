"""A project's validated contributions as ValueFlows JSON-LD: one vf:EconomicEvent each
(action, provider, receiver, a quantity with an OM2 unit, hasPointInTime, note). The context
is inlined so the document is read without fetching anything. People are named only when
their directory profile is public; otherwise they are an IRI.

Terms follow the ValueFlows ontology 1.0.0 (https://w3id.org/valueflows/ont/vf): the
quantity of an effort-based action (`work`; `use` counted in time) is `effortQuantity`, of
the others `resourceQuantity` (the action's `vf:eventQuantity`); `hasPointInTime` is an
`xsd:dateTimeStamp`; `inScopeOf` is not used, its domain being vf:Process (the receiver
already names the project)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from comptoir.community.models import Person, Visibility
from comptoir.contributions.models import Contribution
from comptoir.projects.models import Project

VF = "https://w3id.org/valueflows/ont/vf#"
OM2 = "http://www.ontology-of-units-of-measure.org/resource/om-2/"

CONTEXT: dict[str, Any] = {
    "vf": VF,
    "om2": OM2,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "EconomicEvent": "vf:EconomicEvent",
    "Agent": "vf:Agent",
    "Person": "vf:Person",
    "Measure": "vf:Measure",
    "name": "vf:name",
    "action": {"@id": "vf:action", "@type": "@vocab"},
    "provider": {"@id": "vf:provider", "@type": "@id"},
    "receiver": {"@id": "vf:receiver", "@type": "@id"},
    "resourceQuantity": {"@id": "vf:resourceQuantity"},
    "effortQuantity": {"@id": "vf:effortQuantity"},
    "hasNumericalValue": {"@id": "om2:hasNumericalValue", "@type": "xsd:decimal"},
    "hasUnit": {"@id": "om2:hasUnit", "@type": "@vocab"},
    "hasPointInTime": {"@id": "vf:hasPointInTime", "@type": "xsd:dateTimeStamp"},
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


# Actions whose quantity is an effort (vf:eventQuantity vf:effort, or vf:both for `use`
# when it is counted in time); every other action counts a resource.
EFFORT_ACTIONS = {"work"}
EFFORT_WHEN_TIMED = {"use"}


def quantity_property(action: str, unit: str) -> str:
    if action in EFFORT_ACTIONS or (action in EFFORT_WHEN_TIMED and unit == "hour"):
        return "effortQuantity"
    return "resourceQuantity"


def point_in_time(contribution: Contribution) -> str:
    """The day of the contribution as an xsd:dateTimeStamp: noon, local time (a day has no
    time of its own; noon keeps the same date once read in any other time zone)."""
    moment = datetime.combine(contribution.happened_on, time(12), ZoneInfo(settings.TIME_ZONE))
    return moment.isoformat()


def _person_node(person: Person, iri: str) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": iri, "@type": "Person"}
    if person.directory_visibility == Visibility.PUBLIC:
        node["name"] = person.display_name
    return node


def event_of(
    contribution: Contribution, *, project_iri: str, person_iri: Callable[[int], str]
) -> dict[str, Any]:
    """One contribution to the project as a vf:EconomicEvent."""
    action = contribution.action
    return {
        "@id": f"{project_iri}#contribution-{contribution.pk}",
        "@type": "EconomicEvent",
        "action": action,
        "provider": _person_node(contribution.contributor, person_iri(contribution.contributor_id)),
        "receiver": project_iri,
        quantity_property(action, contribution.unit): {
            "@type": "Measure",
            "hasNumericalValue": str(contribution.quantity.normalize()),
            "hasUnit": OM2_UNITS[Contribution.Unit(contribution.unit)],
        },
        "hasPointInTime": point_in_time(contribution),
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
