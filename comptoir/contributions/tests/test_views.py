"""The contribution and prestation pages: happy paths, refusals with their 4xx and message,
permissions, and query counts that do not grow with the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from comptoir.contributions.models import Contribution, Prestation, Share
from comptoir.contributions.services.contributions import contribution_log
from comptoir.contributions.services.redistribution import prestation_create, prestation_validate

Status = Contribution.Status


def today() -> dt.date:
    return timezone.localdate()


def form_data(**overrides: Any) -> dict[str, str]:
    data = {
        "kind": "work",
        "quantity": "3,5",
        "unit": "",
        "description": "Montage de la borne",
        "happened_on": today().isoformat(),
    }
    data.update(overrides)
    return data


def logged(project: Any, who: Any, **fields: Any) -> Contribution:
    return contribution_log(
        by=who,
        project=project,
        kind=fields.pop("kind", "work"),
        quantity=fields.pop("quantity", "2"),
        description=fields.pop("description", "Atelier"),
        happened_on=fields.pop("happened_on", today()),
        **fields,
    )


# --- Logging on a project ---------------------------------------------------------------------


def test_a_member_logs_hours_on_the_project_page(
    login: Any, project: Any, contributor: Any
) -> None:
    client = login(contributor)
    url = f"/projets/{project.slug}/contributions/"
    assert client.get(url).status_code == 200
    response = client.post(url, form_data())
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.status, contribution.quantity) == (Status.PENDING, Decimal("3.5"))


def test_a_non_member_proposes(login: Any, project: Any, nomad: Any) -> None:
    response = login(nomad).post(f"/projets/{project.slug}/contributions/", form_data())
    assert response.status_code == 302
    assert Contribution.objects.get().status == Status.PROPOSED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"quantity": "-2"}, "quantity"),
        ({"quantity": "30"}, "quantity"),
        ({"quantity": "deux"}, "quantity"),
        ({"kind": "money", "quantity": "250000"}, "quantity"),
        ({"kind": "money", "unit": "hour"}, "unit"),
        ({"happened_on": "2099-01-01"}, "happened_on"),
        ({"happened_on": "pas une date"}, "happened_on"),
        ({"description": ""}, "description"),
        ({"kind": "cadeau"}, "kind"),
    ],
)
def test_bad_input_is_refused_on_its_field(
    login: Any, project: Any, contributor: Any, overrides: dict[str, str], field: str
) -> None:
    response = login(contributor).post(
        f"/projets/{project.slug}/contributions/", form_data(**overrides)
    )
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert b'role="alert"' in response.content
    assert not Contribution.objects.exists()


def test_the_cap_message_is_shown(login: Any, project: Any, contributor: Any) -> None:
    response = login(contributor).post(
        f"/projets/{project.slug}/contributions/", form_data(quantity="25")
    )
    message = response.context["form"].errors["quantity"][0]
    assert "24" in message
    assert escape(message) in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client: Any, project: Any) -> None:
    response = client.post(f"/projets/{project.slug}/contributions/", form_data())
    assert response.status_code == 302
    assert "/comptes/" in response["Location"]
    assert not Contribution.objects.exists()


def test_an_unknown_project_is_a_404(login: Any, nomad: Any) -> None:
    assert login(nomad).get("/projets/inconnu/contributions/").status_code == 404


def test_others_see_only_validated_and_their_own(
    login: Any, project: Any, contributor: Any, nomad: Any, project_lead: Any
) -> None:
    pending = logged(project, contributor)
    validated = logged(project, contributor)
    validated.status = Status.VALIDATED
    validated.save()
    mine = logged(project, nomad)
    shown = {
        c.pk for c in login(nomad).get(f"/projets/{project.slug}/contributions/").context["page"]
    }
    assert shown == {validated.pk, mine.pk}
    shown = {
        c.pk
        for c in login(project_lead).get(f"/projets/{project.slug}/contributions/").context["page"]
    }
    assert shown == {pending.pk, validated.pk, mine.pk}


def test_the_list_is_an_htmx_partial(login: Any, project: Any, contributor: Any) -> None:
    logged(project, contributor)
    response = login(contributor).get(
        f"/projets/{project.slug}/contributions/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b"<h1>" not in response.content
    assert b'id="contribution-rows"' in response.content


# --- Deciding ---------------------------------------------------------------------------------


def test_the_porteur_validates_from_the_list(
    login: Any, project: Any, contributor: Any, project_lead: Any
) -> None:
    contribution = logged(project, contributor)
    page = login(project_lead).get(f"/projets/{project.slug}/contributions/")
    assert f"/contributions/{contribution.pk}/decision/" in page.content.decode()
    response = login(project_lead).post(
        f"/contributions/{contribution.pk}/decision/", {"decision": "validate"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/projets/{project.slug}/contributions/"
    contribution.refresh_from_db()
    assert contribution.status == Status.VALIDATED


def test_validation_without_the_right_is_a_403_with_a_message(
    login: Any, project: Any, contributor: Any, nomad: Any
) -> None:
    contribution = logged(project, contributor)
    response = login(nomad).post(
        f"/contributions/{contribution.pk}/decision/", {"decision": "validate"}
    )
    assert response.status_code == 403
    assert response.context["message"]
    response = login(contributor).post(
        f"/contributions/{contribution.pk}/decision/", {"decision": "validate"}
    )
    assert response.status_code == 403
    contribution.refresh_from_db()
    assert contribution.status == Status.PENDING


def test_a_second_decision_is_a_409(
    login: Any, project: Any, contributor: Any, project_lead: Any
) -> None:
    contribution = logged(project, contributor)
    client = login(project_lead)
    client.post(f"/contributions/{contribution.pk}/decision/", {"decision": "refuse"})
    response = client.post(f"/contributions/{contribution.pk}/decision/", {"decision": "validate"})
    assert response.status_code == 409
    contribution.refresh_from_db()
    assert contribution.status == Status.REFUSED


def test_a_bad_decision_is_a_400(
    login: Any, project: Any, contributor: Any, project_lead: Any
) -> None:
    contribution = logged(project, contributor)
    response = login(project_lead).post(
        f"/contributions/{contribution.pk}/decision/", {"decision": "peut-etre"}
    )
    assert response.status_code == 400


def test_an_outside_next_is_ignored(
    login: Any, project: Any, contributor: Any, project_lead: Any
) -> None:
    contribution = logged(project, contributor)
    response = login(project_lead).post(
        f"/contributions/{contribution.pk}/decision/",
        {"decision": "validate", "next": "https://example.com/"},
    )
    assert response["Location"] == f"/projets/{project.slug}/contributions/"


# --- The place and its queue -----------------------------------------------------------------


def test_the_concierge_queue_holds_the_place_and_its_projects(
    login: Any, place: Any, project: Any, contributor: Any, nomad: Any, concierge: Any
) -> None:
    to_project = logged(project, contributor)
    response = login(nomad).post(f"/lieux/{place.slug}/contributions/", form_data(kind="animation"))
    assert response.status_code == 302
    to_place = Contribution.objects.get(place=place)
    page = login(concierge).get(f"/lieux/{place.slug}/contributions/")
    assert {c.pk for c in page.context["queue"]} == {to_project.pk, to_place.pk}
    # A member sees no queue.
    assert "queue" not in login(nomad).get(f"/lieux/{place.slug}/contributions/").context


def test_the_queue_costs_the_same_whatever_its_length(
    login: Any,
    place: Any,
    project: Any,
    contributor: Any,
    concierge: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = login(concierge)
    logged(project, contributor)
    client.get(f"/lieux/{place.slug}/contributions/")
    with django_assert_max_num_queries(12) as few:
        client.get(f"/lieux/{place.slug}/contributions/")
    for _ in range(15):
        logged(project, contributor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/lieux/{place.slug}/contributions/")
    assert len(response.context["queue"]) == 16


# --- History and prestations ---------------------------------------------------------------------


@pytest.fixture
def validated_prestation(
    place: Any, project: Any, contributor: Any, concierge: Any, project_lead: Any
) -> Prestation:
    contribution = logged(project, contributor, quantity="4")
    from comptoir.contributions.services.contributions import contribution_validate

    contribution_validate(contribution=contribution, by=project_lead)
    prestation = prestation_create(
        place=place,
        by=concierge,
        title="Formation",
        revenue_cents=10_001,
        delivered_on=today(),
        period_start=today() - dt.timedelta(days=7),
        period_end=today(),
    )
    return prestation_validate(prestation=prestation, by=concierge)


def test_my_history_shows_my_contributions_and_shares(
    login: Any, validated_prestation: Prestation, contributor: Any
) -> None:
    response = login(contributor).get("/profil/contributions/")
    assert response.status_code == 200
    shares = list(response.context["shares"])
    assert [s.amount_cents for s in shares] == [8001]  # 80 % of 100,01 € (the odd cent)
    assert 'data-amount-cents="8001"' in response.content.decode()
    assert len(response.context["page"]) == 1


def test_the_concierge_records_previews_and_validates_a_prestation(
    login: Any, place: Any, project: Any, contributor: Any, project_lead: Any, concierge: Any
) -> None:
    contribution = logged(project, contributor, quantity="3")
    contribution.status = Status.VALIDATED
    contribution.save()
    client = login(concierge)
    assert client.get(f"/lieux/{place.slug}/prestations/").status_code == 200
    data = {
        "title": "Animation d'un atelier",
        "client": "Département",
        "project": str(project.pk),
        "revenue": "1 000,50",
        "delivered_on": today().isoformat(),
        "period_start": (today() - dt.timedelta(days=30)).isoformat(),
        "period_end": today().isoformat(),
        "commons_share": "12,5",
        "weight_work": "1",
        "weight_documentation": "1",
        "weight_animation": "1,5",
        "weight_equipment": "0",
    }
    response = client.post(f"/lieux/{place.slug}/prestations/", data)
    assert response.status_code == 302, response.context["form"].errors
    prestation = Prestation.objects.get()
    assert (prestation.revenue_cents, prestation.commons_share_bp) == (100_050, 1250)
    assert prestation.weights == {"animation": "1.5"}

    preview = client.get(f"/prestations/{prestation.pk}/")
    assert preview.status_code == 200
    assert preview.context["statement"].total_cents == 100_050
    assert not Share.objects.exists()

    assert client.post(f"/prestations/{prestation.pk}/").status_code == 302
    assert Share.objects.filter(prestation=prestation).count() == 2
    # Once validated: a second validation and any edit are refused with a message.
    again = client.post(f"/prestations/{prestation.pk}/")
    assert again.status_code == 409
    assert again.context["error"] == gettext(
        "This distribution statement has been validated: it can no longer be changed."
    )
    for method in (client.get, client.post):
        edit = method(f"/prestations/{prestation.pk}/modifier/", data)
        assert edit.status_code == 409
    prestation.refresh_from_db()
    assert prestation.title == "Animation d'un atelier"


def test_a_draft_prestation_can_be_changed(login: Any, place: Any, concierge: Any) -> None:
    prestation = prestation_create(
        place=place,
        by=concierge,
        title="Formation",
        revenue_cents=5000,
        delivered_on=today(),
        period_start=today(),
        period_end=today(),
    )
    client = login(concierge)
    page = client.get(f"/prestations/{prestation.pk}/modifier/")
    assert page.status_code == 200
    data = {
        "title": "Formation (2 jours)",
        "revenue": "60",
        "delivered_on": today().isoformat(),
        "period_start": today().isoformat(),
        "period_end": today().isoformat(),
        "commons_share": "20",
        "weight_work": "1",
        "weight_documentation": "1",
        "weight_animation": "1",
        "weight_equipment": "0",
    }
    assert client.post(f"/prestations/{prestation.pk}/modifier/", data).status_code == 302
    prestation.refresh_from_db()
    assert (prestation.title, prestation.revenue_cents) == ("Formation (2 jours)", 6000)
    bad = client.post(
        f"/prestations/{prestation.pk}/modifier/",
        {**data, "period_end": (today() - dt.timedelta(days=1)).isoformat()},
    )
    assert bad.status_code == 422
    assert bad.context["form"].errors["period_end"]
    bad = client.post(f"/prestations/{prestation.pk}/modifier/", {**data, "revenue": "-5"})
    assert bad.status_code == 422
    bad = client.post(f"/prestations/{prestation.pk}/modifier/", {**data, "commons_share": "150"})
    assert bad.status_code == 422


def test_prestations_are_for_the_place_concierges_only(
    login: Any, place: Any, concierge: Any, nomad: Any, sister_concierge: Any
) -> None:
    prestation = prestation_create(
        place=place,
        by=concierge,
        title="Formation",
        revenue_cents=5000,
        delivered_on=today(),
        period_start=today(),
        period_end=today(),
    )
    for who in (nomad, sister_concierge):
        client = login(who)
        assert client.get(f"/lieux/{place.slug}/prestations/").status_code == 403
        assert client.get(f"/prestations/{prestation.pk}/").status_code == 403
        assert client.post(f"/prestations/{prestation.pk}/").status_code == 403
    prestation.refresh_from_db()
    assert prestation.status == Prestation.Status.DRAFT
    assert login(concierge).get("/prestations/999999/").status_code == 404


# --- The box on the project page ----------------------------------------------------------------


def render_box(project: Any, user: Any) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% include 'contributions/_project_panel.html' %}").render(
        Context({"project": project, "request": request})
    )


def test_the_box_costs_a_constant_number_of_queries(
    project: Any, contributor: Any, project_lead: Any, django_assert_num_queries: Any
) -> None:
    logged(project, contributor)
    # Is a lead (1), totals by kind (1), the open ones (1).
    with django_assert_num_queries(3) as first:
        html = render_box(project, project_lead)
    assert 'data-testid="open-contributions"' in html
    for kind in ("work", "documentation", "money"):
        for _ in range(5):
            c = logged(project, contributor, kind=kind, quantity="1")
            c.status = Status.VALIDATED
            c.save()
    lead = type(project_lead).objects.get(pk=project_lead.pk)  # a fresh roles cache
    with django_assert_num_queries(len(first.captured_queries)):
        html = render_box(project, lead)
    assert html.count('data-kind="') == 3


def test_the_box_shows_no_queue_to_others(project: Any, contributor: Any, nomad: Any) -> None:
    logged(project, contributor)
    html = render_box(project, nomad)
    assert "open-contributions" not in html
    assert f"/projets/{project.slug}/contributions/" in html


def test_the_project_page_costs_the_same_with_many_contributions(
    login: Any,
    project: Any,
    contributor: Any,
    project_lead: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = login(project_lead)
    logged(project, contributor)
    response = client.get(f"/projets/{project.slug}/")
    assert 'data-testid="open-contributions"' in response.content.decode()
    with django_assert_max_num_queries(12) as few:
        client.get(f"/projets/{project.slug}/")
    for kind in ("work", "documentation", "money", "material"):
        for _ in range(4):
            logged(project, contributor, kind=kind, quantity="1")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/projets/{project.slug}/")
    assert response.content.decode().count('data-testid="contribution-') == 17
