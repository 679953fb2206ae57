"""A shared resource's file: its content is checked by its bytes (an HTML page saved as
`.pdf` is refused with a clear message on the form), it is stored through Django's storage
and read back at /media/ while its place is active, by anyone, as its library is public."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from comptoir.core.exceptions import InvalidInput
from comptoir.publishing import services
from comptoir.publishing.models import SharedResource

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
HTML = b"<!doctype html><script>fetch('/api/v1/people/me')</script>"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def resources_url(place: Any) -> str:
    return reverse("publishing:resources", kwargs={"slug": place.slug})


def add(place: Any, by: Any, name: str, content: bytes) -> SharedResource:
    return services.shared_resource_add(
        place=place, title="Statuts", by=by, file=SimpleUploadedFile(name, content)
    )


def test_an_html_page_named_pdf_is_refused_on_the_form(
    concierge_client: Client, place: Any
) -> None:
    upload = SimpleUploadedFile("statuts.pdf", HTML, content_type="application/pdf")

    response = concierge_client.post(resources_url(place), {"title": "Statuts", "file": upload})

    assert response.status_code == 422
    assert "n’est pas celui d’un fichier .pdf" in response.content.decode()
    assert not SharedResource.objects.exists()
    assert default_storage.listdir("")[1] == []


def test_the_form_says_the_limit_and_offers_only_accepted_kinds(
    concierge_client: Client, place: Any, settings: Any
) -> None:
    settings.COMPTOIR_UPLOAD_MAX_BYTES = 3 * 1024 * 1024

    page = concierge_client.get(resources_url(place)).content.decode()

    assert 'accept=".pdf,.odt,' in page
    assert "3 Mo" in page


def test_a_file_over_the_limit_is_refused(concierge: Any, place: Any, settings: Any) -> None:
    settings.COMPTOIR_UPLOAD_MAX_BYTES = 1024 * 1024

    with pytest.raises(InvalidInput) as refused:
        add(place, concierge, "gros.pdf", PDF + b"\x00" * 1024 * 1024)

    assert refused.value.field == "file"


def test_a_shared_file_is_read_back_through_the_app(concierge: Any, place: Any, login: Any) -> None:
    resource = add(place, concierge, "statuts.pdf", PDF)

    response = login(None).get(resource.file_url)

    assert resource.file_url.startswith("/media/resources/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert resource.file_url in Client().get(resources_url(place)).content.decode()


def test_the_file_of_an_inactive_place_is_not_served(concierge: Any, place: Any) -> None:
    resource = add(place, concierge, "statuts.pdf", PDF)
    place.is_active = False
    place.save(update_fields=["is_active"])

    assert Client().get(resource.file_url).status_code == 404


def test_a_stored_file_no_resource_refers_to_is_not_served(place: Any) -> None:
    name = default_storage.save("resources/2025/orphelin.pdf", SimpleUploadedFile("x", PDF))

    assert Client().get(f"/media/{name}").status_code == 404
