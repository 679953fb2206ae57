"""Governance at the Comptoir Numérique: its general assembly (Claire, Paul, Rosa,
Olivier, Nina, Théo), a decision taken by consent with an objection answered and published
(longer Saturday hours… in words only: the demo's hours stay as the other demos need them),
an open proposal of Rosa's lowering the price of the half-day book next month, Théo's
objection to it not answered yet, and last month's general assembly with its attendance,
Nina's proxy given to Rosa, and its minutes (kept in the documentation). The network's
council, with a decision, an open proposal and a meeting with its minutes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from comptoir.access.models import Plan
from comptoir.community.models import Person
from comptoir.governance.models import Body, Process
from comptoir.governance.services import meetings, proposals
from comptoir.governance.services.bodies import body_create, member_add
from comptoir.places.models import Network, Place

MEMBERS = ["claire", "paul", "rosa", "olivier", "nina", "theo"]
MINUTES = """# Assemblée générale ordinaire

**Présents** : Claire, Rosa, Olivier, Théo ; **représentée** : Nina (pouvoir à Rosa).
Le quorum (la moitié des membres) est atteint.

1. Rapport moral et financier : approuvés à l'unanimité.
2. Horaires du samedi : la proposition est adoptée par consentement (voir le registre).
3. Prochaine AG : en juin.
"""


def load_governance(place: Place, by: Person) -> Body | None:
    if Body.objects.filter(place=place).exists():
        return None
    people = {
        p.email.split("@")[0]: p for p in Person.objects.filter(email__endswith="@comptoir.test")
    }
    assembly = body_create(
        kind=Body.Kind.GENERAL_ASSEMBLY,
        name="Assemblée générale du Comptoir",
        place=place,
        by=by,
        quorum_percent=50,
        majority_percent=50,
        proxy_limit=2,
    )
    for name in MEMBERS:
        member_add(body=assembly, person=people[name], by=by)
    now = timezone.now()
    meeting = meetings.meeting_create(
        body=assembly,
        by=by,
        kind="general_assembly",
        title="Assemblée générale ordinaire",
        starts_at=now - timedelta(days=30),
        location="Grande salle",
    )
    decided = proposals.proposal_create(
        body=assembly,
        by=people["claire"],
        question="Ouvrir le samedi de 10 h à 18 h ?",
        context="Plusieurs nomades demandent le samedi ; Paul et Claire se relaieraient.",
        process=Process.CONSENT,
        closes_at=now + timedelta(minutes=5),
    )
    meetings.meeting_add_proposal(meeting=meeting, proposal=decided, by=by)
    for name in ("rosa", "olivier"):
        proposals.position_take(proposal=decided, by=people[name], stance="agree")
    proposals.position_take(proposal=decided, by=people["nina"], stance="abstain")
    objection = proposals.position_take(
        proposal=decided, by=people["theo"], stance="object", reason="Qui paie le chauffage ?"
    )
    proposals.objection_answer(
        position=objection, by=people["claire"], answer="Le samedi est compté dans le budget 2026."
    )
    proposals.proposal_close(proposal=decided, by=people["claire"])
    proposals.proposal_publish(
        proposal=decided,
        by=people["claire"],
        text="Adopté par consentement : ouverture le samedi de 10 h à 18 h dès le mois prochain.",
    )
    for name in ("claire", "rosa", "olivier", "theo"):
        meetings.attendance_record(meeting=meeting, person=people[name], by=by)
    meetings.attendance_record(
        meeting=meeting, person=people["nina"], proxy_holder=people["rosa"], by=by
    )
    meetings.minutes_publish(meeting=meeting, by=by, minutes=MINUTES)
    book = Plan.objects.filter(place=place, kind=Plan.Kind.TICKET_BOOK).order_by("pk").first()
    changes = []
    closes_at = now + timedelta(days=10)
    if book is not None:
        # The first of the month after the closing: a change never takes effect before its
        # proposal closes, whatever the day the demo is loaded.
        closing_day = timezone.localdate(closes_at)
        next_month = (closing_day.replace(day=1) + timedelta(days=32)).replace(day=1)
        changes = [
            {
                "kind": "plan_price",
                "target": book.pk,
                "value": max(book.price_cents - 500, 0),
                "effective_on": next_month,
            }
        ]
    open_one = proposals.proposal_create(
        body=assembly,
        by=people["rosa"],
        question=f"Baisser de 5 € le prix du {book.name if book else 'carnet'} ?",
        context="Pour que les nomades reviennent plus souvent ; le carnet reste rentable.",
        process=Process.CONSENT,
        closes_at=closes_at,
        changes=changes,
    )
    proposals.position_take(proposal=open_one, by=people["olivier"], stance="agree")
    proposals.position_take(
        proposal=open_one, by=people["theo"], stance="object", reason="Le budget 2026 ?"
    )
    return assembly


NETWORK_MEMBERS = ["claire", "lea", "rosa", "theo"]
NETWORK_MINUTES = """# Conseil du réseau

**Présents** : Claire, Léa, Rosa, Théo.

1. Achats groupés de fournitures entre les lieux : adoptés (voir le registre du réseau).
2. Prochain conseil : dans trois mois, au Mixeur.
"""


def load_network_governance(network: Network, by: Person) -> Body | None:
    """The network's council (Claire, Léa, Rosa, Théo, from both places): a meeting with its
    minutes, Claire's decision on group purchases published, Rosa's open proposal of a
    shared calendar with Théo's objection not answered yet."""
    if Body.objects.filter(network=network).exists():
        return None
    people = {
        p.email.split("@")[0]: p for p in Person.objects.filter(email__endswith="@comptoir.test")
    }
    council = body_create(
        kind=Body.Kind.BOARD, name="Conseil du réseau", network=network, by=by, quorum_percent=50
    )
    for name in NETWORK_MEMBERS:
        member_add(body=council, person=people[name], by=by)
    now = timezone.now()
    meeting = meetings.meeting_create(
        body=council,
        by=by,
        kind="board",
        title="Conseil du réseau",
        starts_at=now - timedelta(days=20),
        location="Le Mixeur",
    )
    decided = proposals.proposal_create(
        body=council,
        by=people["claire"],
        question="Grouper les achats de fournitures entre les lieux ?",
        process=Process.CONSENT,
        closes_at=now + timedelta(minutes=5),
    )
    meetings.meeting_add_proposal(meeting=meeting, proposal=decided, by=by)
    for name in ("lea", "rosa", "theo"):
        proposals.position_take(proposal=decided, by=people[name], stance="agree")
    proposals.proposal_close(proposal=decided, by=people["claire"])
    proposals.proposal_publish(
        proposal=decided, by=people["claire"], text="Adopté : une commande commune par trimestre."
    )
    for name in NETWORK_MEMBERS:
        meetings.attendance_record(meeting=meeting, person=people[name], by=by)
    meetings.minutes_publish(meeting=meeting, by=by, minutes=NETWORK_MINUTES)
    open_one = proposals.proposal_create(
        body=council,
        by=people["rosa"],
        question="Un agenda commun des ateliers des deux lieux ?",
        process=Process.CONSENT,
        closes_at=now + timedelta(days=10),
    )
    proposals.position_take(proposal=open_one, by=people["lea"], stance="agree")
    proposals.position_take(
        proposal=open_one, by=people["theo"], stance="object", reason="Qui le tient à jour ?"
    )
    return council
