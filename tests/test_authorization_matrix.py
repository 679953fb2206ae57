"""The authorization matrix: every API operation (from the OpenAPI document) and every page
(from the URL patterns) × eight identities, on the objects of "the place" and, where the demo
has them, of "another place".

The expectations are data: `API` and `PAGES` map each operation or route name to a rule (who
may use it) and the objects its path names. An operation or a page without an entry fails
the test, so a new endpoint cannot ship without saying who may use it.

What each cell asserts:
- never a server error;
- a read by someone the rule refuses answers 401, 403 or 404 (or sends to the login page),
  never a 2xx with data; a read by someone the rule allows answers 2xx or 3xx;
- an API write (POST, PUT, PATCH, DELETE) is sent a valid body, built by `BODIES` from the
  objects of its side (an operation taking a body without an entry there fails the test),
  so that it is judged on who sends it, not on its shape: someone the rule refuses gets a
  401, 403 or 404, never a 422 nor a 2xx, and nothing is recorded in the audit log (every
  write is audited); someone allowed gets neither a 5xx, nor the generic refusal (403
  `forbidden`, 401, 404), nor a complaint about the body's shape (the domain's own refusals,
  a 409 or a rule's 403 or 422, remain possible). Each API write runs in a savepoint rolled
  back after it, so it finds the demo as it was loaded, and each is carried out (a 2xx) by
  someone it allows, unless `NOT_CARRIED_OUT` says why the demo keeps it from that;
- a page write (a POST with an empty form) by someone refused answers a 4xx (or the login
  page) and records nothing; by someone allowed, it is only required not to fail.

Every route is asked at least once: one whose objects the world lacks fails the test.

The world is the demo network (`comptoir_demo`, completed by `_complete_the_demo`): "the
place" is Comptoir Numérique, where the voyageur (Victor), the nomade (Nina), the résident
(Rosa), the concierge (Claire) and the treasurer (Théo) hold their roles; "another place" is
Le Mixeur, whose concierge is Léa; the admin is a superuser (Comptoir's network
administrator).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from io import StringIO
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db

HERE, THERE = "comptoir-numerique", "le-mixeur"
IDENTITIES = {
    "anonymous": None,
    "voyageur": "victor@comptoir.test",
    "nomade": "nina@comptoir.test",
    "resident": "rosa@comptoir.test",
    "other_concierge": "lea@comptoir.test",
    "concierge": "claire@comptoir.test",
    "treasurer": "theo@comptoir.test",
    "admin": "admin@comptoir.test",
}
MEMBERS_HERE = {"voyageur", "nomade", "resident", "concierge", "treasurer"}
# Nina (the nomade) is also a traveller of the other place, with a day pass there: she is
# tied to both, so Léa sees her private data too, and she is a member there.
MEMBERS_THERE = {"nomade", "other_concierge"}

# --- Rules: who may use an operation, on objects of a side ("here" or "there") ---------------

Rule = Callable[[str, str], bool]


def anyone(who: str, side: str) -> bool:
    return True


def signed_in(who: str, side: str) -> bool:
    """Any account, on its own data (its profile, its bookings, a sign-up)."""
    return who != "anonymous"


def admin(who: str, side: str) -> bool:
    return who == "admin"


def concierge(who: str, side: str) -> bool:
    """The concierges of the place the objects belong to, and the network admins."""
    if who == "admin":
        return True
    return (who, side) in {("concierge", HERE), ("other_concierge", THERE)}


def treasurer(who: str, side: str) -> bool:
    """The treasurers of the place the objects belong to (Théo, of the place), and the
    network admins: not its concierges."""
    return who == "admin" or (who, side) == ("treasurer", HERE)


def collector(who: str, side: str) -> bool:
    """The place's direct debits: its concierges and its treasurers, the network admins."""
    return concierge(who, side) or treasurer(who, side)


def ninas_own(who: str, side: str) -> bool:
    """Nina's own order at the place, for her alone (not the desk: paying it online)."""
    return (who, side) == ("nomade", HERE)


def accounts_reader(who: str, side: str) -> bool:
    """Who reads the economy of the place: its treasurers and concierges, the admins."""
    return concierge(who, side) or treasurer(who, side)


def membership_card(who: str, side: str) -> bool:
    """A membership card (Nina's, at the place): its member, and the desk that reads the
    register (the place's concierges and treasurers, the admins)."""
    return collector(who, side) or (who, side) == ("nomade", HERE)


def member(who: str, side: str) -> bool:
    """Anyone holding a role in the place, its concierges, the network admins."""
    return concierge(who, side) or who in (MEMBERS_HERE if side == HERE else MEMBERS_THERE)


def body_member(who: str, side: str) -> bool:
    """The members of the place's general assembly (the demo's governance): Claire, Rosa,
    Nina and Théo among our identities; not Victor, not the admins (who manage it)."""
    return side == HERE and who in {"concierge", "resident", "nomade", "treasurer"}


def network_body_member(who: str, side: str) -> bool:
    """The members of the network's council (the demo's): Claire, Léa, Rosa and Théo among
    our identities, from both places; not the admins (who manage it)."""
    return who in {"concierge", "other_concierge", "resident", "treasurer"}


def cigale_member(who: str, side: str) -> bool:
    """The members of the place's Cigale among our identities (Rosa, its treasurer, Nina,
    Théo): not the concierges, who keep its accounts with Rosa."""
    return side == HERE and who in {"resident", "nomade", "treasurer"}


def cigale_reader(who: str, side: str) -> bool:
    """A Cigale's members, the concierges of its place, the network admins."""
    return cigale_member(who, side) or concierge(who, side)


def role_holder(who: str, side: str) -> bool:
    """Anyone holding a role in the place itself (its concierges too): not the network
    admins, who hold none (buying for oneself)."""
    return who in (MEMBERS_HERE if side == HERE else MEMBERS_THERE)


def network_member(who: str, side: str) -> bool:
    """Anyone holding a role in a place of the network (all our identities but the admin)."""
    return who not in {"anonymous"}


def holds_a_role(who: str, side: str) -> bool:
    """Anyone holding a role in a place of the network, the place's or another (all our
    identities but the admin, who holds none)."""
    return who not in {"anonymous", "admin"}


def owner(identity: str) -> Rule:
    """The object's owner (an identity of "the place"), its place's concierges, the admins."""

    def rule(who: str, side: str) -> bool:
        return concierge(who, side) or (side == HERE and who == identity)

    rule.__name__ = f"owner:{identity}"
    return rule


def ninas(who: str, side: str) -> bool:
    """Nina's private data (her book, her visits): Nina, the concierges of both her places,
    the admins."""
    return owner("nomade")(who, side) or who == "other_concierge"


def only(*identities: str) -> Rule:
    """Exactly these identities (on either side)."""

    def rule(who: str, side: str) -> bool:
        return who in identities

    rule.__name__ = "only:" + ",".join(identities)
    return rule


def shift_holder(who: str, side: str) -> bool:
    """The concierge on duty for the shift: Claire here, Léa there (not the admins)."""
    return (who, side) in {("concierge", HERE), ("other_concierge", THERE)}


def swap_offerer(who: str, side: str) -> bool:
    """Who offered the swap: Paul here (none of our identities), Léa there."""
    return (who, side) == ("other_concierge", THERE)


def nobody(who: str, side: str) -> bool:
    """Reached only with a secret (a registration's token, a calendar's address): the cell
    uses a wrong one, which nobody may use."""
    return False


# --- Expectations --------------------------------------------------------------------------
# key: "METHOD /path" of the OpenAPI document (without /api/v1), or a URL pattern's name.
# value: the rule, then optionally the object each path parameter names (default: by name).

API: dict[str, tuple[Any, ...]] = {
    "GET /places": (anyone,),
    "GET /places/{slug}": (anyone,),
    "PATCH /places/{slug}": (concierge,),
    "GET /spaces": (anyone,),
    "POST /spaces": (concierge,),  # of the place named in the body
    "GET /spaces/{space_id}": (anyone,),
    "PATCH /spaces/{space_id}": (concierge,),
    "GET /people": (anyone,),
    "GET /people/me": (signed_in,),
    "PATCH /people/me": (signed_in,),
    # Victor is hidden: himself, the concierges of his place, the admins.
    "GET /people/{person_id}": (owner("voyageur"), {"person_id": "victor"}),
    "GET /organizations": (anyone,),
    "POST /organizations": (signed_in,),
    "GET /organizations/{slug}": (anyone,),
    # Claire manages Zoomacom: its managers and the network admins.
    "PATCH /organizations/{slug}": (only("admin", "concierge"),),
    "GET /places/{slug}/roles": (concierge,),
    "POST /places/{slug}/roles": (concierge,),
    "POST /roles/{role_id}/end": (concierge,),
    "GET /places/{slug}/plans": (anyone,),
    "POST /places/{slug}/plans": (concierge,),
    "GET /plans/{plan_id}": (anyone,),
    "PATCH /plans/{plan_id}": (concierge,),
    "POST /places/{slug}/sales": (concierge,),
    "POST /places/{slug}/purchases": (role_holder,),  # for oneself
    "GET /orders/{order_id}": (owner("nomade"),),
    # Invoicing: Nina's pending order (invoiced and paid at the desk), her invoice, its
    # partial credit note; the place's concierges act, Nina reads.
    "POST /orders/{order_id}/invoice": (concierge, {"order_id": "pending_order"}),
    "GET /places/{slug}/invoices": (concierge,),
    "GET /invoices/{invoice_id}": (owner("nomade"),),
    "GET /invoices/{invoice_id}/pdf": (owner("nomade"),),
    "GET /invoices/{invoice_id}/xml": (owner("nomade"),),
    "GET /credit-notes/{credit_note_id}/pdf": (owner("nomade"),),
    "GET /credit-notes/{credit_note_id}/xml": (owner("nomade"),),
    "POST /invoices/{invoice_id}/credit-notes": (concierge,),
    "POST /orders/{order_id}/payments": (concierge, {"order_id": "pending_order"}),
    "GET /orders/{order_id}/payments": (owner("nomade"),),
    "POST /credit-notes/{credit_note_id}/refunds": (concierge,),
    # The accounts of the place's legal entity: its treasurers (the other place has no legal
    # entity, so no accounts: the admin's reads there answer 409).
    "GET /places/{slug}/closings": (treasurer,),
    "POST /places/{slug}/closings": (treasurer,),
    "GET /places/{slug}/fec": (treasurer,),
    # SEPA direct debits: the place's concierges and treasurers; the creditor details of its
    # entity, its treasurers (the other place has no entity: its writes answer 422/409).
    "GET /places/{slug}/sepa-mandates": (collector,),
    "POST /places/{slug}/sepa-mandates": (collector,),
    "POST /places/{slug}/sepa-mandates/{mandate_id}/revoke": (collector,),
    "PUT /places/{slug}/sepa-creditor": (treasurer,),
    "GET /places/{slug}/debit-batches": (collector,),
    "POST /places/{slug}/debit-batches": (collector,),
    "GET /places/{slug}/debit-batches/{batch_id}": (collector,),
    "GET /places/{slug}/debit-batches/{batch_id}/pain008": (collector,),
    "POST /places/{slug}/debits/{debit_id}/return": (collector,),
    # Membership: the register is read and written at the desk (concierges, treasurers); the
    # settings and the share register are kept by the treasurers (the other place has no
    # entity: its reads answer 409, its writes 409/422).
    "GET /places/{slug}/membership-settings": (collector,),
    "PUT /places/{slug}/membership-settings": (treasurer,),
    "GET /places/{slug}/members": (collector,),
    "POST /places/{slug}/memberships": (collector,),
    "GET /memberships/{membership_id}": (membership_card,),
    "GET /places/{slug}/share-register": (collector,),
    "GET /places/{slug}/share-movements": (collector,),
    "POST /places/{slug}/share-subscriptions": (treasurer,),
    "POST /places/{slug}/associates/{associate_id}/payments": (treasurer,),
    "POST /places/{slug}/associates/{associate_id}/redemptions": (treasurer,),
    "POST /places/{slug}/associates/{associate_id}/transfers": (treasurer,),
    # News: anyone reads; a place's concierges publish there, the admins for the network.
    "GET /places/{slug}/announcements": (anyone,),
    "GET /networks/{slug}/announcements": (anyone,),
    "GET /announcements/{announcement_id}": (anyone,),
    "POST /places/{slug}/announcements": (concierge,),
    "POST /networks/{slug}/announcements": (admin,),
    "DELETE /announcements/{announcement_id}": (concierge,),
    "GET /people/me/news": (signed_in,),
    "PUT /people/me/news": (signed_in,),
    # The economy: the treasurers write, the concierges read; the network's, its admins.
    # (The place's latest income is today's donation, in an open period.)
    "GET /places/{slug}/other-income": (accounts_reader,),
    "POST /places/{slug}/other-income": (treasurer,),
    "GET /places/{slug}/other-income/{income_id}": (accounts_reader,),
    "PUT /places/{slug}/other-income/{income_id}": (treasurer,),
    "DELETE /places/{slug}/other-income/{income_id}": (treasurer,),
    "GET /places/{slug}/budget": (accounts_reader,),
    "PUT /places/{slug}/budget": (treasurer,),
    "GET /places/{slug}/economic-model": (accounts_reader,),
    # The library of things: the place's members read and reserve for themselves, its
    # concierges add items and run the desk; Nina cancels her own reservation.
    "GET /places/{slug}/lending-items": (member,),
    "POST /places/{slug}/lending-items": (concierge,),
    "GET /lending-items/{item_id}": (member, {"item_id": "lending_item"}),
    "POST /lending-items/{item_id}/loans": (member, {"item_id": "lending_item"}),
    "GET /people/me/loans": (signed_in,),
    "POST /loans/{loan_id}/check-out": (concierge, {"loan_id": "desk_reservation"}),
    "POST /loans/{loan_id}/return": (concierge, {"loan_id": "loan_out"}),
    "POST /loans/{loan_id}/cancel": (owner("nomade"), {"loan_id": "ninas_reservation"}),
    "GET /places/{slug}/loans/overdue": (concierge,),
    # The Give Box: anyone reads, gives and reserves; its concierges moderate.
    "GET /places/{slug}/give-box": (anyone,),
    "POST /places/{slug}/give-box": (anyone,),
    "POST /gifts/{gift_id}/reserve": (anyone, {"gift_id": "gift"}),
    "POST /gifts/{gift_id}/moderate": (concierge, {"gift_id": "gift"}),
    "GET /places/{slug}/give-box/figures": (anyone,),
    "GET /places/{slug}/sales-journal": (treasurer,),
    "GET /networks/{slug}/economic-model": (admin,),
    # Governance: the place's members read; the general assembly's members propose and take
    # positions; Rosa's open proposal is led by her and the place's concierges; meetings
    # are managed by the concierges. Publishing acts on the decided proposal (Claire's).
    "GET /places/{slug}/bodies": (member,),
    "GET /places/{slug}/decisions": (member,),
    "GET /bodies/{body_id}/proposals": (member,),
    "POST /bodies/{body_id}/proposals": (body_member,),
    "GET /proposals/{proposal_id}": (member,),
    "GET /proposals/{proposal_id}/positions": (member,),
    "PUT /proposals/{proposal_id}/position": (body_member,),
    "POST /proposals/{proposal_id}/positions/{position_id}/answer": (owner("resident"),),
    "POST /proposals/{proposal_id}/close": (owner("resident"),),
    "POST /proposals/{proposal_id}/decide": (only("resident"),),
    "POST /proposals/{proposal_id}/publish": (
        owner("concierge"),
        {"proposal_id": "decided_proposal"},
    ),
    "GET /bodies/{body_id}/meetings": (member,),
    "POST /bodies/{body_id}/meetings": (concierge,),
    "GET /meetings/{meeting_id}": (member,),
    "GET /meetings/{meeting_id}/quorum": (member,),
    "POST /meetings/{meeting_id}/convene": (concierge,),
    "POST /meetings/{meeting_id}/attendances": (concierge,),
    "PUT /meetings/{meeting_id}/minutes": (concierge,),
    # The Cigale: its members read and propose; Rosa (its treasurer), the place's concierges
    # and the admins keep its accounts.
    "GET /places/{slug}/cigales": (member,),
    "GET /cigales/{club_id}": (cigale_reader,),
    "PUT /cigales/{club_id}/pledge": (cigale_member,),
    "GET /cigales/{club_id}/entries": (cigale_reader,),
    "POST /cigales/{club_id}/entries": (owner("resident"),),
    "GET /cigales/{club_id}/investments": (cigale_reader,),
    "POST /cigales/{club_id}/investments": (cigale_member,),
    "POST /cigale-investments/{investment_id}/make": (owner("resident"),),
    "POST /cigale-investments/{investment_id}/receipts": (owner("resident"),),
    "GET /cigales/{club_id}/statements/{year}": (cigale_reader,),
    "POST /cigales/{club_id}/dissolve": (owner("resident"),),
    "POST /networks/{slug}/settlement-invoices": (admin,),
    "GET /networks/{slug}/outstanding": (admin,),
    # Account statements: one's own; a structure's for its managers (Claire manages
    # Zoomacom) and the network admins.
    "GET /people/me/statement": (signed_in,),
    "GET /organizations/{slug}/statement": (only("admin", "concierge"),),
    "GET /places/{slug}/subscriptions": (concierge,),
    "GET /subscriptions/{subscription_id}": (owner("resident"),),
    "POST /subscriptions/{subscription_id}/pause": (concierge,),
    "POST /subscriptions/{subscription_id}/resume": (concierge,),
    "POST /subscriptions/{subscription_id}/cancel": (concierge,),
    "POST /subscriptions/{subscription_id}/uncancel": (concierge,),
    # The conciergerie: the catalogue is public, anyone signed in asks for a service open to
    # them (the demo's keys are open to neighbours), the desk runs the queue and the parcels;
    # Rosa's request is hers and the desk's.
    "GET /places/{slug}/conciergerie/services": (anyone,),
    "POST /places/{slug}/conciergerie/services": (concierge,),
    "POST /places/{slug}/conciergerie/requests": (signed_in,),
    "GET /places/{slug}/conciergerie/requests": (concierge,),
    "GET /conciergerie/requests/{request_id}": (owner("resident"),),
    "POST /conciergerie/requests/{request_id}/moves": (concierge,),  # taking it
    "POST /conciergerie/requests/{request_id}/messages": (owner("resident"),),
    "GET /people/me/conciergerie-requests": (signed_in,),
    "GET /places/{slug}/parcels": (concierge,),
    "POST /places/{slug}/parcels": (concierge,),
    "POST /places/{slug}/parcels/{parcel_id}/hand-over": (concierge,),
    "GET /people/me/parcels": (signed_in,),
    "POST /subscriptions/{subscription_id}/end": (concierge,),
    "GET /ticket-books": (signed_in,),
    "GET /ticket-books/{book_id}": (ninas,),
    "GET /ticket-books/{book_id}/movements": (ninas,),
    "POST /ticket-books/{book_id}/corrections": (concierge,),
    "POST /visits": (holds_a_role,),  # checking oneself in at the place named in the body
    "GET /visits": (signed_in,),
    "POST /visits/{visit_id}/checkout": (owner("nomade"),),
    "GET /networks/{slug}/settlements": (only("admin", "concierge", "other_concierge"),),
    "GET /places/{slug}/resources": (anyone,),
    "GET /resources/{resource_id}/availability": (anyone,),
    "GET /places/{slug}/availability": (anyone,),
    "GET /bookings": (signed_in,),
    "POST /bookings": (signed_in,),
    "GET /bookings/{booking_id}": (owner("resident"),),
    "POST /bookings/quote": (signed_in,),
    "POST /bookings/{booking_id}/move": (owner("resident"),),
    "POST /bookings/{booking_id}/cancel": (owner("resident"),),
    "POST /waitlist": (signed_in,),
    "DELETE /waitlist/{entry_id}": (owner("nomade"),),
    # Taking the slot offered is Nina's own decision; the desk would book it for her.
    "POST /waitlist/{entry_id}/confirm": (only("nomade"),),
    "GET /events": (anyone,),
    "POST /events": (concierge,),  # of the place named in the body
    "GET /events/{event_id}": (anyone,),
    "PATCH /events/{event_id}": (concierge,),
    "POST /events/{event_id}/cancel": (concierge,),
    "POST /event-series": (concierge,),
    "POST /events/{event_id}/registrations": (anyone,),
    "GET /events/{event_id}/registrations": (concierge,),
    "POST /registrations/cancel": (anyone,),  # by the token in the body
    "POST /registrations/{registration_id}/cancel": (owner("voyageur"),),
    "PUT /registrations/{registration_id}/attendance": (
        concierge,
        {"registration_id": "past_registration"},
    ),
    "POST /events/{event_id}/walk-ins": (concierge, {"event_id": "past_event"}),
    "PUT /registrations/{registration_id}/public": (
        concierge,
        {"registration_id": "past_registration"},
    ),
    "GET /places/{slug}/activity-report": (concierge,),
    "GET /projects": (anyone,),
    "POST /projects": (member,),  # of each place named in the body (see REFUSED_AS)
    "GET /projects/{slug}": (anyone,),
    "PATCH /projects/{slug}": (owner("resident"),),
    "GET /projects/{slug}/needs": (anyone,),
    "POST /projects/{slug}/needs": (owner("resident"),),
    "POST /needs/{need_id}/answers": (signed_in,),
    "POST /needs/{need_id}/close": (owner("resident"),),
    "GET /projects/{slug}/contributions": (anyone,),
    "POST /projects/{slug}/contributions": (signed_in,),
    "GET /contributions": (signed_in,),
    "POST /contributions": (signed_in,),
    # Victor's contribution to Rosa's project (event42): its lead, the place's concierges.
    "POST /contributions/{contribution_id}/validate": (owner("resident"),),
    "POST /contributions/{contribution_id}/refuse": (owner("resident"),),
    "GET /projects/{slug}/contributions.jsonld": (anyone,),
    "GET /shares": (signed_in,),
    "GET /places/{slug}/prestations": (concierge,),
    "POST /places/{slug}/prestations": (concierge,),
    # Validated, it is seen by those with a share of it (Nina and Rosa in the demo).
    "GET /prestations/{prestation_id}": (only("admin", "concierge", "nomade", "resident"),),
    "PATCH /prestations/{prestation_id}": (concierge,),
    "POST /prestations/{prestation_id}/validate": (concierge,),
    "GET /places/{slug}/programmes": (member,),
    "POST /places/{slug}/programmes": (concierge,),
    "GET /programmes/{programme_id}": (member,),
    "PATCH /programmes/{programme_id}": (concierge,),
    "GET /programmes/{programme_id}/cohorts": (member,),
    "POST /programmes/{programme_id}/stages": (concierge,),
    "PATCH /stages/{stage_id}": (concierge,),
    "DELETE /stages/{stage_id}": (concierge,),
    "POST /stages/{stage_id}/move": (concierge,),
    "POST /stages/{stage_id}/items": (concierge,),
    "PATCH /checklist-items/{item_id}": (concierge,),
    "DELETE /checklist-items/{item_id}": (concierge,),
    "POST /checklist-items/{item_id}/move": (concierge,),
    "GET /places/{slug}/incubations": (member,),
    "POST /incubations": (concierge,),  # of the place of the programme in the body
    "GET /incubations/{incubation_id}": (member,),
    "POST /incubations/{incubation_id}/advance": (concierge,),
    "PUT /incubations/{incubation_id}/ticks/{item_id}": (concierge,),
    "DELETE /incubations/{incubation_id}/ticks/{item_id}": (concierge,),
    "GET /incubations/{incubation_id}/canvas": (member,),
    "GET /incubations/{incubation_id}/canvas/revisions": (member,),
    "POST /incubations/{incubation_id}/canvas/revisions": (concierge,),
    "GET /places/{slug}/documentation": (anyone,),
    "PUT /places/{slug}/documentation/{key}": (concierge,),
    "GET /places/{slug}/documentation/{key}/revisions": (anyone,),
    "GET /places/{slug}/documentation.wiki": (anyone,),
    "GET /places/{slug}/documentation.json": (anyone,),
    "GET /places/{slug}/documentation.zip": (anyone,),
    # The roster: its concierges read and take, its permanent concierges plan (Claire, Léa);
    # the holder of a shift offers it and records its hours, whoever offered a swap withdraws it.
    "GET /places/{slug}/roster": (concierge,),
    "GET /places/{slug}/roster/hours": (concierge,),
    "GET /places/{slug}/roster/gaps": (concierge,),
    "POST /places/{slug}/shifts": (concierge,),
    "POST /places/{slug}/shift-patterns": (concierge,),
    "POST /shifts/{shift_id}/take": (concierge,),
    "POST /shift-assignments/{assignment_id}/leave": (concierge,),
    "POST /shift-assignments/{assignment_id}/swap": (shift_holder,),
    "POST /shift-assignments/{assignment_id}/hours": (
        shift_holder,
        {"assignment_id": "past_assignment"},
    ),
    "GET /me/shifts": (signed_in,),
    "GET /me/swap-offers": (signed_in,),
    "POST /swaps/{swap_id}/accept": (concierge,),
    "POST /swaps/{swap_id}/withdraw": (swap_offerer,),
    # The exchange board: the place's members; a post is closed by its author (Nina's, here)
    # or a concierge.
    "GET /places/{slug}/exchange-posts": (member,),
    "POST /places/{slug}/exchange-posts": (member,),
    "GET /places/{slug}/exchange-posts/{post_id}": (member,),
    "POST /places/{slug}/exchange-posts/{post_id}/replies": (member,),
    "POST /places/{slug}/exchange-posts/{post_id}/close": (owner("nomade"),),
    "PUT /me/skill-alerts": (signed_in,),
}

# Requests with a query that the issue found leaking, checked as cells of their own.
API_PROBES: dict[str, tuple[Any, ...]] = {
    # Rosa holds a role at the place only; Nina at both places.
    "GET /visits?person_id={rosa}": (owner("resident"),),
    "GET /ticket-books?person_id={rosa}": (owner("resident"),),
    "GET /bookings?person_id={rosa}": (owner("resident"),),
    "GET /visits?person_id={nina}": (ninas,),
    "GET /ticket-books?person_id={nina}": (ninas,),
    "GET /visits?place={place}": (signed_in,),  # others see only their own visits there
}

# A valid body for every API write that takes one, from the objects of the side its cell is
# on (`_objects`); a None in it means that side has none of the objects it names (no cell).
Body = Callable[[dict[str, Any]], dict[str, Any]]
NOTE = "Écrit par la matrice."


def _event(o: dict[str, Any]) -> dict[str, Any]:
    return {"place": o["place"], "title": "Atelier de la matrice", "kind": "atelier", **o["hours"]}


def _income(o: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "donation",
        "label": NOTE,
        "payer": "Donatrice de la matrice",
        "amount_cents": 1000,
        "received_on": o["today"],
    }


def _contribution(o: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "work", "description": NOTE, "quantity": "2", "happened_on": o["today"]}


BODIES: dict[str, Body] = {
    "PATCH /places/{slug}": lambda o: {"summary": NOTE},
    "POST /spaces": lambda o: {"place": o["place"], "name": "Salle matrice", "kind": "other"},
    "PATCH /spaces/{space_id}": lambda o: {"description": NOTE},
    "PATCH /people/me": lambda o: {"bio": NOTE},
    "POST /organizations": lambda o: {"name": "Structure matrice", "category": "digital"},
    "PATCH /organizations/{slug}": lambda o: {"description": NOTE},
    "POST /places/{slug}/roles": lambda o: {"person_id": o["newcomer"], "role": "nomad"},
    "POST /roles/{role_id}/end": lambda o: {},
    "POST /places/{slug}/plans": lambda o: {"name": "Offre matrice", "kind": "day_pass"},
    "PATCH /plans/{plan_id}": lambda o: {"description": NOTE},
    "POST /places/{slug}/sales": lambda o: {
        "plan_id": o["day_pass"],
        "person_id": o["newcomer"],
        "payment_method": "cash",
    },
    "POST /places/{slug}/purchases": lambda o: {"plan_id": o["buyable_plan"]},
    "POST /orders/{order_id}/invoice": lambda o: {"buyer_address": "1 rue de la Matrice"},
    "POST /invoices/{invoice_id}/credit-notes": lambda o: {"reason": NOTE},
    "POST /orders/{order_id}/payments": lambda o: {"means": "cash", "amount_cents": 100},
    "POST /credit-notes/{credit_note_id}/refunds": lambda o: {"means": "cash", "amount_cents": 100},
    "POST /places/{slug}/closings": lambda o: {"kind": "day", "day": o["open_past_day"]},
    # Nina signs a mandate (she has none); next month's batch collects Samir's subscription,
    # whose debit the demo's bank returned.
    "POST /places/{slug}/sepa-mandates": lambda o: {
        "person_id": o["mandate_signer"],
        "iban": "FR7630006000011234567890189",
        "signed_on": o["yesterday"],
    },
    "PUT /places/{slug}/sepa-creditor": lambda o: {
        "creditor_id": "FR72ZZZ123456",
        "iban": "FR7630006000011234567890189",
    },
    "POST /places/{slug}/debit-batches": lambda o: {"month": o["next_month"]},
    "POST /places/{slug}/debits/{debit_id}/return": lambda o: {"reason": "AM04"},
    "POST /places/{slug}/conciergerie/services": lambda o: {"kind": "printing", "name": NOTE},
    "POST /places/{slug}/conciergerie/requests": lambda o: {
        "service_id": o["conciergerie_service"],
        "details": NOTE,
    },
    "POST /conciergerie/requests/{request_id}/moves": lambda o: {"to": "taken"},
    "POST /conciergerie/requests/{request_id}/messages": lambda o: {"body": NOTE},
    "POST /places/{slug}/parcels": lambda o: {"addressee_id": o["mandate_signer"], "carrier": NOTE},
    "POST /places/{slug}/parcels/{parcel_id}/hand-over": lambda o: {},
    "POST /bodies/{body_id}/proposals": lambda o: {
        "question": "Matrice ?",
        "process": "consent",
        "closes_at": o["next_week_at"],
    },
    "PUT /proposals/{proposal_id}/position": lambda o: {"stance": "agree"},
    "POST /proposals/{proposal_id}/positions/{position_id}/answer": lambda o: {"text": NOTE},
    "POST /proposals/{proposal_id}/decide": lambda o: {"adopted": True},
    "POST /proposals/{proposal_id}/publish": lambda o: {"text": NOTE},
    "POST /bodies/{body_id}/meetings": lambda o: {
        "kind": "board",
        "title": "Matrice",
        "starts_at": o["next_week_at"],
    },
    "POST /meetings/{meeting_id}/attendances": lambda o: {"person_id": o["paul"]},
    "PUT /meetings/{meeting_id}/minutes": lambda o: {"minutes": NOTE},
    "PUT /cigales/{club_id}/pledge": lambda o: {"monthly_cents": 2500},
    "POST /cigales/{club_id}/entries": lambda o: {
        "person_id": o["cigale_payer"],
        "kind": "payment",
        "amount_cents": 1000,
    },
    "POST /cigales/{club_id}/investments": lambda o: {
        "enterprise": "Matrice SARL",
        "amount_cents": 1000,
        "form": "equity",
        "closes_at": o["next_week_at"],
    },
    "POST /cigale-investments/{investment_id}/receipts": lambda o: {
        "kind": "return",
        "amount_cents": 100,
    },
    "POST /places/{slug}/lending-items": lambda o: {"name": "Scie sauteuse", "category": "tool"},
    "POST /lending-items/{item_id}/loans": lambda o: {
        "starts_on": o["in_three_weeks"],
        "due_on": o["in_three_weeks"],
    },
    "POST /loans/{loan_id}/check-out": lambda o: {"deposit_method": "cash"},
    "POST /loans/{loan_id}/return": lambda o: {"condition": "good"},
    "POST /places/{slug}/give-box": lambda o: {
        "title": "Carton de livres",
        "category": "books",
        "where": "box",
    },
    "POST /gifts/{gift_id}/reserve": lambda o: {"name": "Voisine"},
    "POST /gifts/{gift_id}/moderate": lambda o: {"action": "hide"},
    "POST /places/{slug}/other-income": lambda o: _income(o),
    "PUT /places/{slug}/other-income/{income_id}": lambda o: _income(o),
    "PUT /places/{slug}/budget": lambda o: {"year": o["today"][:4], "amounts": {"grant": 100}},
    "POST /networks/{slug}/settlement-invoices": lambda o: {"month": o["today"][:7]},
    "POST /subscriptions/{subscription_id}/end": lambda o: {},
    "POST /ticket-books/{book_id}/corrections": lambda o: {"quantity": 1, "reason": NOTE},
    "POST /visits": lambda o: {"place": o["place"]},
    "POST /bookings": lambda o: {"title": NOTE, **o["slot"]},
    "POST /bookings/quote": lambda o: o["slot"],
    "POST /bookings/{booking_id}/move": lambda o: {
        "start": o["move_slot"]["start"],
        "end": o["move_slot"]["end"],
    },
    "POST /waitlist": lambda o: o["taken_slot"],
    "POST /events": _event,
    "PATCH /events/{event_id}": lambda o: {"summary": NOTE},
    "POST /event-series": lambda o: {**_event(o), "count": 2},
    "POST /events/{event_id}/registrations": lambda o: {},
    "POST /registrations/cancel": lambda o: {"token": o["cancel_token"]},
    "PUT /registrations/{registration_id}/attendance": lambda o: {"present": True},
    "POST /events/{event_id}/walk-ins": lambda o: {"name": "Passant de la matrice"},
    "PUT /registrations/{registration_id}/public": lambda o: {"category": "", "consent": False},
    "POST /projects": lambda o: {"title": "Projet matrice", "places": [o["place"]]},
    "PATCH /projects/{slug}": lambda o: {"summary": NOTE},
    "POST /projects/{slug}/needs": lambda o: {"kind": "people", "title": "Des bras"},
    "POST /needs/{need_id}/answers": lambda o: {"message": NOTE},
    "POST /needs/{need_id}/close": lambda o: {"met": False},
    "POST /projects/{slug}/contributions": _contribution,
    "POST /contributions": lambda o: {**_contribution(o), "place": o["place"]},
    "POST /places/{slug}/prestations": lambda o: {
        "title": "Prestation matrice",
        "revenue_cents": 100000,
        "delivered_on": o["today"],
        "period_start": o["month_ago"],
        "period_end": o["today"],
    },
    "PATCH /prestations/{prestation_id}": lambda o: {"client": "Client de la matrice"},
    "POST /places/{slug}/programmes": lambda o: {"template": "bm48h"},
    "PATCH /programmes/{programme_id}": lambda o: {"description": NOTE},
    "POST /programmes/{programme_id}/stages": lambda o: {"name": "Étape matrice"},
    "PATCH /stages/{stage_id}": lambda o: {"description": NOTE},
    "POST /stages/{stage_id}/move": lambda o: {"direction": "down"},
    "POST /stages/{stage_id}/items": lambda o: {"text": NOTE},
    "PATCH /checklist-items/{item_id}": lambda o: {"text": NOTE},
    "POST /checklist-items/{item_id}/move": lambda o: {"direction": "down"},
    "POST /incubations": lambda o: {"project": o["project"], "programme": o["programme"]},
    "POST /incubations/{incubation_id}/advance": lambda o: {"override": True},
    "POST /incubations/{incubation_id}/canvas/revisions": lambda o: {
        "base_revision": o["canvas_revision"],
        "value_propositions": NOTE,
    },
    "PUT /places/{slug}/documentation/{key}": lambda o: {
        "body": NOTE,
        "base_revision": o["section_revision"],
    },
    "POST /places/{slug}/shifts": lambda o: {
        "day": o["next_week"],
        "start_time": "19:00",
        "end_time": "21:00",
    },
    "POST /places/{slug}/shift-patterns": lambda o: {
        "weekday": 6,
        "start_time": "10:00",
        "end_time": "12:00",
    },
    "POST /shift-assignments/{assignment_id}/swap": lambda o: {"note": NOTE},
    "POST /places/{slug}/exchange-posts": lambda o: {"kind": "seek", "title": NOTE},
    "POST /places/{slug}/exchange-posts/{post_id}/replies": lambda o: {"body": NOTE},
    "PUT /me/skill-alerts": lambda o: {"on": True},
    "PUT /places/{slug}/membership-settings": lambda o: {
        "period": "calendar",
        "fee_cents": 2500,
        "is_cooperative": True,
        "share_price_cents": 5000,
    },
    "POST /places/{slug}/memberships": lambda o: {"person_id": o["newcomer"]},
    "POST /places/{slug}/share-subscriptions": lambda o: {
        "person_id": o["newcomer"],
        "category": "others",
        "shares": 1,
    },
    "POST /places/{slug}/associates/{associate_id}/payments": lambda o: {"amount_cents": 1000},
    "POST /places/{slug}/associates/{associate_id}/redemptions": lambda o: {"shares": 1},
    "POST /places/{slug}/associates/{associate_id}/transfers": lambda o: {
        "shares": 1,
        "to_person_id": o["newcomer"],
        "category": "others",
    },
    "POST /places/{slug}/announcements": lambda o: {"title": "Nouvelle matrice", "body": NOTE},
    "POST /networks/{slug}/announcements": lambda o: {"title": "Nouvelle matrice", "body": NOTE},
    "PUT /people/me/news": lambda o: {"place_slugs": [], "need_alert": True},
}

# API writes whose refusal is, by design, a field error on the reference of the body the
# caller may not use, rather than a 403: refused cells may answer this too.
REFUSED_AS: dict[str, tuple[int, str]] = {
    # "You can only add places where you hold a role" (projects.services.PlaceNotAllowed).
    "POST /projects": (422, "place_not_allowed"),
}

# API writes that no one carries out on the demo as it is loaded (each write is rolled back
# after its cell), and why; every other write must answer a 2xx to someone it allows.
NOT_CARRIED_OUT: dict[str, str] = {
    "POST /proposals/{proposal_id}/decide": "the demo's open proposal is a consent, not advice",
    "POST /cigale-investments/{investment_id}/make": "the demo's investment is already made",
    "POST /cigales/{club_id}/dissolve": "the demo's Cigale has not reached its term",
    "POST /subscriptions/{subscription_id}/resume": "the subscription is not paused",
    "POST /visits/{visit_id}/checkout": "Nina's visit is over",
    "PATCH /prestations/{prestation_id}": "the prestation's statement is validated",
    "POST /prestations/{prestation_id}/validate": "the prestation's statement is validated",
    "DELETE /stages/{stage_id}": "an incubation is at this stage",
    "POST /registrations/cancel {token: wrong}": "nobody may",
    "POST /networks/{slug}/settlement-invoices": "no ticket of a place used in another this "
    "month, and the other places of the demo have no legal entity to invoice",
}

# Writes whose body names someone else or a secret, checked as cells of their own.
API_WRITE_PROBES: dict[str, tuple[Rule, Body]] = {
    # Checking in, booking or registering someone else: the desk of the place. The check-in
    # lets Olivier in without a valid access (an override, with its reason).
    "POST /visits {person_id}": (
        concierge,
        lambda o: {"place": o["place"], "person_id": o["newcomer"], "override_reason": NOTE},
    ),
    "POST /bookings {person_id}": (concierge, lambda o: {**o["slot"], "person_id": o["newcomer"]}),
    "POST /events/{event_id}/registrations {person_id}": (
        concierge,
        lambda o: {"person_id": o["newcomer"]},
    ),
    # Registering as a guest (a name and an email): anyone.
    "POST /events/{event_id}/registrations {guest}": (
        anyone,
        lambda o: {"name": "Invitée de la matrice", "email": "invitee@example.org"},
    ),
    "POST /registrations/cancel {token: wrong}": (nobody, lambda o: {"token": "inconnu"}),
}

PAGES: dict[str, tuple[Any, ...]] = {
    "api:openapi-json": (anyone,),
    "api:openapi-view": (anyone,),
    "api:api-root": (nobody,),  # ninja's root: a 404 for everyone
    "core:health": (anyone,),
    "core:language": (anyone, {}, "POST"),
    "core:floor": (anyone,),
    "core:dev-emails": (admin,),  # the development mailbox: staff (anyone with DEBUG on)
    "core:style": (admin,),  # the design system's style page: staff (anyone with DEBUG on)
    "core:media": (nobody,),  # a file no row refers to: a 404 for everyone
    # The photos of a place (comptoir.core.photos): whoever may edit the place.
    "core:photos": (concierge, {"word": "photo_word", "pk": "place_pk"}),
    "core:photo-remove": (concierge, {"pk": "place_photo"}),
    "/api/{path}": (nobody,),  # an unknown address under /api/: a JSON 404 for everyone
    "home:home": (anyone,),
    "home:audit-list": (concierge,),
    "agenda:place-manage": (concierge,),
    "agenda:event-create": (concierge,),
    "agenda:series-create": (concierge,),
    "agenda:event-edit": (concierge,),
    "agenda:event-cancel": (concierge,),
    "agenda:series-edit": (concierge,),
    "agenda:series-cancel": (concierge,),
    "agenda:attendance": (concierge,),
    "agenda:register-desk": (concierge,),
    "agenda:walk-in": (concierge,),
    "agenda:attendance-mark": (concierge,),
    "agenda:public-record": (concierge,),
    "agenda:report": (concierge,),
    "agenda:report-csv": (concierge,),
    "agenda:report-xlsx": (concierge,),
    "agenda:network": (anyone,),
    "agenda:network-ics": (anyone,),
    "agenda:network-atom": (anyone,),
    "agenda:kind-ics": (anyone,),
    "agenda:place": (anyone,),
    "agenda:place-ics": (anyone,),
    "agenda:place-atom": (anyone,),
    "agenda:event": (anyone,),
    "agenda:register": (anyone,),
    "agenda:event-slug": (anyone,),
    "agenda:registration": (nobody,),  # by its secret token
    "agenda:registration-cancel": (nobody,),
    "places:place-list": (anyone,),
    "places:map": (anyone,),
    "places:place-detail": (anyone,),
    "places:place-edit": (concierge,),
    "community:directory": (anyone,),
    "community:person-detail": (owner("voyageur"), {"pk": "victor"}),
    "community:profile": (signed_in,),
    "community:my-data": (signed_in,),  # each person's own data
    "community:my-data-json": (signed_in,),
    "community:erase-me": (signed_in,),
    "community:person-erase": (admin,),
    "community:api-token-create": (signed_in,),
    "community:api-token-revoke": (only("resident"),),  # Rosa's, from her profile only
    "community:organization-list": (anyone,),
    "community:organization-create": (signed_in,),
    "community:organization-detail": (anyone,),
    "community:organization-edit": (only("admin", "concierge"),),  # Zoomacom's manager
    "community:role-list": (concierge,),
    "community:role-end": (concierge,),
    "access:plan-list": (anyone,),  # the offers; managing them is for the concierges
    "access:plan-create": (concierge,),
    "access:plan-edit": (concierge,),
    "access:sell": (concierge,),
    "access:plan-buy": (role_holder, {"pk": "buyable_plan"}),  # for oneself
    "access:subscription-list": (concierge,),
    "access:subscription-action": (concierge,),
    "access:person-access": (owner(""), {"pk": "nina"}),
    "access:settlement": (only("admin", "concierge", "other_concierge"),),
    "access:place-settlement": (signed_in,),  # a link to the network's page
    "access:settlement-csv": (only("admin", "concierge", "other_concierge"),),
    "billing:order-detail": (owner("nomade"),),
    "billing:order-list": (concierge,),
    "invoicing:invoice-detail": (owner("nomade"),),  # Nina's invoice: hers and the desk's
    "invoicing:invoice-pdf": (owner("nomade"),),
    "invoicing:credit-note-pdf": (owner("nomade"),),  # the credit note of Nina's invoice
    # Nina's order: she reads its payments and invoice; the desk records and issues.
    "invoicing:order-payments": (owner("nomade"),),
    "invoicing:chain-verify": (concierge,),
    "invoicing:payment-create": (concierge, {}, "POST"),
    "invoicing:invoice-create": (concierge, {}, "POST"),
    "invoicing:credit-note-create": (concierge, {}, "POST"),
    "invoicing:refund-create": (concierge, {}, "POST"),
    "invoicing:closing-list": (treasurer,),
    "invoicing:closing-create": (treasurer, {}, "POST"),
    "invoicing:fec": (treasurer,),
    "invoicing:chart-update": (treasurer, {}, "POST"),
    # The library of things: the place's members borrow, its concierges run the desk; a
    # reservation is cancelled by its borrower (Nina's) or the concierges.
    "lending:catalogue": (member,),
    "lending:item-create": (concierge, {}, "POST"),
    "lending:item": (member, {"pk": "lending_item"}),
    "lending:item-edit": (concierge, {"pk": "lending_item"}),  # the place's item: no owner
    "lending:reserve": (member, {"pk": "lending_item"}, "POST"),
    "lending:damage-add": (concierge, {"pk": "lending_item"}, "POST"),
    "lending:item-label": (concierge, {"pk": "lending_item"}),
    "lending:desk": (concierge,),
    "lending:check-out": (concierge, {"pk": "desk_reservation"}, "POST"),
    "lending:return": (concierge, {"pk": "loan_out"}, "POST"),
    "lending:overdue": (concierge,),
    "lending:my-loans": (signed_in,),
    "lending:loan-cancel": (owner("nomade"), {"pk": "ninas_reservation"}, "POST"),
    # The Give Box: anyone gives and reserves without an account; its concierges moderate.
    "givebox:box": (anyone,),
    "givebox:atom": (anyone,),
    "givebox:post": (anyone, {}, "POST"),
    "givebox:reserve": (anyone, {"pk": "gift"}, "POST"),
    "givebox:moderation": (concierge,),
    "givebox:moderate": (concierge, {"pk": "gift"}, "POST"),
    "economy:place": (accounts_reader,),
    "economy:income-list": (accounts_reader,),
    "economy:income-create": (treasurer, {}, "POST"),
    "economy:income-edit": (treasurer,),
    "economy:income-delete": (treasurer, {}, "POST"),
    "economy:budget": (treasurer,),
    "economy:sales-journal": (treasurer,),
    "economy:network": (admin,),
    "economy:settlement-invoice": (admin, {}, "POST"),
    "economy:network-outstanding": (admin,),
    "invoicing:my-statement": (signed_in,),
    "invoicing:organization-statement": (only("admin", "concierge"),),  # Zoomacom's manager
    # Nina's statement at a place: its concierges (she is tied to it), the admins.
    "invoicing:person-statement": (concierge, {"person_id": "nina"}),
    "debits:mandates": (collector,),
    "debits:mandate-create": (collector, {}, "POST"),
    "debits:mandate-revoke": (collector, {"pk": "mandate"}, "POST"),
    "debits:creditor": (treasurer, {}, "POST"),
    "debits:batches": (collector,),
    "debits:batch-create": (collector, {}, "POST"),
    "debits:batch-detail": (collector, {"pk": "batch"}),
    "debits:batch-xml": (collector, {"pk": "batch"}),
    "debits:debit-return": (collector, {"pk": "debit"}, "POST"),
    "roster:month": (concierge,),
    "roster:shift-create": (concierge, {}, "POST"),
    "roster:shift-cancel": (concierge, {"pk": "shift"}, "POST"),
    "roster:pattern-create": (concierge, {}, "POST"),
    "roster:pattern-end": (concierge, {"pk": "pattern"}, "POST"),
    "roster:mine": (signed_in,),
    "roster:swaps": (signed_in,),
    "roster:shift-take": (concierge, {"pk": "shift"}, "POST"),
    "roster:shift-leave": (concierge, {"pk": "assignment"}, "POST"),
    "roster:swap-offer": (shift_holder, {"pk": "assignment"}, "POST"),
    "roster:hours": (shift_holder, {"pk": "past_assignment"}, "POST"),
    "roster:swap-accept": (concierge, {"pk": "swap"}, "POST"),
    "roster:swap-withdraw": (swap_offerer, {"pk": "swap"}, "POST"),
    "exchange:board": (member,),
    "exchange:post": (member, {"pk": "exchange_post"}),
    "exchange:post-create": (member, {}, "POST"),
    "exchange:reply": (member, {"pk": "exchange_post"}, "POST"),
    "exchange:close": (owner("nomade"), {"pk": "exchange_post"}, "POST"),
    "exchange:alerts": (signed_in, {}, "POST"),
    "conciergerie:catalogue": (anyone,),
    "conciergerie:request-create": (anyone, {}, "POST"),  # neighbours too, where it is open
    "conciergerie:queue": (concierge,),
    "conciergerie:services": (concierge,),
    "conciergerie:service-create": (concierge, {}, "POST"),
    "conciergerie:service-toggle": (concierge, {}, "POST"),
    "conciergerie:request-detail": (owner("resident"),),  # Rosa's request
    "conciergerie:request-move": (owner("resident"), {}, "POST"),
    "conciergerie:message-create": (owner("resident"), {}, "POST"),
    "conciergerie:my-requests": (signed_in,),
    "conciergerie:parcels": (concierge,),
    "conciergerie:parcel-create": (concierge, {}, "POST"),
    "conciergerie:parcel-hand-over": (concierge, {}, "POST"),
    "conciergerie:my-parcels": (signed_in,),
    "membership:register": (collector,),
    "membership:record": (collector, {}, "POST"),
    "membership:register-csv": (collector,),
    "membership:settings": (treasurer,),
    "membership:card": (membership_card,),
    "membership:mine": (signed_in,),
    "membership:shares": (collector,),
    "membership:shares-subscribe": (treasurer, {}, "POST"),
    "membership:shares-movement": (treasurer, {}, "POST"),
    "membership:shares-csv": (collector,),
    "membership:shares-xlsx": (collector,),
    "news:place": (anyone,),
    "news:place-publish": (concierge, {}, "POST"),
    "news:place-feed": (anyone,),
    "news:network": (anyone,),
    "news:network-publish": (admin, {}, "POST"),
    "news:network-feed": (anyone,),
    "news:detail": (anyone,),
    "news:delete": (concierge, {}, "POST"),
    "news:unsubscribe": (nobody,),  # by its signed token: the cell's is wrong
    "news:preferences": (signed_in,),
    # Online payment is off by default (no provider configured): a 404 for everyone; the
    # page the provider sends the buyer back to is hers alone.
    "online:pay": (nobody, {}, "POST"),
    "online:back": (ninas_own,),
    "online:stripe-webhook": (nobody, {}, "POST"),
    # The place's online payments and the refund of one: who reads its accounts.
    "online:payments": (accounts_reader,),
    "online:refund": (accounts_reader, {"pk": "checkout"}),
    "presence:kiosk": (concierge,),
    "presence:kiosk-check-in": (concierge,),
    "presence:kiosk-scan": (concierge,),
    "presence:place-presence": (member,),
    "presence:self-check-in": (network_member,),
    "presence:check-out": (owner("nomade"),),
    "presence:my-visits": (signed_in,),
    "presence:my-card": (signed_in,),
    "presence:my-card-svg": (signed_in,),
    "presence:my-card-replace": (signed_in, {}, "POST"),  # each person replaces their own
    # Rosa manages nothing; the concierges see the visits in the places they serve.
    "presence:organization-usage": (only("admin", "concierge", "other_concierge"),),
    "bookings:resources": (concierge,),
    "bookings:resource-edit": (concierge,),
    "bookings:place-day": (anyone,),
    "bookings:resource-week": (anyone,),
    "bookings:book": (signed_in,),
    "bookings:waitlist-join": (signed_in,),
    # Everyone sees the place's trainings, what they hold and how to ask (issue 14); who
    # holds each and the requests to answer are the concierges' (and trainers').
    "bookings:trainings": (signed_in,),
    "bookings:training-request": (signed_in,),  # for oneself
    "bookings:training-request-grant": (concierge,),  # Nina's request for the laser
    "bookings:training-request-decline": (concierge,),
    "bookings:my-bookings": (signed_in,),
    "bookings:calendar-feed-create": (signed_in,),
    "bookings:calendar-feed-revoke": (only("resident"),),  # Rosa's, from her bookings only
    "bookings:cancel": (owner("resident"),),
    "bookings:move": (owner("resident"),),
    "bookings:waitlist-leave": (owner("nomade"),),
    "bookings:waitlist-confirm": (owner("nomade"),),
    "booking_feeds:resource-feed": (anyone,),
    "booking_feeds:person-feed": (nobody,),  # by its secret
    "projects:list": (anyone,),
    "projects:create": (signed_in,),
    "projects:detail": (anyone,),
    "projects:edit": (owner("resident"),),
    "projects:members": (owner("resident"),),
    "projects:journal-add": (owner("resident"),),
    "projects:need-create": (owner("resident"),),
    "projects:need-answer": (signed_in,),
    "projects:need-close": (owner("resident"),),
    "incubation:place": (member,),
    "incubation:programme-create": (concierge,),
    "incubation:start": (concierge,),
    "incubation:detail": (member,),
    "incubation:checklist-toggle": (concierge,),
    "incubation:stage-advance": (concierge,),
    "incubation:mentor-add": (concierge,),
    "incubation:mentor-remove": (concierge,),
    "incubation:canvas-edit": (concierge,),
    "incubation:canvas-history": (member,),
    "incubation:programme-stages": (concierge,),
    "incubation:stage-add": (concierge,),
    "incubation:stage-update": (concierge,),
    "incubation:stage-move": (concierge,),
    "incubation:stage-remove": (concierge,),
    "incubation:item-add": (concierge,),
    "incubation:item-update": (concierge,),
    "incubation:item-move": (concierge,),
    "incubation:item-remove": (concierge,),
    "contributions:project-contributions": (anyone,),
    "contributions:project-contributions-jsonld": (anyone,),
    "contributions:contribution-decide": (owner("resident"),),  # as its API
    "contributions:place-contributions": (signed_in,),  # the queue: concierges
    "contributions:my-contributions": (signed_in,),
    "contributions:prestation-list": (concierge,),
    "contributions:prestation-detail": (concierge,),
    "contributions:prestation-edit": (concierge,),
    "publishing:place": (anyone,),
    "publishing:section-edit": (concierge,),
    "publishing:section-history": (anyone,),
    "publishing:section-revision": (anyone,),
    "publishing:export-wiki": (anyone,),
    "publishing:export-markdown": (anyone,),
    "publishing:export-json": (anyone,),
    "publishing:resources": (anyone,),
    "publishing:resource-delete": (concierge,),
    "publishing:press": (anyone,),
    "publishing:press-delete": (concierge,),
    "publishing:opendata-mediation": (anyone,),
    # A meeting's minutes: public as the place's documentation; a network's, to its members.
    "publishing:minutes": (anyone, {"pk": "minutes_page"}),
    "publishing:network-minutes": (network_member, {"pk": "network_minutes_page"}),
    "governance:place": (member,),
    "governance:register": (member,),
    "governance:proposal-create": (body_member, {"pk": "body"}),
    "governance:meeting-create": (concierge, {"pk": "body"}),
    "governance:proposal": (member, {"pk": "proposal"}),
    "governance:position": (body_member, {"pk": "proposal"}, "POST"),
    "governance:objection-answer": (
        owner("resident"),
        {"pk": "proposal", "position_pk": "objection"},
        "POST",
    ),
    "governance:proposal-close": (owner("resident"), {"pk": "proposal"}, "POST"),
    "governance:proposal-decide": (only("resident"), {"pk": "proposal"}, "POST"),
    "governance:proposal-publish": (owner("concierge"), {"pk": "decided_proposal"}, "POST"),
    "governance:meeting": (member, {"pk": "meeting"}),
    "governance:meeting-convene": (concierge, {"pk": "meeting"}, "POST"),
    "governance:attendance": (concierge, {"pk": "meeting"}, "POST"),
    "governance:minutes": (concierge, {"pk": "meeting"}, "POST"),
    # The network's council: the same pages; anyone holding a role reads them.
    "governance:network-home": (network_member,),
    "governance:network-register": (network_member,),
    "governance:network-proposal-create": (network_body_member, {"pk": "network_body"}),
    "governance:network-meeting-create": (admin, {"pk": "network_body"}),
    "governance:network-proposal": (network_member, {"pk": "network_proposal"}),
    "governance:network-position": (network_body_member, {"pk": "network_proposal"}, "POST"),
    "governance:network-objection-answer": (
        only("resident", "admin"),
        {"pk": "network_proposal", "position_pk": "network_objection"},
        "POST",
    ),
    "governance:network-proposal-close": (
        only("resident", "admin"),
        {"pk": "network_proposal"},
        "POST",
    ),
    "governance:network-proposal-decide": (only("resident"), {"pk": "network_proposal"}, "POST"),
    "governance:network-proposal-publish": (
        only("concierge", "admin"),
        {"pk": "network_decided_proposal"},
        "POST",
    ),
    "governance:network-meeting": (network_member, {"pk": "network_meeting"}),
    "governance:network-meeting-convene": (admin, {"pk": "network_meeting"}, "POST"),
    "governance:network-attendance": (admin, {"pk": "network_meeting"}, "POST"),
    "governance:network-minutes": (admin, {"pk": "network_meeting"}, "POST"),
    "cigale:list": (member,),
    "cigale:club": (cigale_reader, {"pk": "club"}),
    "cigale:statement": (cigale_reader, {"pk": "club", "year": "year"}),
    "cigale:pledge": (cigale_member, {"pk": "club"}, "POST"),
    "cigale:invest": (cigale_member, {"pk": "club"}, "POST"),
    "cigale:movement": (owner("resident"), {"pk": "club"}, "POST"),
    "cigale:investment-make": (
        owner("resident"),
        {"pk": "club", "investment_pk": "cigale_investment"},
        "POST",
    ),
    "cigale:investment-receive": (
        owner("resident"),
        {"pk": "club", "investment_pk": "cigale_investment"},
        "POST",
    ),
    "cigale:dissolve": (owner("resident"), {"pk": "club"}, "POST"),
}
# Whole families, decided by the framework that serves them: django-allauth's account pages
# (open to anyone, they redirect signed-in people) and Django's admin (staff only: only the
# network admins are staff).
PAGE_FAMILIES: dict[str, Rule] = {"account_": anyone, "admin:": admin}
# Logging out is never sent as a POST: the rest of the identity's cells need the session.
PAGES.update({"admin:login": (anyone,), "admin:logout": (anyone, {}, "GET")})
PAGES["account_logout"] = (anyone, {}, "GET")
# Read-only in the admin (money, ledgers, visits: written by the services, never by hand),
# and routes that need parameters the matrix does not forge.
_READ_ONLY_IN_ADMIN = [
    "django_tasks_database_dbtaskresult",
    "community_apitoken",
    "billing_order",
    "billing_payment",
    "access_subscription",
    "access_ticketbook",
    "access_ticketmovement",
    "access_daypass",
    "presence_visit",
    "bookings_qualification",
    "bookings_booking",
    "bookings_waitlistentry",
]
PAGES.update({f"admin:{model}_add": (nobody,) for model in _READ_ONLY_IN_ADMIN})
PAGES.update(
    {
        f"admin:{model}_delete": (nobody,)
        for model in _READ_ONLY_IN_ADMIN
        if model != "community_apitoken"  # a token is revoked by deleting it
    }
)
PAGES.update(
    {
        "admin:autocomplete": (nobody,),
        "admin:view_on_site": (nobody,),
        "admin:/admin/{url}": (nobody,),  # the admin's catch-all: a 404 for anything unknown
    }
)


# --- The objects each side offers, by parameter -------------------------------------------


def _objects(side: str) -> dict[str, Any]:
    """Path parameter values naming objects of this side (None where the demo has none)."""
    from django.db.models import Q

    from comptoir.access.models import Plan, Subscription, TicketBook
    from comptoir.agenda.models import Event, EventSeries, Registration
    from comptoir.billing.models import Order
    from comptoir.bookings.models import (
        Booking,
        CalendarFeed,
        Resource,
        Training,
        TrainingRequest,
        WaitlistEntry,
    )
    from comptoir.community.models import CONCIERGE_ROLES, ApiToken, Person, PlaceRole
    from comptoir.conciergerie.models import Parcel, Service
    from comptoir.conciergerie.models import Request as ConciergerieRequest
    from comptoir.contributions.models import Contribution, Prestation
    from comptoir.core.models import Photo
    from comptoir.debits.models import Batch, Debit, Mandate
    from comptoir.economy.models import OtherIncome
    from comptoir.givebox.models import Gift
    from comptoir.incubator.models import ChecklistItem, Incubation, Programme, Stage
    from comptoir.invoicing.models import CreditNote, Invoice
    from comptoir.lending.models import Item as LendingItem
    from comptoir.lending.models import Loan
    from comptoir.membership.models import Associate, Membership
    from comptoir.news.models import Announcement
    from comptoir.online.models import Checkout
    from comptoir.places.models import Place, Space
    from comptoir.presence.models import Visit
    from comptoir.projects.models import Need, Project
    from comptoir.publishing.models import PressItem, Section, SharedResource

    place = Place.objects.get(slug=side)

    def first(qs: Any, attr: str = "pk") -> Any:
        found = qs.order_by("pk").first()
        return None if found is None else getattr(found, attr)

    def person(email: str) -> int:
        return Person.objects.get(email=f"{email}@comptoir.test").pk

    here = side == HERE
    nina, rosa, victor = person("nina"), person("rosa"), person("victor")
    # An event still to come, that registrations, cancellations and edits can act on.
    events = Event.objects.filter(place=place)
    upcoming = events.filter(status=Event.Status.SCHEDULED, start__gt=timezone.now())
    event = first(upcoming) or first(events)
    resource = Resource.objects.filter(place=place).order_by("pk").first()
    project = first(Project.objects.filter(places=place, slug="event42"), "slug")
    programme = first(Programme.objects.filter(place=place))
    incubation = first(Incubation.objects.filter(programme__place=place))
    stage = first(Stage.objects.filter(programme__place=place))
    item = first(ChecklistItem.objects.filter(stage__programme__place=place))
    section = first(Section.objects.filter(place=place), "key")
    registration = Registration.objects.filter(event__place=place).order_by("pk")
    if here:
        registration = registration.filter(person_id=victor)
    contributions = Contribution.objects.filter(Q(place=place) | Q(project__places=place))
    # Attendance is taken from the day of an event on: a past one, where the side has one.
    past_events = events.filter(status=Event.Status.SCHEDULED, end__lt=timezone.now())
    past_registration = Registration.objects.filter(event__in=past_events)
    objects = {
        "place": place.slug,
        "network": place.network.slug,
        "organization": "zoomacom",
        "space": first(Space.objects.filter(place=place)),
        "plan": first(Plan.objects.filter(place=place)),
        "buyable_plan": first(
            Plan.objects.filter(place=place, kind=Plan.Kind.TICKET_BOOK, is_active=True)
        ),
        "order": first(Order.objects.filter(place=place, buyer_id=nina if here else None)),
        "invoice_number": first(Invoice.objects.filter(place=place, order__buyer_id=nina), "number")
        if here
        else None,
        "invoice": first(Invoice.objects.filter(place=place, order__buyer_id=nina))
        if here
        else None,
        "credit_note": first(CreditNote.objects.filter(place=place, invoice__order__buyer_id=nina))
        if here
        else None,
        "credit_note_number": first(
            CreditNote.objects.filter(place=place, invoice__order__buyer_id=nina), "number"
        )
        if here
        else None,
        "pending_order": first(
            Order.objects.filter(
                place=place, buyer_id=nina, status=Order.Status.PENDING, invoice__isnull=True
            )
        )
        if here
        else None,
        "role": first(PlaceRole.objects.filter(place=place).exclude(role__in=CONCIERGE_ROLES)),
        "subscription": first(
            Subscription.objects.filter(place=place, organization__slug="zoomacom")
        ),
        "book": first(TicketBook.objects.filter(place=place, person_id=nina)),
        "visit": first(Visit.objects.filter(place=place, person_id=nina)),
        "resource": None if resource is None else resource.pk,
        "resource_slug": None if resource is None else resource.slug,
        "booking": first(Booking.objects.filter(resource__place=place, person_id=rosa)),
        "waitlist": first(WaitlistEntry.objects.filter(resource__place=place, person_id=nina)),
        "training": first(Training.objects.filter(place=place)),
        "training_request": first(
            TrainingRequest.objects.filter(training__place=place, status="pending")
        ),
        "event": event,
        "series": getattr(
            EventSeries.objects.filter(place=place).order_by("-pk").first(), "pk", None
        ),
        "registration": first(registration),
        "past_event": first(past_events) or event,
        "past_registration": first(past_registration) or first(registration),
        "registration_token": "inconnu",
        "project": project,
        "need": first(Need.objects.filter(project__slug=project)) if project else None,
        # One waiting for a decision (the demo's are given to projects of the place).
        "contribution": first(contributions.filter(status=Contribution.Status.PROPOSED))
        or first(contributions),
        "prestation": first(Prestation.objects.filter(place=place)),
        "income": OtherIncome.objects.filter(place=place)
        .order_by("-received_on", "-pk")
        .values_list("pk", flat=True)
        .first(),
        "programme": programme,
        "stage": stage,
        "item": item,
        "incubation": incubation,
        "incubation_project": first(Project.objects.filter(incubation__pk=incubation), "slug")
        if incubation
        else None,
        "section": section,
        "shared_resource": first(SharedResource.objects.filter(place=place)),
        "press": first(PressItem.objects.filter(place=place)),
        "token": first(ApiToken.objects.filter(person_id=rosa)) if here else None,
        "feed": first(CalendarFeed.objects.filter(person_id=rosa)) if here else None,
        "feed_secret": "inconnu",
        "nina": nina if here else None,
        "rosa": rosa if here else None,
        "victor": victor if here else None,
        "kind": "atelier",
        "number": 1,
        "action": "pause",
        "mentor": person("claire"),
        "person": nina if here else None,
        "admin_id": "1" if here else None,
        "app_label": "community" if here else None,
        "admin_url": "inconnu/" if here else None,
        "reset_key": "0-inconnu" if here else None,
        "unknown_api_path": "inconnu" if here else None,
        "media_name": "resources/inconnu.pdf" if here else None,
        "mandate": first(Mandate.objects.filter(place=place, status="active")),
        "batch": first(Batch.objects.filter(place=place)),
        "debit": first(Debit.objects.filter(batch__place=place, status="sent")),
        "checkout": first(Checkout.objects.filter(order__place=place, status="paid")),
        "mandate_signer": nina,
        # Rosa's print job waiting in the queue; at the other place, a neighbour's request.
        "conciergerie_request": first(
            ConciergerieRequest.objects.filter(
                place=place, status="new", **({"requester_id": rosa} if here else {})
            )
        ),
        "conciergerie_service": first(Service.objects.filter(place=place, open_to_neighbours=True)),
        "parcel": first(Parcel.objects.filter(place=place, status="waiting")),
        "photo_word": "lieu",
        "place_pk": place.pk,
        "place_photo": first(Photo.objects.filter(kind="place", object_id=place.pk)),
        **_governance_objects(place),
        "membership": first(Membership.objects.filter(place=place, person_id=nina)),
        "associate": first(
            Associate.objects.filter(
                association__organization_id=place.legal_entity_id, person_id=nina
            )
        )
        if place.legal_entity_id
        else None,
        "announcement": first(Announcement.objects.filter(place=place)),
        "unsubscribe_token": "inconnu",
        "lending_item": first(LendingItem.objects.filter(place=place)),
        "desk_reservation": first(
            Loan.objects.filter(
                item__place=place, status="reserved", starts_on__lte=timezone.localdate()
            )
        ),
        "loan_out": first(Loan.objects.filter(item__place=place, status="out")),
        "ninas_reservation": first(
            Loan.objects.filter(item__place=place, borrower_id=nina, status="reserved")
        )
        if here
        else None,
        "gift": first(Gift.objects.filter(place=place, status="available", reserved_until=None)),
    } | _roster_and_board(place, here)
    return objects | _body_objects(place, objects, newcomer=person("olivier"))


def _roster_and_board(place: Any, here: bool) -> dict[str, Any]:
    """The roster's and the exchange board's objects of a side: a shift nobody holds yet,
    the concierge's shift to come (Léa's is offered) and past one (hours not recorded), an
    open swap, a weekly pattern, and a post (Nina's, here)."""
    from comptoir.exchange.models import Post
    from comptoir.roster.models import Assignment, Shift, ShiftPattern, Swap

    now = timezone.now()
    concierge = "claire@comptoir.test" if here else "lea@comptoir.test"
    mine = Assignment.objects.filter(shift__place=place, person__email=concierge)
    free = Shift.objects.active().filter(place=place, starts_at__gt=now, assignments__isnull=True)
    upcoming = mine.filter(shift__starts_at__gt=now, shift__cancelled_at__isnull=True)
    posts = Post.objects.filter(place=place, status="open")
    if here:
        upcoming = upcoming.filter(swaps__isnull=True)
        posts = posts.filter(author__email="nina@comptoir.test")

    def first(qs: Any) -> Any:
        found = qs.order_by("pk").first()
        return None if found is None else found.pk

    return {
        "shift": first(free),
        "assignment": first(upcoming),
        "past_assignment": first(mine.filter(shift__ends_at__lt=now, contribution__isnull=True)),
        "swap": first(Swap.objects.filter(assignment__shift__place=place, status="open")),
        "pattern": first(ShiftPattern.objects.filter(place=place, ends_on__isnull=True)),
        "exchange_post": first(posts),
    }


def _governance_objects(place: Any) -> dict[str, Any]:
    """The place's general assembly, Rosa's open proposal with Théo's objection, Claire's
    decided one, last month's meeting (None at the other place, which has no body), the
    page of its minutes; the network's council with the same (both sides share it)."""
    from comptoir.cigale.models import Club, Investment
    from comptoir.community.models import Person
    from comptoir.governance.models import Body, Meeting, Position, Proposal
    from comptoir.publishing.models import Page

    body = Body.objects.filter(place=place).order_by("pk").first()
    proposals = Proposal.objects.filter(body=body)
    open_one = proposals.filter(status="open").order_by("pk").first()
    council = Body.objects.filter(network_id=place.network_id).order_by("pk").first()
    council_proposals = Proposal.objects.filter(body=council)
    council_open = council_proposals.filter(status="open").order_by("pk").first()
    return {
        "minutes_page": first_pk(Page.objects.filter(place=place)),
        "network_minutes_page": first_pk(Page.objects.filter(network_id=place.network_id)),
        "network_body": council and council.pk,
        "network_proposal": council_open and council_open.pk,
        "network_decided_proposal": first_pk(council_proposals.filter(status="closed")),
        "network_objection": first_pk(
            Position.objects.filter(proposal=council_open, stance="object")
        ),
        "network_meeting": first_pk(Meeting.objects.filter(body=council)),
        "body": body and body.pk,
        "proposal": open_one and open_one.pk,
        "decided_proposal": first_pk(proposals.filter(status="closed")),
        "objection": first_pk(Position.objects.filter(proposal=open_one, stance="object")),
        "meeting": first_pk(Meeting.objects.filter(body=body)),
        "paul": Person.objects.get(email="paul@comptoir.test").pk,
        "cigale_payer": Person.objects.get(email="rosa@comptoir.test").pk,
        "club": first_pk(Club.objects.filter(place=place)),
        "cigale_investment": first_pk(Investment.objects.filter(club__place=place)),
        "year": timezone.localdate().year,
        "next_week_at": (timezone.now() + timedelta(days=7)).isoformat(),
    }


def _body_objects(place: Any, objects: dict[str, Any], newcomer: int) -> dict[str, Any]:
    """The values the bodies of `BODIES` name, besides the objects of the paths."""
    from comptoir.access.models import Plan
    from comptoir.agenda.models import Registration
    from comptoir.agenda.services.registrations import cancel_token
    from comptoir.bookings.models import Booking
    from comptoir.incubator.models import Incubation
    from comptoir.publishing.models import Section

    today = timezone.localdate()
    booking = Booking.objects.filter(pk=objects["booking"]).first()
    registration = Registration.objects.filter(pk=objects["registration"]).first()
    incubation = Incubation.objects.filter(pk=objects["incubation"]).first()
    section = Section.objects.filter(place=place, key=objects["section"]).first()
    hours = _tomorrow() + timedelta(days=2, hours=14)
    return {
        "newcomer": newcomer,
        "today": today.isoformat(),
        "yesterday": (today - timedelta(days=1)).isoformat(),
        "next_month": (today.replace(day=1) + timedelta(days=32)).strftime("%Y-%m"),
        # The demo closes yesterday and last month, as the scheduler does: a day of the
        # month before is still open.
        "open_past_day": ((today.replace(day=1) - timedelta(days=32)).replace(day=1)).isoformat(),
        "month_ago": (today - timedelta(days=30)).isoformat(),
        "next_week": (today + timedelta(days=7)).isoformat(),
        "in_three_weeks": (today + timedelta(days=21)).isoformat(),
        "day_pass": first_pk(Plan.objects.filter(place=place, kind=Plan.Kind.DAY_PASS)),
        "slot": _free_slot(objects["resource"]),
        "move_slot": _free_slot(booking and booking.resource_id),
        "taken_slot": {
            "resource_id": booking and booking.resource_id,
            "start": booking and booking.start,
            "end": booking and booking.end,
        },
        "hours": {"start": hours, "end": hours + timedelta(hours=2)},
        "cancel_token": registration and cancel_token(registration),
        "canvas_revision": incubation and incubation.canvas.revision,
        "section_revision": section and section.revision,
    }


def _tomorrow() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time.min))


def _free_slot(resource_id: int | None) -> dict[str, Any]:
    """The first free slot of the resource a day ahead or more, within the week (what every
    role may book ahead, and its booker may still cancel: tomorrow's first slot is an hour
    away when the run starts at 23:00); Nones without a resource."""
    from comptoir.bookings.availability import free_slots
    from comptoir.bookings.models import Resource

    if resource_id is None:
        return {"resource_id": None, "start": None, "end": None}
    resource = Resource.objects.select_related("place").get(pk=resource_id)
    week = free_slots(resource, _tomorrow(), _tomorrow() + timedelta(days=6))
    ahead = timezone.now() + timedelta(days=1)
    slot = next(slot for slot in week if slot.free and slot.start >= ahead)
    return {"resource_id": resource_id, "start": slot.start, "end": slot.end}


def first_pk(qs: Any) -> int | None:
    found = qs.order_by("pk").first()
    return None if found is None else found.pk


# Which object a path parameter names, from its name and what comes before it in the path.
_BY_CONTEXT = [
    (r"incubation/", "slug", "incubation_project"),
    # A person who exists whatever the database's sequences (the demo is loaded after other
    # tests, so its first person's id is not always 1).
    (r"^admin/community/person/", "object_id", "victor"),
    (r"^admin/community/person/", "id", "victor"),
    (r"^admin/", "object_id", "admin_id"),
    (r"^admin/", "id", "admin_id"),
    (r"^admin/", "content_type_id", "admin_id"),
    (r"^comptes/", "key", "reset_key"),
    (r"^comptes/", "uidb36", "reset_key"),
    (r"^agenda/\{pk\}/\{slug\}", "slug", "kind"),
    (r"(^|/)(places|lieux)/\{?<?(slug:)?slug", "slug", "place"),
    (r"(^|/)(organizations|structures)/", "slug", "organization"),
    (r"(^|/)(projects|projets)/", "slug", "project"),
    (r"(^|/)(networks|reseaux)/", "slug", "network"),
    (r"^agenda/series/", "pk", "series"),
    (r"^agenda/inscriptions/", "token", "registration_token"),
    (r"^agenda/", "pk", "event"),
    (r"^agenda/", "registration_pk", "registration"),
    (r"^offres/", "pk", "plan"),
    (r"^abonnements/", "pk", "subscription"),
    (r"/personnes/", "pk", "person"),
    (r"^communaute/personnes/", "pk", "victor"),
    (r"^ventes/", "pk", "order"),
    (r"/factures/", "number", "invoice_number"),
    (r"/avoirs/", "number", "credit_note_number"),
    (r"^avoirs/", "pk", "credit_note"),
    (r"^passages/", "pk", "visit"),
    (r"/habilitations/demandes/", "pk", "training_request"),
    (r"/habilitations/", "pk", "training"),
    (r"^reservations/", "pk", "booking"),
    (r"^attente/", "pk", "waitlist"),
    (r"^profil/jetons/", "pk", "token"),
    (r"^profil/reservations/calendrier/", "pk", "feed"),
    (r"/roles/", "pk", "role"),
    (r"^contributions/", "pk", "contribution"),
    (r"^prestations/", "pk", "prestation"),
    (r"/autres-recettes/", "pk", "income"),
    (r"/programmes/", "pk", "programme"),
    (r"/ressources-partagees/", "pk", "shared_resource"),
    (r"/presse/", "pk", "press"),
    (r"^conciergerie/demandes/", "pk", "conciergerie_request"),
    (r"/conciergerie/(services|catalogue)/", "pk", "conciergerie_service"),
    (r"/colis/", "pk", "parcel"),
    (r"/adhesions/", "pk", "membership"),
    (r"^nouvelles/desabonnement/", "token", "unsubscribe_token"),
    (r"^nouvelles/", "pk", "announcement"),
]
_BY_NAME = {
    "space_id": "space",
    "mandate_id": "mandate",
    "batch_id": "batch",
    "debit_id": "debit",
    "request_id": "conciergerie_request",
    "parcel_id": "parcel",
    "person_id": "victor",
    "role_id": "role",
    "plan_id": "plan",
    "order_id": "order",
    "invoice_id": "invoice",
    "credit_note_id": "credit_note",
    "subscription_id": "subscription",
    "book_id": "book",
    "body_id": "body",
    "proposal_id": "proposal",
    "position_id": "objection",
    "meeting_id": "meeting",
    "club_id": "club",
    "year": "year",
    "investment_id": "cigale_investment",
    "visit_id": "visit",
    "resource_id": "resource",
    "booking_id": "booking",
    "entry_id": "waitlist",
    "event_id": "event",
    "registration_id": "registration",
    "need_id": "need",
    "contribution_id": "contribution",
    "prestation_id": "prestation",
    "income_id": "income",
    "shift_id": "shift",
    "assignment_id": "assignment",
    "swap_id": "swap",
    "post_id": "exchange_post",
    "membership_id": "membership",
    "associate_id": "associate",
    "announcement_id": "announcement",
    "programme_id": "programme",
    "stage_id": "stage",
    "item_id": "item",
    "incubation_id": "incubation",
    "key": "section",
    "resource_slug": "resource_slug",
    "secret": "feed_secret",
    "kind": "kind",
    "number": "number",
    "action": "action",
    "person_pk": "mentor",
    "item_pk": "item",
    "stage_pk": "stage",
    "app_label": "app_label",
    "path": "unknown_api_path",
    "name": "media_name",
    "url": "admin_url",
}


def _object_for(path: str, param: str, overrides: dict[str, str]) -> str:
    if param in overrides:
        return overrides[param]
    for pattern, name, obj in _BY_CONTEXT:
        if name == param and re.search(pattern, path):
            return obj
    if param == "slug" and path.startswith("projets/") and "incubation" in path:
        return "incubation_project"
    if param == "pk" and "incubateur/programmes" in path:
        return "programme"
    return _BY_NAME[param]


# --- The routes: every page and every operation -----------------------------------------


@dataclass
class Route:
    key: str  # the expectations' key
    method: str  # "GET", or the API write's method; pages: "GET" (POST if GET is refused)
    path: str  # with {param} placeholders, from the site root
    params: list[str]
    api: bool
    query: str = ""
    get_only: bool = False
    has_body: bool = False  # an API write taking a request body


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = ns + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), namespace)
        elif isinstance(pattern, URLPattern):
            # Unnamed patterns (the admin's redirects, its catch-all) are named by their path.
            name = pattern.name or _page_path(prefix + str(pattern.pattern))[0]
            yield prefix + str(pattern.pattern), ns + name


def _page_path(route: str) -> tuple[str, list[str]]:
    """A URL pattern as a path with {param} placeholders (regex patterns made literal)."""
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?!\(\?:[^)]*\)/\)", "", route)  # the event-slug pattern's lookahead
    params: list[str] = []

    def converter(match: re.Match[str]) -> str:
        params.append(match.group("name"))
        return "{" + match.group("name") + "}"

    route = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", converter, route)
    route = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", converter, route)
    return "/" + route, params


def pages() -> list[Route]:
    routes = []
    for pattern, name in _walk(get_resolver().url_patterns):
        if name.startswith("api:") and name not in {
            "api:openapi-json",
            "api:openapi-view",
            "api:api-root",
        }:
            continue  # the operations, checked from the OpenAPI document
        path, params = _page_path(pattern)
        routes.append(Route(name, "GET", path, params, api=False))
    return routes


def operations() -> list[Route]:
    from comptoir.api.main import api

    routes = []
    for path, ops in api.get_openapi_schema()["paths"].items():
        for method, op in ops.items():
            short = path.removeprefix("/api/v1")
            params = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]
            query = _required_query(op.get("parameters", []))
            key = f"{method.upper()} {short}"
            has_body = "requestBody" in op
            routes.append(Route(key, method.upper(), path, params, True, query, has_body=has_body))
    return routes


def _required_query(parameters: list[dict[str, Any]]) -> str:
    """Values for the required query parameters, from their documented format."""
    today = timezone.localdate()
    values = {
        ("date", "start"): (today - timedelta(days=30)).isoformat(),
        ("date", "end"): today.isoformat(),
        ("date-time", "start"): f"{today + timedelta(days=1)}T09:00:00+01:00",
        ("date-time", "end"): f"{today + timedelta(days=1)}T18:00:00+01:00",
    }
    pairs = []
    for parameter in parameters:
        if parameter["in"] == "query" and parameter.get("required"):
            schema = parameter.get("schema", {})
            fmt = schema.get("format", "")
            pairs.append((parameter["name"], values.get((fmt, parameter["name"]), "1")))
    return urlencode(pairs)


def expectation(route: Route) -> tuple[Rule, dict[str, str], str]:
    """The rule, the objects named by the path parameters, the method (pages: "" for GET,
    then POST when the page refuses GET)."""
    table = API if route.api else PAGES
    entry = table.get(route.key)
    if entry is None:
        for prefix, rule in PAGE_FAMILIES.items():
            if not route.api and route.key.startswith(prefix):
                return rule, {}, ""
        raise KeyError(route.key)
    rule, overrides, method = (*entry, {}, "")[:3]
    return rule, overrides, method


# --- The test -------------------------------------------------------------------------------


def test_every_operation_and_page_has_an_expectation() -> None:
    missing = [r.key for r in operations() + pages() if not _has_entry(r)]
    assert not missing, f"Say who may use these (tests/test_authorization_matrix.py): {missing}"
    stale = set(API) - {r.key for r in operations()} | set(PAGES) - {r.key for r in pages()}
    assert not stale, f"Expectations for routes that no longer exist: {sorted(stale)}"


def test_every_api_write_with_a_body_is_sent_a_valid_one() -> None:
    """Without a body of its own, a write would be refused for its shape (422) before anyone
    is asked who sends it: the matrix would check nothing."""
    with_body = {r.key for r in operations() if r.has_body}
    missing = sorted(with_body - set(BODIES))
    assert not missing, f"Give these a valid body (BODIES, {__name__}): {missing}"
    stale = sorted(set(BODIES) - with_body)
    assert not stale, f"Bodies for operations that take none or no longer exist: {stale}"
    probed = {" ".join(key.split(" ", 2)[:2]) for key in API_WRITE_PROBES}
    assert probed <= with_body, f"Probes of unknown operations: {sorted(probed - with_body)}"


def _has_entry(route: Route) -> bool:
    try:
        expectation(route)
    except KeyError:
        return False
    return True


def _client(who: str) -> Client:
    from comptoir.community.models import Person

    client = Client(raise_request_exception=False)
    email = IDENTITIES[who]
    if email is not None:
        client.force_login(Person.objects.get(email=email))
    return client


def _denied(response: Any) -> bool:
    if response.status_code in {401, 403, 404, 405}:
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and ("login" in location or "connexion" in location)


@dataclass
class Cell:
    route: Route
    side: str
    url: str
    allowed: bool
    write: bool
    body: dict[str, Any] | None = None  # an API write's (None: sent without one)


def _missing(value: Any) -> bool:
    """A body naming an object this side does not have."""
    if isinstance(value, dict):
        return any(_missing(v) for v in value.values())
    if isinstance(value, list):
        return any(_missing(v) for v in value)
    return value is None


def _cells(who: str) -> list[Cell]:
    sides = {HERE: _objects(HERE), THERE: _objects(THERE)}
    cells = []
    for route in operations() + pages():
        rule, overrides, method = expectation(route)
        route.method = method or route.method
        route.get_only = method == "GET"
        requests = set()
        for side, objects in sides.items():
            path = route.path.lstrip("/")
            values = {p: objects.get(_object_for(path, p, overrides)) for p in route.params}
            url = route.path.format(**values) + (f"?{route.query}" if route.query else "")
            body = BODIES[route.key](objects) if route.has_body else None
            request = (url, json.dumps(body, sort_keys=True, cls=DjangoJSONEncoder))
            absent = any(v is None for v in values.values()) or _missing(body or {})
            if absent or request in requests:
                continue  # nothing of this side to ask for, or the same request as here
            requests.add(request)
            write = route.method != "GET"
            cells.append(Cell(route, side, url, rule(who, side), write, body))
    for key, (rule, body_of) in API_WRITE_PROBES.items():
        method, path = key.split(" ")[:2]
        route = Route(key, method, "/api/v1" + path, re.findall(r"\{(\w+)\}", path), True)
        requests = set()
        for side, objects in sides.items():
            values = {p: objects.get(_object_for(path, p, {})) for p in route.params}
            body = body_of(objects)
            url = route.path.format(**values)
            request = (url, json.dumps(body, sort_keys=True, cls=DjangoJSONEncoder))
            if _missing(values) or _missing(body) or request in requests:
                continue
            requests.add(request)
            cells.append(Cell(route, side, url, rule(who, side), True, body))
    for key, (rule, *_rest) in API_PROBES.items():
        method, path = key.split(" ", 1)
        route = Route(key, method, "/api/v1" + path, [], True)
        for side, objects in sides.items():
            names = re.findall(r"\{(\w+)\}", path)
            if any(objects.get(n) is None for n in names):
                continue
            url = route.path.format(**{n: objects[n] for n in names})
            cells.append(Cell(route, side, url, rule(who, side), False))
    # The API first (its writes are rolled back), then the pages, reads first: a page's
    # write that is allowed may change what later cells find.
    return sorted(cells, key=lambda cell: (not cell.route.api, cell.write))


def _send(client: Client, cell: Cell) -> Any:
    method = cell.route.method.lower()
    if not cell.route.api and method == "post":
        return client.post(cell.url, {})
    if not cell.route.api:
        response = client.get(cell.url)
        if response.status_code == 405 and not cell.route.get_only:
            cell.write = True
            response = client.post(cell.url, {})
        return response
    headers = {"HTTP_ACCEPT": "application/json"}
    if method == "get":
        return client.get(cell.url, **headers)
    if cell.body is None:
        return getattr(client, method)(cell.url, **headers)
    data = json.dumps(cell.body, cls=DjangoJSONEncoder)
    return getattr(client, method)(cell.url, data=data, content_type="application/json", **headers)


def _error_code(response: Any) -> str:
    try:
        return str(json.loads(response.content).get("code", ""))
    except (ValueError, AttributeError):
        return ""


def _check(cell: Cell, response: Any, audited: bool) -> str | None:
    status = response.status_code
    if status >= 500:
        return "server error"
    if cell.route.api and cell.write:
        return _check_api_write(cell, response, audited)
    if cell.allowed:
        # 409: allowed, but the object's state says no (a validated prestation, a past series);
        # 405: a page that only takes a POST, never sent one here (logging out).
        ok = 200 <= status < 400 or status == 409 or (status == 405 and cell.route.get_only)
        if not cell.write and not ok:
            return "refused to someone allowed"
        return None
    if cell.route.key in API_PROBES and status == 422:
        # A filter naming someone the caller may not see is refused as an unknown person,
        # the same answer as an id that does not exist.
        return None
    if cell.write:
        if not (400 <= status < 500 or _denied(response)):
            return "a refused write answered " + str(status)
        return "a refused write was recorded" if audited else None
    return None if _denied(response) else "data for someone refused"


def _check_api_write(cell: Cell, response: Any, audited: bool) -> str | None:
    status, code = response.status_code, _error_code(response)
    if cell.allowed:
        # The domain may still say no (409, or a rule's own 403 or 422), but not the
        # generic refusals, nor to the body's shape.
        if status in {401, 404} or (status == 403 and code == "forbidden"):
            return f"refused to someone allowed ({code})"
        if code in {"invalid_body", "invalid_params", "invalid_json"}:
            return f"its body is refused for its shape: {response.content[:300]!r}"
        return None
    if status not in {401, 403, 404} and REFUSED_AS.get(cell.route.key) != (status, code):
        return f"a refused write answered {status} ({code})"
    return "a refused write was recorded" if audited else None


def _run(who: str, answers: dict[str, set[str]], seen: set[str]) -> tuple[int, list[str]]:
    """Every cell of one identity: (number of cells, failures); adds to `answers` what each
    API write answered those it allows, and to `seen` the routes it asked."""
    # Each identity is another client: the API's rate counters start afresh (the throttle
    # has tests of its own), so no cell depends on how fast this machine runs the others.
    caches["ratelimit" if "ratelimit" in django_settings.CACHES else "default"].clear()
    client = _client(who)
    failures = []
    cells = _cells(who)
    seen.update(cell.route.key for cell in cells)
    for cell in cells:
        # An API write finds the demo as it was loaded: it runs in a savepoint rolled back.
        with transaction.atomic() if cell.write and cell.route.api else nullcontext():
            audited_before = AuditEvent.objects.count() if cell.write or not cell.route.api else 0
            response = _send(client, cell)
            audited = (
                cell.write or not cell.route.api
            ) and AuditEvent.objects.count() != audited_before
            if cell.write and cell.route.api:
                transaction.set_rollback(True)
        if cell.write and cell.route.api and cell.allowed:
            answer = f"{response.status_code} {_error_code(response)}".strip()
            answers.setdefault(cell.route.key, set()).add(answer)
        problem = _check(cell, response, audited and not cell.allowed)
        if problem:
            failures.append(
                f"{who:16} {cell.side:18} {cell.route.key:50} {cell.url:60} "
                f"{response.status_code} {problem}"
            )
    return len(cells), failures


def _complete_the_demo() -> None:
    """What the demo lacks for every route to have its cells: places open at any hour of
    the run (check-ins, bookings), Nina offered a slot she waited for (Victor booked it,
    she joined its waitlist, he cancelled), an API token and a calendar address of Rosa's,
    the invoice of Nina's first purchase at the place (its entity's invoicing set up), a
    sale to her invoiced and partly credited, and one waiting for payment. (Nina's request
    for the laser training, which the concierges answer, comes with the demo.)"""
    from comptoir.bookings import services, waitlist
    from comptoir.bookings.feed_services import calendar_feed_create
    from comptoir.bookings.models import Resource
    from comptoir.community.models import Person
    from comptoir.community.services.tokens import api_token_create
    from comptoir.places.models import Place

    Place.objects.filter(slug__in=[HERE, THERE]).update(opening_hours="24/7")
    victor = Person.objects.get(email=IDENTITIES["voyageur"])
    nina = Person.objects.get(email=IDENTITIES["nomade"])
    room = Resource.objects.filter(place__slug=HERE).order_by("pk").first()
    slot = _free_slot(room.pk)
    start, end = slot["start"], slot["end"]
    booking = services.booking_create(resource=room, person=victor, start=start, end=end, by=victor)
    waitlist.waitlist_join(resource=room, person=nina, start=start, end=end, by=nina)
    services.booking_cancel(booking=booking, by=victor)
    rosa = Person.objects.get(email=IDENTITIES["resident"])
    api_token_create(person=rosa, name="Matrice", by=rosa)
    calendar_feed_create(person=rosa, by=rosa)
    _invoice_ninas_purchase(nina)


def _invoice_ninas_purchase(nina: Any) -> None:
    from comptoir.billing import services as billing
    from comptoir.billing.models import Order
    from comptoir.community.models import Person
    from comptoir.invoicing.models import InvoicingProfile
    from comptoir.invoicing.selectors import invoice_of_order
    from comptoir.invoicing.services import credit_note_issue, invoice_issue
    from comptoir.invoicing.services.payments import payment_record
    from comptoir.places.models import Place

    place = Place.objects.get(slug=HERE)
    InvoicingProfile.objects.get_or_create(
        organization_id=place.legal_entity_id, defaults={"address": "1 place du Comptoir"}
    )
    claire = Person.objects.get(email=IDENTITIES["concierge"])
    order = Order.objects.filter(place=place, buyer=nina).order_by("pk").first()
    if invoice_of_order(order_id=order.pk) is None:  # the demo invoices its own sales
        invoice_issue(order=order, by=claire)
    # A sale of two days to Nina, paid at the desk, invoiced, one day credited (its refund
    # can be paid); then one waiting for payment, not invoiced.
    two_days = billing.LineSpec(kind="other", description="Journée", unit_price_cents=1500)
    paid = billing.order_create(
        place=place,
        lines=[dataclasses.replace(two_days, quantity=2)],
        by=claire,
        buyer=nina,
    )
    payment_record(order=paid, means="cash", amount_cents=paid.total_cents, by=claire)
    invoice = invoice_issue(order=paid, by=claire)
    credit_note_issue(
        invoice=invoice, by=claire, reason="Journée annulée", lines={invoice.lines.get().pk: 1}
    )
    billing.order_create(place=place, lines=[two_days], by=claire, buyer=nina)


def test_the_matrix(capsys: Any, settings: Any, tmp_path: Any) -> None:
    """All identities on one load of the demo; each runs in a savepoint rolled back after
    it, so the writes one identity may make do not change what the next one sees."""
    # The development mailbox, as without EMAIL_URL, so that its viewer is judged too.
    settings.EMAIL_BACKEND = "comptoir.core.mailbox.MailboxBackend"
    settings.EMAIL_MAILBOX_DIR = tmp_path / "mail"
    call_command("comptoir_demo", stdout=StringIO())
    _complete_the_demo()
    counts: dict[str, int] = {}
    failures: list[str] = []
    answers: dict[str, set[str]] = {}
    seen: set[str] = set()
    for who in IDENTITIES:
        with transaction.atomic():
            counts[who], failed = _run(who, answers, seen)
            failures += failed
            transaction.set_rollback(True)
    writes = {r.key for r in operations() if r.method != "GET"} | set(API_WRITE_PROBES)
    carried_out = {key for key, got in answers.items() if any(a.startswith("2") for a in got)}
    with capsys.disabled():
        print(
            f"\nauthorization matrix: {sum(counts.values())} cells {counts}; "
            f"{len(carried_out)} of {len(writes)} API writes carried out"
        )
    assert not failures, f"{len(failures)} of {sum(counts.values())} cells:\n" + "\n".join(failures)
    # Each write is carried out by someone it allows, so its body is a real one and its
    # cells judged who sends it; save those the demo keeps from it, and why.
    never = {
        key: sorted(answers.get(key, ())) for key in writes - carried_out - set(NOT_CARRIED_OUT)
    }
    assert not never, f"No one the rule allows could carry these out: {never}"
    stale = sorted(set(NOT_CARRIED_OUT) & carried_out)
    assert not stale, f"Carried out after all (NOT_CARRIED_OUT): {stale}"
    unseen = sorted({r.key for r in operations() + pages()} - seen)
    assert not unseen, f"Routes never asked (no object of theirs in the world): {unseen}"
