"""One of every object the API serves, for the schemathesis run: the place of the member
and of the concierge, its spaces, offers, sales, books, visits, resources, bookings, events,
registrations, projects, needs, contributions, prestations, programmes and incubations, an
invoice and its credit note."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from comptoir.access import services as access
from comptoir.access.tests.factories import subscription_plan, ticket_book_plan
from comptoir.agenda.models import EventKind
from comptoir.agenda.services.events import EventInput, event_create
from comptoir.agenda.services.registrations import register_member
from comptoir.api.tests.conftest import token_for
from comptoir.bookings import waitlist
from comptoir.bookings.tests.factories import ResourceFactory
from comptoir.bookings.tests.helpers import MONDAY, NOW, at, book
from comptoir.community.models import PlaceRole, Role
from comptoir.community.tests.factories import OrganizationFactory, PlaceRoleFactory
from comptoir.conciergerie import services as conciergerie
from comptoir.contributions.services.contributions import contribution_log
from comptoir.contributions.services.redistribution import prestation_create
from comptoir.debits import services as debits
from comptoir.debits.tests import factories as debit_factories
from comptoir.economy.services import IncomeSpec, income_record
from comptoir.exchange import services as exchange
from comptoir.invoicing.services import credit_note_issue, invoice_issue
from comptoir.invoicing.tests.factories import make_seller
from comptoir.membership import services as membership_services
from comptoir.news import services as news_services
from comptoir.places.tests.factories import SpaceFactory
from comptoir.presence import services as presence
from comptoir.projects.services import need_create
from comptoir.publishing.models import SectionKey
from comptoir.roster import services as roster
from comptoir.roster.tests.factories import make_shift


@dataclass
class World:
    tokens: dict[str, str]
    ids: dict[str, Any]
    # A `{slug}` names a place, an organisation, a project or a network, by the path's start.
    slugs: dict[str, str] = field(default_factory=dict)

    def headers(self, identity: str) -> dict[str, str]:
        token = self.tokens.get(identity)
        return {"Authorization": f"Bearer {token}"} if token else {}

    def aim(self, case: Any) -> None:
        """Points the case's path parameters, and the ids and slugs of its query and body,
        at the world's objects, so that the call can get past "not found"."""
        params = case.path_parameters or {}
        for name in params:
            if name == "slug":
                prefix = case.path.split("/")[3]
                params[name] = self.slugs.get(prefix, params[name])
            elif name in self.ids:
                params[name] = self.ids[name]
        for values in (case.query, case.body):
            if isinstance(values, dict):
                self._aim_fields(values)

    def _aim_fields(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            if name in self.ids and isinstance(value, int):
                values[name] = self.ids[name]
            elif name == "organizer_person_id" and isinstance(value, int):
                values[name] = self.ids["person_id"]
            elif name in {"place", "project", "network", "organization"} and isinstance(value, str):
                values[name] = self.slugs[name + "s"]
            elif name == "places" and isinstance(value, list):
                values[name] = [self.slugs["places"]]


def build(place: Any, concierge: Any, member: Any, project: Any, incubation: Any) -> World:
    place.opening_hours = "24/7"  # check-ins and bookings at any hour of the run
    place.save(update_fields=["opening_hours"])
    PlaceRoleFactory(person=member, place=place, role=Role.RESIDENT)
    organization = OrganizationFactory()
    PlaceRoleFactory(place=place, role=Role.RESIDENT, organization=organization)
    space = SpaceFactory(place=place)

    plan = ticket_book_plan(place)
    sale = access.plan_sell(
        plan=plan, place=place, by=concierge, person=member, payment_method="cash"
    )
    subscription = access.plan_sell(
        plan=subscription_plan(place),
        place=place,
        by=concierge,
        person=member,
        payment_method="transfer",
    ).subscription
    # Invoicing set up, an invoice of another sale, wholly credited (its refund can be paid).
    make_seller(place)
    # The concierge keeps the accounts too (closings, FEC): its runs reach those operations.
    PlaceRoleFactory(person=concierge, place=place, role=Role.TREASURER)
    invoiced = access.plan_sell(
        plan=plan, place=place, by=concierge, person=member, payment_method="cash"
    ).order
    invoice = invoice_issue(order=invoiced, by=concierge)
    credit_note = credit_note_issue(invoice=invoice, by=concierge, reason="Annulée")
    visit = presence.visit_check_in(
        person=member, place=place, by=concierge, override_reason="Test"
    )
    # Direct debits: the entity a creditor, the member's mandate, this month's batch.
    debits.creditor_set(
        organization=place.legal_entity,
        creditor_id=debit_factories.CREDITOR_ID,
        iban=debit_factories.CREDITOR_IBAN,
        bic="",
        by=None,
    )
    mandate = debit_factories.make_mandate(place, member, concierge)
    debit_factories.subscription_order(place, concierge, member)
    batch = debits.batch_create(place=place, month=timezone.localdate(), by=concierge)
    debit = batch.debits.get()
    # Membership: the entity a cooperative, the member's membership and shares; a piece of news.
    treasurer = type(concierge).objects.get(pk=concierge.pk)  # its roles read afresh
    membership_services.association_configure(
        place=place,
        period="calendar",
        fee_cents=1500,
        is_cooperative=True,
        share_price_cents=5000,
        by=treasurer,
    )
    membership = membership_services.membership_record(
        place=place, person=member, by=concierge
    ).membership
    associate = membership_services.shares_subscribe(
        place=place, person=member, category="employees", shares=3, paid_cents=15000, by=treasurer
    ).associate
    announcement = news_services.announcement_publish(
        by=concierge, place=place, title="Portes ouvertes", body="Samedi."
    )

    room = ResourceFactory(place=place, capacity=1)
    booking = book(room, member, at(MONDAY, 10))
    entry = waitlist.waitlist_join(
        resource=room,
        person=concierge,
        start=at(MONDAY, 10),
        end=at(MONDAY, 11),
        by=concierge,
        now=NOW,
    )

    start = timezone.now() + dt.timedelta(days=5)
    event = event_create(
        place=place,
        by=concierge,
        data=EventInput(
            title="Atelier",
            kind=EventKind.WORKSHOP,
            start=start,
            end=start + dt.timedelta(hours=2),
            space=None,
            capacity=12,
            publics=[],
            services=[],
        ),
    )
    registration = register_member(event=event, person=member)

    lead = project.members.first().person
    need = need_create(
        project=project, by=lead, kind="skill", title="Un soudeur", skill_name="Soudure"
    )
    contribution = contribution_log(
        by=member,
        kind="work",
        quantity=2,
        description="Soudure",
        happened_on=timezone.localdate(),
        project=project,
    )
    prestation = prestation_create(
        place=place,
        by=concierge,
        title="Formation",
        revenue_cents=100000,
        delivered_on=timezone.localdate(),
        period_start=timezone.localdate() - dt.timedelta(days=30),
        period_end=timezone.localdate(),
    )
    other_income = income_record(
        place=place,
        spec=IncomeSpec(
            kind="donation",
            label="Don",
            payer="Une voisine",
            amount_cents=5000,
            received_on=timezone.localdate(),
        ),
        by=concierge,
    )
    # The conciergerie: a free service anyone asks for, the member's request, a parcel.
    keys = conciergerie.service_create(
        place=place, kind="keys", name="Garde de clés", open_to_neighbours=True, by=None
    )
    service_request = conciergerie.request_create(service=keys, requester=member, by=member)
    parcel = conciergerie.parcel_log(place=place, addressee=member, carrier="DPD", by=concierge)
    programme = incubation.programme
    stage = programme.stages.first()
    item = stage.items.first()

    # The roster: a shift the concierge holds and offers; the exchange board: a request.
    shift = make_shift(place, concierge, capacity=2)
    assignment = roster.shift_take(shift=shift, by=concierge)
    swap = roster.swap_offer(assignment=assignment, by=concierge)
    post = exchange.post_create(place=place, by=member, kind="seek", title="Une perceuse")

    role = PlaceRole.objects.filter(place=place, person=member).first()
    governance = _governance(place, concierge, member)
    return World(
        tokens={"member": token_for(member), "concierge": token_for(concierge)},
        ids={
            "space_id": space.pk,
            "person_id": member.pk,
            "role_id": role.pk if role else 0,
            "plan_id": plan.pk,
            "order_id": sale.order.pk,
            "subscription_id": subscription.pk if subscription else 0,
            "book_id": sale.ticket_book.pk,
            "ticket_book_id": sale.ticket_book.pk,
            "visit_id": visit.pk,
            "resource_id": room.pk,
            "booking_id": booking.pk,
            "entry_id": entry.pk,
            "event_id": event.pk,
            "registration_id": registration.pk,
            "need_id": need.pk,
            "contribution_id": contribution.pk,
            "prestation_id": prestation.pk,
            "key": SectionKey.PLACE.value,
            "programme_id": programme.pk,
            "stage_id": stage.pk,
            "item_id": item.pk if item else 0,
            "incubation_id": incubation.pk,
            "invoice_id": invoice.pk,
            "credit_note_id": credit_note.pk,
            "mandate_id": mandate.pk,
            "batch_id": batch.pk,
            "debit_id": debit.pk,
            "income_id": other_income.pk,
            "shift_id": shift.pk,
            "assignment_id": assignment.pk,
            "swap_id": swap.pk,
            "post_id": post.pk,
            "service_id": keys.pk,
            "request_id": service_request.pk,
            "parcel_id": parcel.pk,
            "addressee_id": member.pk,
            **governance,
            "membership_id": membership.pk,
            "associate_id": associate.pk,
            "announcement_id": announcement.pk,
        },
        slugs={
            "places": place.slug,
            "organizations": organization.slug,
            "projects": project.slug,
            "networks": place.network.slug,
        },
    )


def _governance(place: Any, concierge: Any, member: Any) -> dict[str, int]:
    """A general assembly of both, the member's proposal the concierge objects to, a meeting."""
    from comptoir.governance.services import bodies, meetings, proposals

    body = bodies.body_create(kind="general_assembly", name="AG", place=place, by=None)
    for person in (concierge, member):
        bodies.member_add(body=body, person=person, by=None)
    proposal = proposals.proposal_create(
        body=body,
        by=member,
        question="Repeindre ?",
        process="consent",
        closes_at=timezone.now() + dt.timedelta(days=7),
    )
    objection = proposals.position_take(
        proposal=proposal, by=concierge, stance="object", reason="Couleur"
    )
    meeting = meetings.meeting_create(
        body=body, by=None, kind="general_assembly", title="AG", starts_at=timezone.now()
    )
    club, investment = _cigale(place, concierge, member)
    return {
        "club_id": club.pk,
        "investment_id": investment.pk,
        "body_id": body.pk,
        "proposal_id": proposal.pk,
        "position_id": objection.pk,
        "meeting_id": meeting.pk,
    }


def _cigale(place: Any, concierge: Any, member: Any) -> tuple[Any, Any]:
    """A Cigale of the member and four others, its treasurer the member, with savings and
    an investment it adopted and made."""
    from comptoir.cigale import services as cigale
    from comptoir.community.tests.factories import PersonFactory
    from comptoir.governance.services.proposals import position_take, proposal_close

    others = [PersonFactory() for _ in range(4)]
    club = cigale.club_create(
        place=place,
        name="Cigale",
        founders=[member, *others],
        treasurer=member,
        founded_on=dt.date(2024, 1, 1),
        term_on=dt.date(2030, 1, 1),
        by=None,
    )
    cigale.payment_record(club=club, person=member, amount_cents=10000, by=None)
    investment = cigale.investment_propose(
        club=club,
        by=member,
        enterprise="Atelier",
        amount_cents=1000,
        form="loan",
        closes_at=timezone.now() + dt.timedelta(days=1),
    )
    for person in others[:3]:
        position_take(proposal=investment.proposal, by=person, stance="agree")
    proposal_close(proposal=investment.proposal, by=member)
    cigale.investment_make(investment=investment, by=None)
    return club, investment
