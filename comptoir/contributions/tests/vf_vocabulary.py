"""The ValueFlows terms our export uses, with their domains and ranges, copied from the
ValueFlows ontology release 1.0.0 (https://w3id.org/valueflows/ont/vf, file `all_vf.TTL` of
the valueflows/valueflows repository, "major-release-doc/VF Release 1.0.0"; CC BY-SA 4.0).
Only what the tests check: a term missing here is a term the export must not use."""

from __future__ import annotations

VF = "https://w3id.org/valueflows/ont/vf#"
XSD = "http://www.w3.org/2001/XMLSchema#"

CLASSES = {
    f"{VF}{name}" for name in ("Agent", "Person", "Organization", "EconomicEvent", "Measure")
}
# vf:Person and vf:Organization are rdfs:subClassOf vf:Agent.
SUBCLASSES = {f"{VF}Person": {f"{VF}Agent"}, f"{VF}Organization": {f"{VF}Agent"}}

# property: (domain classes, range) — the domains of the union classes (vf:ProviderDomain…).
PROPERTIES = {
    f"{VF}action": ({f"{VF}EconomicEvent", f"{VF}Commitment", f"{VF}Intent"}, f"{VF}Action"),
    f"{VF}provider": ({f"{VF}EconomicEvent", f"{VF}Commitment", f"{VF}Intent"}, f"{VF}Agent"),
    f"{VF}receiver": ({f"{VF}EconomicEvent", f"{VF}Commitment", f"{VF}Intent"}, f"{VF}Agent"),
    f"{VF}resourceQuantity": (
        {f"{VF}EconomicEvent", f"{VF}Commitment", f"{VF}Intent"},
        f"{VF}Measure",
    ),
    f"{VF}effortQuantity": (
        {f"{VF}EconomicEvent", f"{VF}Commitment", f"{VF}Intent"},
        f"{VF}Measure",
    ),
    f"{VF}hasPointInTime": (
        {f"{VF}EconomicEvent", f"{VF}Commitment", f"{VF}Intent"},
        f"{XSD}dateTimeStamp",
    ),
    f"{VF}note": ({f"{VF}EconomicEvent", f"{VF}Agent", f"{VF}Commitment"}, f"{XSD}string"),
    f"{VF}name": ({f"{VF}Agent"}, f"{XSD}string"),
    # Its domain is vf:Process only: an EconomicEvent must not carry it.
    f"{VF}inScopeOf": ({f"{VF}Process"}, f"{VF}Agent"),
}

# Each action's vf:eventQuantity: which quantity property its events carry.
EFFORT, RESOURCE, BOTH = "effort", "resource", "both"
ACTIONS = {
    f"{VF}work": EFFORT,
    f"{VF}use": BOTH,
    f"{VF}transfer": RESOURCE,
    f"{VF}consume": RESOURCE,
    f"{VF}cite": RESOURCE,
    f"{VF}produce": RESOURCE,
    f"{VF}deliverService": RESOURCE,
}
