"""The porteurs are told when someone offers help on a need: recipients, language, subject,
body and link; nothing leaves for an offer refused or rolled back."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from comptoir.community.tests.factories import PersonFactory
from comptoir.core.exceptions import DomainError
from comptoir.projects import services
from comptoir.projects.models import Need, ProjectMember

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.SITE_URL = "https://comptoir.example"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def need(project: Any) -> Need:
    return Need.objects.create(project=project, kind=Need.Kind.SKILL, title="Router le PCB")


@pytest.fixture
def helper() -> Any:
    return PersonFactory(first_name="Hélène", last_name="Aidante")


def test_the_porteur_is_told_who_offers_help_with_what(
    need: Need, project: Any, project_lead: Any, helper: Any, on_commit: Any
) -> None:
    with on_commit():
        services.need_answer(need=need, by=helper, message="Je connais KiCad & l'Arduino.")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [project_lead.email]
    assert message.subject == f"{helper.display_name} propose d’aider « {project.title} »"
    assert "Bonjour Paula," in message.body
    assert f"{helper.display_name} peut aider pour le besoin « Router le PCB »" in message.body
    assert "Je connais KiCad & l'Arduino." in message.body  # plain text, not escaped
    assert f"https://comptoir.example/projets/{project.slug}/" in message.body


def test_each_porteur_in_their_language_and_not_the_helper_who_is_a_porteur(
    need: Need, project: Any, project_lead: Any, on_commit: Any
) -> None:
    english = PersonFactory(first_name="Ann", preferred_language="en")
    ProjectMember.objects.create(project=project, person=english, role=ProjectMember.Role.LEAD)
    ProjectMember.objects.create(
        project=project, person=PersonFactory(), role=ProjectMember.Role.CONTRIBUTOR
    )

    with on_commit():
        services.need_answer(need=need, by=project_lead)

    assert [m.to for m in mail.outbox] == [[english.email]]
    assert mail.outbox[0].subject == f"{project_lead.display_name} offers to help “{project.title}”"
    assert "Hello Ann," in mail.outbox[0].body
    assert "Their message:" not in mail.outbox[0].body


def test_nothing_is_sent_when_the_offer_is_rolled_back(
    need: Need, helper: Any, on_commit: Any
) -> None:
    class Undo(Exception):
        pass

    with on_commit(), pytest.raises(Undo), transaction.atomic():
        services.need_answer(need=need, by=helper)
        raise Undo

    assert mail.outbox == []


def test_nothing_is_sent_when_the_offer_is_refused(need: Need, helper: Any, on_commit: Any) -> None:
    need.status = Need.Status.CLOSED
    need.save()
    with on_commit(), pytest.raises(DomainError):
        services.need_answer(need=need, by=helper)

    assert mail.outbox == []


def test_a_second_offer_by_the_same_person_sends_nothing_more(
    need: Need, helper: Any, on_commit: Any
) -> None:
    with on_commit():
        services.need_answer(need=need, by=helper)
    with on_commit(), pytest.raises(DomainError):
        services.need_answer(need=need, by=helper)

    assert len(mail.outbox) == 1
