"""A person with something in every section of their data, made mostly through the
services (so the audit log names them as it does in real life)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from comptoir.access.models import TicketBook
from comptoir.access.services import plan_sell
from comptoir.access.tests.factories import day_pass_plan, subscription_plan, ticket_book_plan
from comptoir.agenda.models import Event, EventKind, Registration
from comptoir.agenda.services.registrations import Guest, register_guest, register_member
from comptoir.billing.models import PaymentMethod
from comptoir.bookings.models import Booking, CalendarFeed, TrainingRequest, WaitlistEntry
from comptoir.bookings.services import qualification_grant
from comptoir.bookings.tests.factories import ResourceFactory, TrainingFactory
from comptoir.community import services as community
from comptoir.community.models import Organization, Person, Role
from comptoir.community.tests.factories import OrganizationFactory, PersonFactory
from comptoir.conciergerie import services as conciergerie
from comptoir.conciergerie.models import Service
from comptoir.contributions.models import Contribution, Prestation, Share
from comptoir.core.models import Photo
from comptoir.debits.models import Creditor, Mandate
from comptoir.givebox.models import Gift
from comptoir.incubator.models import Canvas, CanvasRevision, Incubation, Programme, Stage
from comptoir.lending.models import Item as LendingItem
from comptoir.lending.models import Loan
from comptoir.membership.models import Associate, Association, Membership
from comptoir.news.models import NeedAlert, NewsOptIn
from comptoir.presence.services import visit_check_in, visit_check_out
from comptoir.projects.models import JournalEntry, Need, NeedAnswer, Project, ProjectMember
from comptoir.publishing.models import Revision, Section, SectionKey

FIRST, LAST = "Zéphyrine", "Quillebeuf"
EMAIL = "zephyrine.quillebeuf@example.org"
PHONE = "0611223344"


@dataclass
class World:
    person: Person
    place: Any
    concierge: Person


_counter = iter(range(1, 10_000))


def give_everything(person: Person, place: Any, concierge: Person, *, tag: str = "") -> None:
    """One record (at least) in every section for `person`; `tag` tells two people's data
    apart in the texts they write."""
    n = next(_counter)
    now = timezone.now()
    today = timezone.localdate()
    community.person_set_skills(person=person, names=[f"Skill{tag}{n}"], by=person)
    Photo.objects.create(
        kind="person",
        object_id=person.pk,
        image=f"photos/person/{person.pk}/{tag}{n}.jpg",
        thumbnail=f"photos/person/{person.pk}/{tag}{n}-vignette.jpg",
        width=100,
        height=100,
        alt=f"Portrait de {person.first_name} {person.last_name}",
        uploaded_by=person,
    )
    organization = OrganizationFactory(name=f"Structure {tag}{n}", slug=f"structure-{tag}-{n}")
    community.affiliation_create(person=person, organization=organization, by=None, title="CTO")
    if not person.place_roles.exists():
        community.place_role_assign(
            person=person, place=place, role=Role.RESIDENT, by=concierge, note=f"note {tag}"
        )
    else:  # a former role, which does not overlap the current one
        since = today - dt.timedelta(days=400 + 20 * n)
        community.place_role_assign(
            person=person,
            place=place,
            role=Role.NOMAD,
            by=concierge,
            valid_from=since,
            valid_until=since + dt.timedelta(days=10),
            note=f"note {tag}",
        )
    community.api_token_create(person=person, name=f"token {tag}", by=person)
    _membership_and_news(person, place, n)
    # A SEPA mandate, signed for the place's structure (its creditor details set once).
    creditor = Organization.objects.filter(sepa_creditor__isnull=False).first()
    if creditor is None:
        creditor = OrganizationFactory(name="Créancière", slug="creanciere")
        Creditor.objects.create(
            organization=creditor,
            creditor_id="FR72ZZZ123456",
            iban="FR7630006000011234567890189",
            bic="AGRIFRPPXXX",
        )
    Mandate.objects.create(
        place=place,
        creditor=creditor,
        person=person,
        reference=f"RUM-{tag}{n}",
        debtor_name=f"{person.first_name} {person.last_name}",
        iban="FR1420041010050500013M02606",
        bic="PSSTFRPP",
        signed_on=today - dt.timedelta(days=30),
        # One active a person and place: those given again are former ones.
        status="revoked" if Mandate.objects.filter(person=person, status="active") else "active",
    )
    # A conciergerie request with a message, and a parcel handed over to the person.
    service = Service.objects.filter(place=place).first() or conciergerie.service_create(
        place=place, kind="printing", name="Impressions", by=None
    )
    request = conciergerie.request_create(
        service=service, requester=person, details=f"Vingt pages {tag}", by=person
    )
    conciergerie.message_add(request=request, body=f"Recto verso {tag}", by=person)
    parcel = conciergerie.parcel_log(place=place, addressee=person, carrier="DPD", by=concierge)
    conciergerie.parcel_hand_over(parcel=parcel, by=concierge)
    # The library of things: an item they lend, a loan of theirs; the Give Box: an object
    # they gave while signed in, with their name and contact.
    item = LendingItem.objects.create(place=place, name=f"Perceuse {tag}{n}", owner=person)
    Loan.objects.create(
        item=item, borrower=person, starts_on=today, due_on=today, status="returned"
    )
    Gift.objects.create(
        place=place,
        title=f"Lampe {tag}{n}",
        category="decoration",
        where="collect",
        contact=person.email,
        giver_name=person.first_name,
        expires_at=now + dt.timedelta(days=21),
        posted_by=person,
    )

    plan_sell(
        plan=ticket_book_plan(place),
        place=place,
        by=concierge,
        payment_method=PaymentMethod.CASH,
        person=person,
    )
    plan_sell(
        plan=subscription_plan(place),
        place=place,
        by=concierge,
        payment_method=PaymentMethod.CARD,
        person=person,
    )
    plan_sell(
        plan=day_pass_plan(place),
        place=place,
        by=concierge,
        payment_method=PaymentMethod.CASH,
        person=person,
        starts_on=today,
    )
    arrived = now - dt.timedelta(days=n)
    visit = visit_check_in(
        place=place,
        by=concierge,
        person=person,
        override=True,
        override_reason="card forgotten",
        at=arrived,
    )
    visit_check_out(visit=visit, by=concierge, at=arrived + dt.timedelta(hours=1))

    resource = ResourceFactory(place=place, name=f"Salle {tag}{n}", slug=f"salle-{tag}-{n}")
    start = now + dt.timedelta(days=3)
    Booking.objects.create(
        resource=resource,
        person=person,
        start=start,
        end=start + dt.timedelta(hours=1),
        title=f"Réunion {tag}",
    )
    WaitlistEntry.objects.create(
        resource=resource, person=person, start=start, end=start + dt.timedelta(hours=1)
    )
    CalendarFeed.objects.create(person=person, secret_hash=f"{n:064d}")
    qualification_grant(person=person, training=TrainingFactory(place=place), by=concierge)
    for status in (TrainingRequest.Status.DECLINED, TrainingRequest.Status.PENDING):
        TrainingRequest.objects.create(
            person=person,
            training=TrainingFactory(place=place),
            status=status,
            message=f"{person.first_name} voudrait la formation",
            answer=f"Désolé {person.first_name}" if status != "pending" else "",
        )

    event = Event.objects.create(
        place=place,
        title=f"Atelier {tag}{n}",
        kind=EventKind.WORKSHOP,
        start=start,
        end=start + dt.timedelta(hours=2),
        organizer_person=person,
    )
    register_member(event=event, person=person)

    project = Project.objects.create(
        title=f"Projet {tag}{n}", slug=f"projet-{tag}-{n}", created_by=person
    )
    ProjectMember.objects.create(project=project, person=person, role=ProjectMember.Role.LEAD)
    need = Need.objects.create(project=project, kind=Need.Kind.SKILL, title="Aide")
    NeedAnswer.objects.create(need=need, person=person, message=f"Je peux aider {tag}")
    JournalEntry.objects.create(project=project, author=person, text=f"Journal {tag}")
    Contribution.objects.create(
        project=project,
        contributor=person,
        kind=Contribution.Kind.WORK,
        description=f"Soudure {tag}",
        quantity=Decimal("2.50"),
        unit=Contribution.Unit.HOUR,
        happened_on=today,
    )
    prestation = Prestation.objects.create(
        place=place,
        title=f"Presta {tag}{n}",
        revenue_cents=10000,
        delivered_on=today,
        period_start=today,
        period_end=today,
    )
    Share.objects.create(prestation=prestation, person=person, amount_cents=8000)
    programme = Programme.objects.create(place=place, name=f"Programme {tag}{n}")
    stage = Stage.objects.create(programme=programme, position=1, name="Idée")
    incubation = Incubation.objects.create(
        project=project, programme=programme, stage=stage, started_on=today
    )
    canvas = Canvas.objects.create(incubation=incubation, revision=1)
    CanvasRevision.objects.create(canvas=canvas, number=1, author=person, created_at=now)
    section, _created = Section.objects.get_or_create(place=place, key=SectionKey.PLACE)
    number = section.revisions.count() + 1
    Revision.objects.create(
        section=section, number=number, body=f"Histoire {tag}", summary=f"v{number}", author=person
    )
    _roster_and_board(person, place, tag, n, start)


def _roster_and_board(person: Person, place: Any, tag: str, n: int, start: Any) -> None:
    """A shift to come the person holds and offers, a post on the board with a reply, and
    their opt-in to skill alerts."""
    from comptoir.exchange.models import Post, Reply, SkillAlert
    from comptoir.roster.models import Assignment, Shift, Swap

    shift = Shift.objects.create(
        place=place, day=start.date(), starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    assignment = Assignment.objects.create(shift=shift, person=person, slot=1)
    Swap.objects.create(assignment=assignment, offered_by=person, note=f"Échange {tag}")
    post = Post.objects.create(
        place=place,
        author=person,
        kind=Post.Kind.SEEK,
        title=f"Annonce {tag}{n}",
        body=f"Je cherche {tag}",
        expires_on=start.date(),
    )
    Reply.objects.create(post=post, author=person, body=f"Réponse {tag}")
    SkillAlert.objects.get_or_create(person=person)
    _governance(person, place, tag)


def _governance(person: Person, place: Any, tag: str) -> None:
    """A general assembly she belongs to, her proposal and position, a meeting she
    attended, a Cigale she saves in."""
    from comptoir.cigale import services as cigale
    from comptoir.governance.services import bodies, meetings, proposals

    body = bodies.body_create(kind="general_assembly", name=f"AG {tag}", place=place, by=None)
    bodies.member_add(body=body, person=person, by=None)
    proposal = proposals.proposal_create(
        body=body,
        by=person,
        question=f"Question {tag} ?",
        process="consent",
        closes_at=timezone.now() + dt.timedelta(days=3),
    )
    proposals.position_take(proposal=proposal, by=person, stance="object", reason=f"Car {tag}")
    meeting = meetings.meeting_create(
        body=body, by=None, kind="board", title=f"CA {tag}", starts_at=timezone.now()
    )
    meetings.attendance_record(meeting=meeting, person=person, by=None)
    founders = [person, *(PersonFactory() for _ in range(4))]
    club = cigale.club_create(
        place=place,
        name=f"Cigale {tag}",
        founders=founders,
        treasurer=person,
        founded_on=dt.date(2024, 1, 1),
        term_on=dt.date(2030, 1, 1),
        by=None,
    )
    cigale.pledge_set(club=club, person=person, monthly_cents=2000, by=person)
    cigale.payment_record(club=club, person=person, amount_cents=2000, by=None)


def _membership_and_news(person: Person, place: Any, n: int) -> None:
    """A membership of a cooperative, shares held in it, the place's news by email and the
    alert on projects' needs."""
    association = Association.objects.filter(organization__slug="cooperative-du-monde").first()
    if association is None:
        entity = OrganizationFactory(name="Coopérative du monde", slug="cooperative-du-monde")
        association = Association.objects.create(
            organization=entity, is_cooperative=True, share_price_cents=5000
        )
    year = timezone.localdate().year - n
    Membership.objects.create(
        association=association,
        place=place,
        person=person,
        number=n,
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 12, 31),
        fee_cents=2000,
    )
    Associate.objects.get_or_create(
        association=association,
        person=person,
        defaults={"category": "beneficiaries", "shares_held": 2, "unpaid_cents": 5000},
    )
    NewsOptIn.objects.get_or_create(person=person, place=place)
    NeedAlert.objects.get_or_create(person=person)


def zephyrine(place: Any, concierge: Person) -> Person:
    """The person whose data the tests look for, with a guest registration under her email
    too (made before she had an account)."""
    person = PersonFactory(
        first_name=FIRST,
        last_name=LAST,
        email=EMAIL,
        phone=PHONE,
        bio=f"Je suis {FIRST} {LAST}",
        pronouns="elle",
    )
    give_everything(person, place, concierge, tag="Z")
    start = timezone.now() + dt.timedelta(days=5)
    guest_event = Event.objects.create(
        place=place,
        title="Fête",
        kind=EventKind.FESTIVAL,
        start=start,
        end=start + dt.timedelta(hours=2),
    )
    register_guest(
        event=guest_event, guest=Guest(name=f"{FIRST} {LAST}", email=EMAIL.upper(), phone=PHONE)
    )
    return person


def guest_registrations_of(email: str) -> Any:
    return Registration.objects.filter(person__isnull=True, email__iexact=email)


def ticket_books_of(person: Person) -> Any:
    return TicketBook.objects.filter(person=person)
