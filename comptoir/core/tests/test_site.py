"""site_domain: the host of SITE_URL, else (development) the request's host."""

from __future__ import annotations

from django.test import RequestFactory

from comptoir.core.site import site_domain


def test_it_is_the_host_of_site_url_without_port_or_path(settings):
    settings.SITE_URL = "https://Comptoir.Example:8443/sub"

    assert site_domain() == "comptoir.example"
    assert site_domain(RequestFactory().get("/", HTTP_HOST="other.example")) == "comptoir.example"


def test_without_site_url_it_is_the_request_host(settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["dev.example"]

    request = RequestFactory().get("/", HTTP_HOST="dev.example:8000")
    assert site_domain(request) == "dev.example"
