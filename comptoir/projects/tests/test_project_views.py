"""Project pages: public reading, permission-checked writing, bad input as 4xx."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from comptoir.projects import services
from comptoir.projects.models import JournalEntry, Need, NeedAnswer, Project, ProjectMember

pytestmark = pytest.mark.django_db


def url(name: str, project: Any, **kwargs: Any) -> str:
    return reverse(f"projects:{name}", kwargs={"slug": project.slug, **kwargs})


def test_anyone_reads_the_list_and_filters_it(login: Any, make_project: Any, place: Any) -> None:
    make_project(title="Semaine Tiers-Lieux", status="actif")
    idea = make_project(title="Cigale")
    services.need_create(project=idea, by=idea.created_by, kind="people", title="Bras")
    client = login(None)
    page = client.get(reverse("projects:list"))
    assert page.status_code == 200
    assert b'data-project="semaine-tiers-lieux"' in page.content
    assert gettext("Start a project").encode() not in page.content
    only = client.get(reverse("projects:list"), {"status": "actif", "place": place.slug})
    assert b"semaine-tiers-lieux" in only.content and b'data-project="cigale"' not in only.content
    needs = client.get(reverse("projects:list"), {"needs": "1"}, headers={"HX-Request": "true"})
    assert b'data-project="cigale"' in needs.content and b"semaine" not in needs.content
    assert b"<html" not in needs.content  # the partial only
    assert (
        client.get(reverse("projects:list"), {"q": "cigale"}).content.count(b"data-project=") == 1
    )
    assert client.get(reverse("projects:list"), {"status": "zzz", "page": "x"}).status_code == 200


def test_the_nav_links_to_the_projects(login: Any) -> None:
    page = login(None).get(reverse("projects:list"))
    assert f'href="{reverse("projects:list")}" aria-current="page"'.encode() in page.content


def test_anyone_reads_a_project_with_sanitised_markdown(
    login: Any, make_project: Any, project_lead: Any
) -> None:
    project = make_project(
        title="Fablab", description="**fort** <script>alert(1)</script> [x](javascript:alert(2))"
    )
    services.journal_add(project=project, by=project_lead, text="Journal <img src=x onerror=y>")
    page = login(None).get(url("detail", project))
    assert page.status_code == 200
    assert b"<strong>fort</strong>" in page.content
    assert b"<script>alert" not in page.content and b"javascript:" not in page.content
    assert b"onerror" not in page.content
    assert f'data-member="{project_lead.pk}" data-role="porteur"'.encode() in page.content
    assert login(None).get("/projets/inconnu/").status_code == 404


def test_creating_a_project(login: Any, project_lead: Any, place: Any, person: Any) -> None:
    assert login(None).get(reverse("projects:create")).status_code == 302
    assert login(person).get(reverse("projects:create")).status_code == 403
    client = login(project_lead)
    assert client.get(reverse("projects:create")).status_code == 200
    data = {
        "title": "Repair Café",
        "summary": "On répare",
        "status": "idee",
        "licence": "CC-BY-SA-4.0",
        "places": [place.pk],
    }
    response = client.post(reverse("projects:create"), data)
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", project)
    assert project.members.get().role == ProjectMember.Role.LEAD


def test_bad_project_input_is_a_422_and_saves_nothing(
    login: Any, project_lead: Any, place: Any, sister_place: Any
) -> None:
    client = login(project_lead)
    base = {"title": "X", "status": "idee", "places": [place.pk]}
    for bad in (
        {"title": ""},
        {"status": "bientot"},
        {"licence": "proprio"},
        {"code_url": "javascript:alert(1)"},
        {"places": []},
        {"places": [sister_place.pk]},  # not one of the creator's places
    ):
        response = client.post(reverse("projects:create"), {**base, **bad})
        assert response.status_code == 422, bad
        assert b'aria-invalid="true"' in response.content or b"errorlist" in response.content
    assert not Project.objects.exists()


def test_editing_a_project(login: Any, project: Any, project_lead: Any, contributor: Any) -> None:
    assert login(contributor).get(url("edit", project)).status_code == 403
    client = login(project_lead)
    assert client.get(url("edit", project)).status_code == 200
    response = client.post(
        url("edit", project),
        {
            "title": "Fablab itinérant",
            "status": "actif",
            "places": [p.pk for p in project.places.all()],
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.status) == ("Fablab itinérant", "actif")
    assert client.post(url("edit", project), {"title": "", "status": "actif"}).status_code == 422


def test_a_concierge_of_the_place_edits_it(login: Any, project: Any, concierge: Any) -> None:
    page = login(concierge).get(url("detail", project))
    assert url("edit", project).encode() in page.content
    assert login(concierge).get(url("edit", project)).status_code == 200


def test_managing_members(
    login: Any, project: Any, project_lead: Any, contributor: Any, person: Any
) -> None:
    members = url("members", project)
    assert login(contributor).get(members).status_code == 403
    client = login(project_lead)
    assert client.get(members).status_code == 200
    added = client.post(members, {"action": "add", "email": person.email, "role": "mentor"})
    assert added.status_code == 302
    assert project.members.get(person=person).role == "mentor"
    again = client.post(members, {"action": "add", "email": person.email, "role": "mentor"})
    assert again.status_code == 409
    unknown = client.post(
        members, {"action": "add", "email": "nobody@example.org", "role": "mentor"}
    )
    assert unknown.status_code == 422
    lead = project.members.get(person=project_lead)
    last = client.post(
        members, {"action": "role", "member": lead.pk, f"member-{lead.pk}-role": "mentor"}
    )
    assert last.status_code == 409
    assert escape(str(services.LastLead.default_message)).encode() in last.content
    assert client.post(members, {"action": "remove", "member": 99999}).status_code == 404
    assert client.post(members, {"action": "zzz"}).status_code == 400
    mentor = project.members.get(person=person)
    assert client.post(members, {"action": "remove", "member": mentor.pk}).status_code == 302
    assert not project.members.filter(person=person).exists()


def test_a_contributor_leaves_but_removes_nobody_else(
    login: Any, project: Any, project_lead: Any, contributor: Any
) -> None:
    client = login(contributor)
    lead = project.members.get(person=project_lead)
    assert (
        client.post(url("members", project), {"action": "remove", "member": lead.pk}).status_code
        == 403
    )
    mine = project.members.get(person=contributor)
    response = client.post(url("members", project), {"action": "remove", "member": mine.pk})
    assert response.status_code == 302 and response["Location"] == url("detail", project)
    assert not project.members.filter(person=contributor).exists()


def test_the_last_porteur_cannot_leave(login: Any, project: Any, project_lead: Any) -> None:
    lead = project.members.get(person=project_lead)
    client = login(project_lead)
    response = client.post(url("members", project), {"action": "remove", "member": lead.pk})
    assert response.status_code == 409
    assert project.members.filter(pk=lead.pk).exists()


def test_writing_the_journal(login: Any, project: Any, contributor: Any, nomad: Any) -> None:
    assert login(None).post(url("journal-add", project), {"text": "x"}).status_code == 302
    assert login(nomad).post(url("journal-add", project), {"text": "x"}).status_code == 403
    client = login(contributor)
    assert client.post(url("journal-add", project), {"text": ""}).status_code == 422
    assert client.post(url("journal-add", project), {"text": "Prototype"}).status_code == 302
    assert JournalEntry.objects.get().author == contributor
    assert b"Prototype" in client.get(url("detail", project)).content


def test_publishing_and_closing_a_need(
    login: Any, project: Any, project_lead: Any, contributor: Any
) -> None:
    assert login(contributor).get(url("need-create", project)).status_code == 403
    client = login(project_lead)
    assert client.get(url("need-create", project)).status_code == 200
    bad = client.post(url("need-create", project), {"kind": "skill", "title": "PCB"})
    assert bad.status_code == 422 and not Need.objects.exists()
    done = client.post(
        url("need-create", project), {"kind": "skill", "title": "PCB", "skill": "KiCad"}
    )
    assert done.status_code == 302
    need = Need.objects.get()
    page = client.get(url("detail", project))
    assert b'data-skill-count="0"' in page.content
    assert b"/communaute/?skill=KiCad" in page.content
    close = url("need-close", project, need_id=need.pk)
    assert login(contributor).post(close, {"met": "1"}).status_code == 403
    assert client.post(close, {"met": "1"}).status_code == 302
    need.refresh_from_db()
    assert need.status == Need.Status.MET
    assert client.post(close, {"met": "1"}).status_code == 409


def test_answering_a_need(login: Any, project: Any, project_lead: Any, person: Any) -> None:
    need = services.need_create(project=project, by=project_lead, kind="people", title="Bras")
    answer = url("need-answer", project, need_id=need.pk)
    assert login(None).post(answer).status_code == 302
    assert not NeedAnswer.objects.exists()
    page = login(None).get(url("detail", project))
    assert gettext("Log in to offer your help").encode() in page.content
    client = login(person)
    assert gettext("I can help").encode() in client.get(url("detail", project)).content
    response = client.post(answer, {f"need-{need.pk}-message": "Samedi je peux"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#need-{need.pk}")
    assert NeedAnswer.objects.get().message == "Samedi je peux"
    page = client.get(url("detail", project))
    assert b"data-answered" in page.content
    assert client.post(answer).status_code == 409
    assert NeedAnswer.objects.count() == 1
    too_long = login(project_lead).post(answer, {f"need-{need.pk}-message": "x" * 2001})
    assert too_long.status_code == 422
    htmx = login(project_lead).post(answer, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and htmx["HX-Redirect"].endswith(f"#need-{need.pk}")
    assert login(person).post(url("need-answer", project, need_id=999)).status_code == 404


def test_answering_a_closed_need_is_refused(
    login: Any, project: Any, project_lead: Any, person: Any
) -> None:
    need = services.need_create(project=project, by=project_lead, kind="people", title="Bras")
    services.need_close(need=need, by=project_lead, met=False)
    response = login(person).post(url("need-answer", project, need_id=need.pk))
    assert response.status_code == 409
    assert escape(str(services.NeedNotOpen.default_message)).encode() in response.content
    assert not NeedAnswer.objects.exists()


def test_get_is_refused_on_post_only_addresses(login: Any, project: Any, person: Any) -> None:
    client = login(person)
    assert client.get(url("journal-add", project)).status_code == 405
    assert client.get(url("need-answer", project, need_id=1)).status_code == 405
