"""The documentation pages: the public page (sections beside their live blocks, cached for
anonymous visitors, a constant number of queries), editing by the place's concierges only
(a concurrent edit answers 409 with the diff and keeps the editor's text), unsafe Markdown
neutralised, the history, the exports, the resources library and the press list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from comptoir.publishing import selectors, services
from comptoir.publishing.exceptions import SectionConflict
from comptoir.publishing.models import PressItem, Revision, Section, SectionKey, SharedResource

pytestmark = pytest.mark.django_db

KEY = SectionKey.COMMUNITIES
# place, sections, then the live blocks (spaces, plans, roles, structures — residents and
# partners in one —, nearby, projects, resources, press); the list of the pages of minutes
# comes from the cache (one query more when it is cold: test_minutes_pages).
ANONYMOUS_QUERIES = 10
# + session, user, and the concierge's roles (the edit links).
CONCIERGE_QUERIES = ANONYMOUS_QUERIES + 3


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def page_url(place: Any) -> str:
    return reverse("publishing:place", kwargs={"slug": place.slug})


def edit_url(place: Any, key: str = KEY) -> str:
    return reverse("publishing:section-edit", kwargs={"slug": place.slug, "key": key})


def save(place: Any, by: Any, body: str, base: int, key: str = KEY) -> Section:
    return services.section_save(place=place, key=key, body=body, base_revision=base, by=by)


# --- The public page -------------------------------------------------------------------------


def test_the_public_page_shows_every_section_beside_its_live_blocks(
    client: Client, place: Any, concierge: Any, fill_place: Any
) -> None:
    made = fill_place(place, 2)
    save(place, concierge, "## Nos collèges\n\nDes **résidents** engagés.", 0)

    response = client.get(page_url(place))

    assert response.status_code == 200
    html = response.content.decode()
    for key in SectionKey.values:
        assert f'data-section="{key}"' in html
    for block in ("spaces", "plans", "roles", "residents", "partners", "nearby", "projects"):
        assert f'data-live-block="{block}"' in html
    assert "<h3>Nos collèges</h3>" in html and "<strong>résidents</strong>" in html
    assert made["residents"][0].name in html
    assert 'data-licence="CC-BY-SA-4.0"' in html
    assert edit_url(place) not in html  # anonymous visitors get no edit link


def test_the_place_page_links_to_its_documentation(client: Client, place: Any) -> None:
    response = client.get(place.get_absolute_url())

    assert page_url(place) in response.content.decode()


def test_an_unknown_or_inactive_place_is_a_404(client: Client, place: Any) -> None:
    place.is_active = False
    place.save()

    assert client.get(page_url(place)).status_code == 404
    assert client.get("/lieux/nulle-part/documentation/").status_code == 404


def test_unsafe_html_and_scripts_in_markdown_are_neutralised(
    client: Client, place: Any, concierge: Any
) -> None:
    body = (
        '<script>alert("xss")</script>\n\n<img src=x onerror="alert(1)">\n\n'
        "[clic](javascript:alert(1)) <a href='https://ok.example' onclick='alert(2)'>ok</a>"
        '\n\n<iframe src="https://evil.example"></iframe>'
    )
    save(place, concierge, body, 0)

    html = client.get(page_url(place)).content.decode()
    text = html.split(f'data-section="{KEY}"')[1].split("</section>")[0]

    assert "<script" not in text and "onerror" not in text and "onclick" not in text
    assert "javascript:" not in text and "<iframe" not in text and "<img" not in text
    assert 'href="https://ok.example"' in text


@pytest.mark.parametrize("size", [1, 6])
def test_the_public_page_costs_a_constant_number_of_queries(
    client: Client, place: Any, concierge: Any, fill_place: Any, size: int
) -> None:
    fill_place(place, size)
    for key in SectionKey.values:
        save(place, concierge, f"Texte de {key}", 0, key=key)
    url = page_url(place)
    selectors.minutes_listed_of_place(place=place)  # as after the first reader

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert len(queries) == ANONYMOUS_QUERIES


@pytest.mark.parametrize("size", [1, 6])
def test_the_concierges_page_costs_a_constant_number_of_queries_too(
    login: Any, place: Any, concierge: Any, fill_place: Any, size: int
) -> None:
    fill_place(place, size)
    client = login(concierge)
    url = page_url(place)
    selectors.minutes_listed_of_place(place=place)  # as after the first reader

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert len(queries) == CONCIERGE_QUERIES
    assert edit_url(place) in response.content.decode()


def test_anonymous_visitors_are_served_from_the_cache_until_something_changes(
    client: Client,
    place: Any,
    concierge: Any,
    django_assert_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.get(page_url(place))
    with django_assert_num_queries(0):
        assert client.get(page_url(place)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        save(place, concierge, "Un texte tout neuf", 0)

    assert "Un texte tout neuf" in client.get(page_url(place)).content.decode()


# --- Editing ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client: Client, place: Any) -> None:
    response = client.get(edit_url(place))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["nomad", "sister_concierge", "person"])
def test_only_the_concierges_of_the_place_may_edit(
    login: Any, request: pytest.FixtureRequest, place: Any, who: str
) -> None:
    client = login(request.getfixturevalue(who))

    assert client.get(edit_url(place)).status_code == 403
    response = client.post(edit_url(place), {"body": "pirate", "base_revision": 0})
    assert response.status_code == 403
    assert not Section.objects.exists()


def test_a_concierge_edits_a_section_and_the_page_shows_it(
    concierge_client: Client, place: Any
) -> None:
    form = concierge_client.get(edit_url(place))
    assert form.status_code == 200
    assert 'name="base_revision" value="0"' in form.content.decode()

    response = concierge_client.post(
        edit_url(place), {"body": "Des structures **résidentes**.", "base_revision": 0}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{page_url(place)}#{KEY}"
    page = concierge_client.get(page_url(place)).content.decode()
    assert "Des structures <strong>résidentes</strong>." in page
    assert escape(gettext("The section has been saved.")) in page


def test_a_concurrent_edit_answers_409_with_the_diff_and_keeps_the_editors_text(
    concierge_client: Client, place: Any, concierge: Any, occasional_concierge: Any
) -> None:
    save(place, occasional_concierge, "Version de Paul", 0)

    response = concierge_client.post(
        edit_url(place), {"body": "Version de Claire", "base_revision": 0, "summary": "moi"}
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert f'data-code="{SectionConflict.code}"' in html
    assert 'data-kind="removed"' in html and 'data-kind="added"' in html
    assert "Version de Paul" in html.split("data-current-body>")[1]
    assert ">\nVersion de Claire</textarea>" in html  # the editor's own text, kept
    assert 'name="base_revision" value="1"' in html  # saving again is now deliberate
    assert Section.objects.get().body == "Version de Paul"

    again = concierge_client.post(
        edit_url(place), {"body": "Version de Claire", "base_revision": 1}
    )
    assert again.status_code == 302
    assert list(Revision.objects.order_by("number").values_list("body", flat=True)) == [
        "Version de Paul",
        "Version de Claire",
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"body": "x" * (services.BODY_MAX_LENGTH + 1), "base_revision": 0},
        {"body": "texte", "base_revision": -1},
        {"body": "texte"},
        {"body": "texte", "base_revision": 0, "summary": "x" * 201},
    ],
)
def test_bad_input_answers_422_and_saves_nothing(
    concierge_client: Client, place: Any, data: dict[str, Any]
) -> None:
    response = concierge_client.post(edit_url(place), data)

    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    assert not Section.objects.exists()


def test_an_unknown_section_is_a_404(concierge_client: Client, place: Any) -> None:
    assert concierge_client.get(edit_url(place, "le-blog")).status_code == 404


# --- History ---------------------------------------------------------------------------------


def test_the_history_lists_revisions_and_each_shows_its_diff(
    client: Client, place: Any, concierge: Any
) -> None:
    save(place, concierge, "un\ndeux", 0)
    save(place, concierge, "un\ntrois", 1)
    args = {"slug": place.slug, "key": KEY}

    history = client.get(reverse("publishing:section-history", kwargs=args))
    revision = client.get(reverse("publishing:section-revision", kwargs={**args, "number": 2}))
    first = client.get(reverse("publishing:section-revision", kwargs={**args, "number": 1}))
    missing = client.get(reverse("publishing:section-revision", kwargs={**args, "number": 3}))

    assert history.status_code == 200
    assert 'data-revision="2"' in history.content.decode()
    html = revision.content.decode()
    assert 'data-kind="removed"' in html and 'data-kind="added"' in html
    assert "deux" in html and "trois" in html
    assert first.status_code == 200 and 'data-kind="removed"' not in first.content.decode()
    assert missing.status_code == 404


# --- Exports ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("publishing:export-wiki", "text/plain; charset=utf-8"),
        ("publishing:export-markdown", "application/zip"),
        ("publishing:export-json", "application/json; charset=utf-8"),
    ],
)
def test_the_exports_are_public_downloads(
    client: Client, place: Any, name: str, content_type: str
) -> None:
    response = client.get(reverse(name, kwargs={"slug": place.slug}))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert place.slug in response["Content-Disposition"]
    # Served again from the cache with the same headers.
    assert client.get(reverse(name, kwargs={"slug": place.slug}))["Content-Type"] == content_type


# --- Shared resources and press --------------------------------------------------------------


def resources_url(place: Any) -> str:
    return reverse("publishing:resources", kwargs={"slug": place.slug})


def press_url(place: Any) -> str:
    return reverse("publishing:press", kwargs={"slug": place.slug})


def test_a_concierge_shares_a_link_and_a_file(
    concierge_client: Client, place: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    link = {"title": "Guide du tiers-lieu", "url": "https://example.org/guide", "theme": "Guides"}
    upload = SimpleUploadedFile("statuts.pdf", b"%PDF-1.4", content_type="application/pdf")

    first = concierge_client.post(resources_url(place), {**link, "licence": "CC-BY-SA-4.0"})
    second = concierge_client.post(resources_url(place), {"title": "Statuts", "file": upload})

    assert (first.status_code, second.status_code) == (302, 302)
    titles = dict(SharedResource.objects.values_list("title", "licence"))
    assert titles == {"Guide du tiers-lieu": "CC-BY-SA-4.0", "Statuts": ""}
    page = concierge_client.get(resources_url(place)).content.decode()
    assert "https://example.org/guide" in page and "statuts" in page


@pytest.mark.parametrize(
    "data",
    [
        {"title": "Sans lien"},
        {"title": "Mauvais lien", "url": "pas une adresse"},
        {"title": "", "url": "https://example.org/"},
        {"title": "Page", "file": "html"},
        {"title": "Licence", "url": "https://example.org/", "licence": "WTFPL"},
    ],
)
def test_a_bad_resource_answers_422_and_saves_nothing(
    concierge_client: Client, place: Any, data: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    if data.get("file") == "html":
        data["file"] = SimpleUploadedFile("page.html", b"<script>alert(1)</script>")

    response = concierge_client.post(resources_url(place), data)

    assert response.status_code == 422
    assert not SharedResource.objects.exists()


def test_members_see_the_library_but_cannot_add_or_remove(
    login: Any, place: Any, nomad: Any
) -> None:
    resource = SharedResource.objects.create(place=place, title="Guide", url="https://ex.org/")
    client = login(nomad)

    page = client.get(resources_url(place))
    added = client.post(resources_url(place), {"title": "X", "url": "https://ex.org/"})
    removed = client.post(
        reverse("publishing:resource-delete", kwargs={"slug": place.slug, "pk": resource.pk})
    )

    assert page.status_code == 200 and 'name="title"' not in page.content.decode()
    assert (added.status_code, removed.status_code) == (403, 403)
    assert SharedResource.objects.count() == 1


def test_a_concierge_removes_a_resource(concierge_client: Client, place: Any) -> None:
    resource = SharedResource.objects.create(place=place, title="Guide", url="https://ex.org/")

    response = concierge_client.post(
        reverse("publishing:resource-delete", kwargs={"slug": place.slug, "pk": resource.pk})
    )

    assert response.status_code == 302
    assert not SharedResource.objects.exists()


def test_a_concierge_adds_and_removes_a_press_item(concierge_client: Client, place: Any) -> None:
    data = {"title": "Le Comptoir ouvre", "outlet": "Le Progrès", "published_on": "2024-03-01"}

    assert concierge_client.post(press_url(place), data).status_code == 302
    item = PressItem.objects.get()
    assert item.published_on == dt.date(2024, 3, 1)
    assert "Le Comptoir ouvre" in concierge_client.get(press_url(place)).content.decode()
    delete = reverse("publishing:press-delete", kwargs={"slug": place.slug, "pk": item.pk})
    assert concierge_client.post(delete).status_code == 302
    assert not PressItem.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"title": "Sans date", "outlet": "Le Progrès"},
        {"title": "Date fausse", "outlet": "Le Progrès", "published_on": "2024-02-31"},
        {"title": "Sans média", "outlet": "", "published_on": "2024-02-01"},
    ],
)
def test_a_bad_press_item_answers_422(
    concierge_client: Client, place: Any, data: dict[str, Any]
) -> None:
    assert concierge_client.post(press_url(place), data).status_code == 422
    assert not PressItem.objects.exists()


def test_a_sister_concierge_cannot_add_press(login: Any, place: Any, sister_concierge: Any) -> None:
    data = {"title": "X", "outlet": "Y", "published_on": "2024-03-01"}

    assert login(sister_concierge).post(press_url(place), data).status_code == 403
