"""The vocabularies of the national digital-mediation data standard ("lieux de médiation
numérique", v1.0.2, La Mednum): the exact labels the standard's CSV expects, shared by
the agenda (the publics and services an event addresses) and the open-data export."""

from __future__ import annotations

SERVICES: tuple[str, ...] = (
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
)

PUBLICS: tuple[str, ...] = (
    "Jeunes",
    "Étudiants",
    "Familles et/ou enfants",
    "Seniors",
    "Femmes",
)

SPECIFIC_SUPPORT: tuple[str, ...] = (
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères (anglais)",
    "Langues étrangères (autres)",
    "Déficience visuelle",
)

FEES: tuple[str, ...] = ("Gratuit", "Gratuit sous condition", "Payant")

ACCESS_MODES: tuple[str, ...] = (
    "Se présenter",
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Ce lieu n'accueille pas de public",
    "Envoyer un mail avec une fiche de prescription",
)

SUPPORT_MODES: tuple[str, ...] = (
    "En autonomie",
    "Accompagnement individuel",
    "Dans un atelier collectif",
    "À distance",
)


def choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    """Form choices whose value and label are the standard's own label (it is French)."""
    return [(value, value) for value in values]
