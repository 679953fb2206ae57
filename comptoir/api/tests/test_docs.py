from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, modify_settings

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/announcements/{announcement_id}",
    "/api/v1/bodies/{body_id}/meetings",
    "/api/v1/bodies/{body_id}/proposals",
    "/api/v1/bookings",
    "/api/v1/bookings/quote",
    "/api/v1/bookings/{booking_id}",
    "/api/v1/bookings/{booking_id}/cancel",
    "/api/v1/bookings/{booking_id}/move",
    "/api/v1/checklist-items/{item_id}",
    "/api/v1/checklist-items/{item_id}/move",
    "/api/v1/cigale-investments/{investment_id}/make",
    "/api/v1/cigale-investments/{investment_id}/receipts",
    "/api/v1/cigales/{club_id}",
    "/api/v1/cigales/{club_id}/dissolve",
    "/api/v1/cigales/{club_id}/entries",
    "/api/v1/cigales/{club_id}/investments",
    "/api/v1/cigales/{club_id}/pledge",
    "/api/v1/cigales/{club_id}/statements/{year}",
    "/api/v1/conciergerie/requests/{request_id}",
    "/api/v1/conciergerie/requests/{request_id}/messages",
    "/api/v1/conciergerie/requests/{request_id}/moves",
    "/api/v1/contributions",
    "/api/v1/contributions/{contribution_id}/refuse",
    "/api/v1/contributions/{contribution_id}/validate",
    "/api/v1/credit-notes/{credit_note_id}/pdf",
    "/api/v1/credit-notes/{credit_note_id}/refunds",
    "/api/v1/credit-notes/{credit_note_id}/xml",
    "/api/v1/event-series",
    "/api/v1/events",
    "/api/v1/events/{event_id}",
    "/api/v1/events/{event_id}/cancel",
    "/api/v1/events/{event_id}/registrations",
    "/api/v1/events/{event_id}/walk-ins",
    "/api/v1/gifts/{gift_id}/moderate",
    "/api/v1/gifts/{gift_id}/reserve",
    "/api/v1/incubations",
    "/api/v1/incubations/{incubation_id}",
    "/api/v1/incubations/{incubation_id}/advance",
    "/api/v1/incubations/{incubation_id}/canvas",
    "/api/v1/incubations/{incubation_id}/canvas/revisions",
    "/api/v1/incubations/{incubation_id}/ticks/{item_id}",
    "/api/v1/invoices/{invoice_id}",
    "/api/v1/invoices/{invoice_id}/credit-notes",
    "/api/v1/invoices/{invoice_id}/pdf",
    "/api/v1/invoices/{invoice_id}/xml",
    "/api/v1/lending-items/{item_id}",
    "/api/v1/lending-items/{item_id}/loans",
    "/api/v1/loans/{loan_id}/cancel",
    "/api/v1/loans/{loan_id}/check-out",
    "/api/v1/loans/{loan_id}/return",
    "/api/v1/me/shifts",
    "/api/v1/me/skill-alerts",
    "/api/v1/me/swap-offers",
    "/api/v1/meetings/{meeting_id}",
    "/api/v1/meetings/{meeting_id}/attendances",
    "/api/v1/meetings/{meeting_id}/convene",
    "/api/v1/meetings/{meeting_id}/minutes",
    "/api/v1/meetings/{meeting_id}/quorum",
    "/api/v1/memberships/{membership_id}",
    "/api/v1/needs/{need_id}/answers",
    "/api/v1/needs/{need_id}/close",
    "/api/v1/networks/{slug}/announcements",
    "/api/v1/networks/{slug}/economic-model",
    "/api/v1/networks/{slug}/outstanding",
    "/api/v1/networks/{slug}/settlement-invoices",
    "/api/v1/networks/{slug}/settlements",
    "/api/v1/orders/{order_id}",
    "/api/v1/orders/{order_id}/invoice",
    "/api/v1/orders/{order_id}/payments",
    "/api/v1/organizations",
    "/api/v1/organizations/{slug}",
    "/api/v1/organizations/{slug}/statement",
    "/api/v1/people",
    "/api/v1/people/me",
    "/api/v1/people/me/conciergerie-requests",
    "/api/v1/people/me/loans",
    "/api/v1/people/me/news",
    "/api/v1/people/me/parcels",
    "/api/v1/people/me/statement",
    "/api/v1/people/{person_id}",
    "/api/v1/places",
    "/api/v1/places/{slug}",
    "/api/v1/places/{slug}/activity-report",
    "/api/v1/places/{slug}/announcements",
    "/api/v1/places/{slug}/associates/{associate_id}/payments",
    "/api/v1/places/{slug}/associates/{associate_id}/redemptions",
    "/api/v1/places/{slug}/associates/{associate_id}/transfers",
    "/api/v1/places/{slug}/availability",
    "/api/v1/places/{slug}/bodies",
    "/api/v1/places/{slug}/budget",
    "/api/v1/places/{slug}/cigales",
    "/api/v1/places/{slug}/closings",
    "/api/v1/places/{slug}/conciergerie/requests",
    "/api/v1/places/{slug}/conciergerie/services",
    "/api/v1/places/{slug}/debit-batches",
    "/api/v1/places/{slug}/debit-batches/{batch_id}",
    "/api/v1/places/{slug}/debit-batches/{batch_id}/pain008",
    "/api/v1/places/{slug}/debits/{debit_id}/return",
    "/api/v1/places/{slug}/decisions",
    "/api/v1/places/{slug}/documentation",
    "/api/v1/places/{slug}/documentation.json",
    "/api/v1/places/{slug}/documentation.wiki",
    "/api/v1/places/{slug}/documentation.zip",
    "/api/v1/places/{slug}/documentation/{key}",
    "/api/v1/places/{slug}/documentation/{key}/revisions",
    "/api/v1/places/{slug}/economic-model",
    "/api/v1/places/{slug}/exchange-posts",
    "/api/v1/places/{slug}/exchange-posts/{post_id}",
    "/api/v1/places/{slug}/exchange-posts/{post_id}/close",
    "/api/v1/places/{slug}/exchange-posts/{post_id}/replies",
    "/api/v1/places/{slug}/fec",
    "/api/v1/places/{slug}/give-box",
    "/api/v1/places/{slug}/give-box/figures",
    "/api/v1/places/{slug}/incubations",
    "/api/v1/places/{slug}/invoices",
    "/api/v1/places/{slug}/lending-items",
    "/api/v1/places/{slug}/loans/overdue",
    "/api/v1/places/{slug}/members",
    "/api/v1/places/{slug}/membership-settings",
    "/api/v1/places/{slug}/memberships",
    "/api/v1/places/{slug}/other-income",
    "/api/v1/places/{slug}/other-income/{income_id}",
    "/api/v1/places/{slug}/parcels",
    "/api/v1/places/{slug}/parcels/{parcel_id}/hand-over",
    "/api/v1/places/{slug}/plans",
    "/api/v1/places/{slug}/prestations",
    "/api/v1/places/{slug}/programmes",
    "/api/v1/places/{slug}/purchases",
    "/api/v1/places/{slug}/resources",
    "/api/v1/places/{slug}/roles",
    "/api/v1/places/{slug}/roster",
    "/api/v1/places/{slug}/roster/gaps",
    "/api/v1/places/{slug}/roster/hours",
    "/api/v1/places/{slug}/sales",
    "/api/v1/places/{slug}/sales-journal",
    "/api/v1/places/{slug}/sepa-creditor",
    "/api/v1/places/{slug}/sepa-mandates",
    "/api/v1/places/{slug}/sepa-mandates/{mandate_id}/revoke",
    "/api/v1/places/{slug}/share-movements",
    "/api/v1/places/{slug}/share-register",
    "/api/v1/places/{slug}/share-subscriptions",
    "/api/v1/places/{slug}/shift-patterns",
    "/api/v1/places/{slug}/shifts",
    "/api/v1/places/{slug}/subscriptions",
    "/api/v1/plans/{plan_id}",
    "/api/v1/prestations/{prestation_id}",
    "/api/v1/prestations/{prestation_id}/validate",
    "/api/v1/programmes/{programme_id}",
    "/api/v1/programmes/{programme_id}/cohorts",
    "/api/v1/programmes/{programme_id}/stages",
    "/api/v1/projects",
    "/api/v1/projects/{slug}",
    "/api/v1/projects/{slug}/contributions",
    "/api/v1/projects/{slug}/contributions.jsonld",
    "/api/v1/projects/{slug}/needs",
    "/api/v1/proposals/{proposal_id}",
    "/api/v1/proposals/{proposal_id}/close",
    "/api/v1/proposals/{proposal_id}/decide",
    "/api/v1/proposals/{proposal_id}/position",
    "/api/v1/proposals/{proposal_id}/positions",
    "/api/v1/proposals/{proposal_id}/positions/{position_id}/answer",
    "/api/v1/proposals/{proposal_id}/publish",
    "/api/v1/registrations/cancel",
    "/api/v1/registrations/{registration_id}/attendance",
    "/api/v1/registrations/{registration_id}/cancel",
    "/api/v1/registrations/{registration_id}/public",
    "/api/v1/resources/{resource_id}/availability",
    "/api/v1/roles/{role_id}/end",
    "/api/v1/shares",
    "/api/v1/shift-assignments/{assignment_id}/hours",
    "/api/v1/shift-assignments/{assignment_id}/leave",
    "/api/v1/shift-assignments/{assignment_id}/swap",
    "/api/v1/shifts/{shift_id}/take",
    "/api/v1/spaces",
    "/api/v1/spaces/{space_id}",
    "/api/v1/stages/{stage_id}",
    "/api/v1/stages/{stage_id}/items",
    "/api/v1/stages/{stage_id}/move",
    "/api/v1/subscriptions/{subscription_id}",
    "/api/v1/subscriptions/{subscription_id}/cancel",
    "/api/v1/subscriptions/{subscription_id}/end",
    "/api/v1/subscriptions/{subscription_id}/pause",
    "/api/v1/subscriptions/{subscription_id}/resume",
    "/api/v1/subscriptions/{subscription_id}/uncancel",
    "/api/v1/swaps/{swap_id}/accept",
    "/api/v1/swaps/{swap_id}/withdraw",
    "/api/v1/ticket-books",
    "/api/v1/ticket-books/{book_id}",
    "/api/v1/ticket-books/{book_id}/corrections",
    "/api/v1/ticket-books/{book_id}/movements",
    "/api/v1/visits",
    "/api/v1/visits/{visit_id}/checkout",
    "/api/v1/waitlist",
    "/api/v1/waitlist/{entry_id}",
    "/api/v1/waitlist/{entry_id}/confirm",
}


def test_the_openapi_document_lists_every_path():
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert set(document["paths"]) == PATHS
    assert document["info"]["title"] == "Comptoir API"
    assert {"BearerToken", "Session"} <= set(document["components"]["securitySchemes"])


def test_the_openapi_document_declares_the_error_shape():
    document = Client().get("/api/v1/openapi.json").json()

    patch = document["paths"]["/api/v1/places/{slug}"]["patch"]
    assert {"401", "403", "422"} <= set(patch["responses"])
    assert set(document["components"]["schemas"]["ErrorOut"]["properties"]) >= {"code", "detail"}


@modify_settings(INSTALLED_APPS={"append": "ninja"})
def test_the_docs_page_renders_without_any_external_host():
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    # Every src/href is local: no CDN, nothing leaks to a third party.
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)


def test_ninja_is_installed_so_its_swagger_files_are_served_locally():
    # The docs page loads /static/ninja/swagger-ui-bundle.js; staticfiles (and whitenoise
    # after collectstatic) only find it when "ninja" is in INSTALLED_APPS.
    assert "ninja" in settings.INSTALLED_APPS
    assert finders.find("ninja/swagger-ui-bundle.js")
