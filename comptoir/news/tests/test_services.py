"""Announcements published and emailed in batches to the members who opted in, the
unsubscribe link that works without login, and the alert of a project's need for a skill."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.community.models import Role
from comptoir.community.tests.factories import PersonFactory, PlaceRoleFactory, SkillFactory
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent
from comptoir.news import notifications, services
from comptoir.news.exceptions import (
    AudienceInvalid,
    BodyInvalid,
    NotAMember,
    TitleInvalid,
    TokenInvalid,
)
from comptoir.news.models import Announcement, Delivery, NeedAlert, NewsOptIn

pytestmark = pytest.mark.django_db


def _member(place, email: str = ""):
    who = PersonFactory(**({"email": email} if email else {}))
    PlaceRoleFactory(person=who, place=place, role=Role.RESIDENT)
    return who


def test_a_concierge_publishes_and_the_opted_in_members_get_it_once(
    place, concierge, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(notifications, "BATCH", 2)
    members = [_member(place) for _ in range(5)]
    for member in members[:3]:
        services.news_opt_in(person=member, place=place)
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.announcement_publish(
            by=concierge,
            place=place,
            title="Fermeture",
            body="Le lieu ferme **lundi**.",
            send_email=True,
        )
    announcement.refresh_from_db()
    assert announcement.email == Announcement.Email.SENT
    assert announcement.emailed_count == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(m.email for m in members[:3])
    assert Delivery.objects.count() == 3
    assert "desabonnement" in mailoutbox[0].body
    assert AuditEvent.objects.filter(verb="announcement.published").count() == 1
    # Run again (a retried task): nobody is written to twice.
    assert notifications.send_announcement_batch(announcement.pk) == 0
    assert len(mailoutbox) == 3


def test_a_member_who_left_gets_nothing(
    place, concierge, mailoutbox, django_capture_on_commit_callbacks
):
    from comptoir.community.models import PlaceRole

    member = _member(place)
    services.news_opt_in(person=member, place=place)
    PlaceRole.objects.filter(person=member).delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_publish(
            by=concierge, place=place, title="T", body="B", send_email=True
        )
    assert mailoutbox == []


def test_network_news_reach_the_members_of_every_place(
    place, sister_place, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    here, there = _member(place), _member(sister_place)
    services.news_opt_in(person=here, place=place)
    services.news_opt_in(person=there, place=sister_place)
    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_publish(
            by=superuser, network=place.network, title="Assemblée", body="Le 12.", send_email=True
        )
    assert sorted(m.to[0] for m in mailoutbox) == sorted([here.email, there.email])


def test_the_unsubscribe_link_works_without_login(
    place, concierge, mailoutbox, django_capture_on_commit_callbacks
):
    member = _member(place)
    services.news_opt_in(person=member, place=place)
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.announcement_publish(
            by=concierge, place=place, title="T", body="B", send_email=True
        )
    token = services.unsubscribe_token(person_id=member.pk, announcement=announcement)
    url = reverse("news:unsubscribe", args=[token])
    assert url in mailoutbox[0].body
    anonymous = Client()
    assert anonymous.get(url).status_code == 200
    assert NewsOptIn.objects.filter(person=member).exists()  # a GET changes nothing
    assert anonymous.post(url).status_code == 200
    assert not NewsOptIn.objects.filter(person=member).exists()
    assert anonymous.post(url).status_code == 200  # twice is fine
    assert anonymous.get(url[:-5] + "xx/").status_code == 404
    with pytest.raises(TokenInvalid):
        services.unsubscribe(token="forged:token")


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"title": "", "body": "x"}, TitleInvalid),
        ({"title": "x" * 161, "body": "x"}, TitleInvalid),
        ({"title": "x", "body": "   "}, BodyInvalid),
    ],
)
def test_bad_announcements_are_refused(place, concierge, fields, error):
    with pytest.raises(error):
        services.announcement_publish(by=concierge, place=place, **fields)
    assert not Announcement.objects.exists()


def test_who_may_publish(place, nomad, concierge, foreign_place):
    with pytest.raises(NotAllowed):
        services.announcement_publish(by=nomad, place=place, title="T", body="B")
    with pytest.raises(NotAllowed):
        services.announcement_publish(by=concierge, place=foreign_place, title="T", body="B")
    with pytest.raises(NotAllowed):
        services.announcement_publish(by=concierge, network=place.network, title="T", body="B")
    with pytest.raises(AudienceInvalid):
        services.announcement_publish(by=concierge, title="T", body="B")
    assert not Announcement.objects.exists()


def test_only_members_opt_in(place, person):
    with pytest.raises(NotAMember):
        services.news_opt_in(person=person, place=place)


def test_a_need_for_a_skill_tells_the_members_who_asked(
    place, mailoutbox, django_capture_on_commit_callbacks
):
    from comptoir.community.tests.factories import PersonSkillFactory
    from comptoir.projects.services import need_create, project_create

    skill = SkillFactory(name="Soudure", slug="soudure")
    asked, quiet, other = PersonFactory(), PersonFactory(), PersonFactory()
    for who in (asked, quiet):
        PersonSkillFactory(person=who, skill=skill)
    NeedAlert.objects.create(person=asked)
    NeedAlert.objects.create(person=other)  # no such skill
    lead = _member(place)
    project = project_create(by=lead, title="Fablab mobile", summary="Un projet.", places=[place])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        need_create(project=project, by=lead, kind="skill", title="Souder un boîtier", skill=skill)
    assert [m.to[0] for m in mailoutbox] == [asked.email]
    assert project.title in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        need_create(project=project, by=lead, kind="resource", title="Un local")
    assert len(mailoutbox) == 1


def test_the_email_has_an_html_part_with_the_content_and_the_unsubscribe_link(
    place, concierge, mailoutbox, django_capture_on_commit_callbacks
):
    import lxml.html

    member = _member(place)
    services.news_opt_in(person=member, place=place)
    body = "Le lieu ferme **lundi**.\n\n<script>alert(1)</script>\n\n"
    body += "[Plan](https://example.org/plan)"
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.announcement_publish(
            by=concierge, place=place, title="Fermeture & travaux", body=body, send_email=True
        )
    (message,) = mailoutbox
    token = services.unsubscribe_token(person_id=member.pk, announcement=announcement)
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.endswith(reverse("news:unsubscribe", args=[token]))
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body  # the plain text part
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    document = lxml.html.document_fromstring(html)
    assert document.findtext(".//title") == "Fermeture & travaux"
    assert document.xpath("//strong/text()") == ["lundi"]  # the Markdown rendered
    assert document.xpath("//script") == []  # and sanitised through core.markdown
    assert "https://example.org/plan" in document.xpath("//a/@href")
    assert link in document.xpath("//a/@href")


def test_the_mail_clients_one_click_unsubscribes_without_a_csrf_token(
    place, concierge, mailoutbox, django_capture_on_commit_callbacks
):
    member = _member(place)
    services.news_opt_in(person=member, place=place)
    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_publish(
            by=concierge, place=place, title="T", body="B", send_email=True
        )
    link = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = urlsplit(link).path
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not NewsOptIn.objects.filter(person=member).exists()
