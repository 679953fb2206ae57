from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, modify_settings

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/events",
    "/api/v1/events/{event_id}",
    "/api/v1/events/{event_id}/cancel",
    "/api/v1/event-series",
    "/api/v1/events/{event_id}/registrations",
    "/api/v1/registrations/cancel",
    "/api/v1/registrations/{registration_id}/cancel",
    "/api/v1/registrations/{registration_id}/attendance",
    "/api/v1/events/{event_id}/walk-ins",
    "/api/v1/registrations/{registration_id}/public",
    "/api/v1/places/{slug}/activity-report",
    "/api/v1/places",
    "/api/v1/places/{slug}",
    "/api/v1/places/{slug}/roles",
    "/api/v1/spaces",
    "/api/v1/spaces/{space_id}",
    "/api/v1/people",
    "/api/v1/people/me",
    "/api/v1/people/{person_id}",
    "/api/v1/organizations",
    "/api/v1/organizations/{slug}",
    "/api/v1/roles/{role_id}/end",
    "/api/v1/places/{slug}/plans",
    "/api/v1/plans/{plan_id}",
    "/api/v1/places/{slug}/sales",
    "/api/v1/places/{slug}/purchases",
    "/api/v1/places/{slug}/closings",
    "/api/v1/places/{slug}/fec",
    "/api/v1/places/{slug}/other-income",
    "/api/v1/places/{slug}/other-income/{income_id}",
    "/api/v1/places/{slug}/budget",
    "/api/v1/places/{slug}/economic-model",
    "/api/v1/places/{slug}/sales-journal",
    "/api/v1/networks/{slug}/economic-model",
    "/api/v1/networks/{slug}/settlement-invoices",
    "/api/v1/networks/{slug}/outstanding",
    "/api/v1/orders/{order_id}",
    "/api/v1/orders/{order_id}/invoice",
    "/api/v1/orders/{order_id}/payments",
    "/api/v1/places/{slug}/invoices",
    "/api/v1/invoices/{invoice_id}",
    "/api/v1/invoices/{invoice_id}/pdf",
    "/api/v1/invoices/{invoice_id}/xml",
    "/api/v1/invoices/{invoice_id}/credit-notes",
    "/api/v1/credit-notes/{credit_note_id}/refunds",
    "/api/v1/credit-notes/{credit_note_id}/pdf",
    "/api/v1/credit-notes/{credit_note_id}/xml",
    "/api/v1/people/me/statement",
    "/api/v1/organizations/{slug}/statement",
    "/api/v1/places/{slug}/subscriptions",
    "/api/v1/subscriptions/{subscription_id}",
    "/api/v1/subscriptions/{subscription_id}/pause",
    "/api/v1/subscriptions/{subscription_id}/resume",
    "/api/v1/subscriptions/{subscription_id}/cancel",
    "/api/v1/subscriptions/{subscription_id}/uncancel",
    "/api/v1/subscriptions/{subscription_id}/end",
    "/api/v1/ticket-books",
    "/api/v1/ticket-books/{book_id}",
    "/api/v1/ticket-books/{book_id}/movements",
    "/api/v1/ticket-books/{book_id}/corrections",
    "/api/v1/visits",
    "/api/v1/visits/{visit_id}/checkout",
    "/api/v1/networks/{slug}/settlements",
    "/api/v1/places/{slug}/resources",
    "/api/v1/resources/{resource_id}/availability",
    "/api/v1/places/{slug}/availability",
    "/api/v1/bookings",
    "/api/v1/bookings/{booking_id}",
    "/api/v1/bookings/quote",
    "/api/v1/bookings/{booking_id}/move",
    "/api/v1/bookings/{booking_id}/cancel",
    "/api/v1/waitlist",
    "/api/v1/waitlist/{entry_id}",
    "/api/v1/waitlist/{entry_id}/confirm",
    "/api/v1/projects",
    "/api/v1/projects/{slug}",
    "/api/v1/projects/{slug}/needs",
    "/api/v1/needs/{need_id}/answers",
    "/api/v1/needs/{need_id}/close",
    "/api/v1/projects/{slug}/contributions",
    "/api/v1/projects/{slug}/contributions.jsonld",
    "/api/v1/contributions",
    "/api/v1/contributions/{contribution_id}/validate",
    "/api/v1/contributions/{contribution_id}/refuse",
    "/api/v1/places/{slug}/prestations",
    "/api/v1/prestations/{prestation_id}",
    "/api/v1/prestations/{prestation_id}/validate",
    "/api/v1/shares",
    "/api/v1/places/{slug}/documentation",
    "/api/v1/places/{slug}/documentation/{key}",
    "/api/v1/places/{slug}/documentation/{key}/revisions",
    "/api/v1/places/{slug}/documentation.wiki",
    "/api/v1/places/{slug}/documentation.json",
    "/api/v1/places/{slug}/documentation.zip",
    "/api/v1/places/{slug}/programmes",
    "/api/v1/programmes/{programme_id}",
    "/api/v1/programmes/{programme_id}/cohorts",
    "/api/v1/programmes/{programme_id}/stages",
    "/api/v1/stages/{stage_id}",
    "/api/v1/stages/{stage_id}/move",
    "/api/v1/stages/{stage_id}/items",
    "/api/v1/checklist-items/{item_id}",
    "/api/v1/checklist-items/{item_id}/move",
    "/api/v1/places/{slug}/incubations",
    "/api/v1/incubations",
    "/api/v1/incubations/{incubation_id}",
    "/api/v1/incubations/{incubation_id}/advance",
    "/api/v1/incubations/{incubation_id}/ticks/{item_id}",
    "/api/v1/incubations/{incubation_id}/canvas",
    "/api/v1/incubations/{incubation_id}/canvas/revisions",
    "/api/v1/places/{slug}/sepa-mandates",
    "/api/v1/places/{slug}/sepa-mandates/{mandate_id}/revoke",
    "/api/v1/places/{slug}/sepa-creditor",
    "/api/v1/places/{slug}/debit-batches",
    "/api/v1/places/{slug}/debit-batches/{batch_id}",
    "/api/v1/places/{slug}/debit-batches/{batch_id}/pain008",
    "/api/v1/places/{slug}/debits/{debit_id}/return",
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
