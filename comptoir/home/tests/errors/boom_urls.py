"""The site's URLs plus pages that fail, to see the 500 page (tests only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from comptoir.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), path("api/boom/", boom), *urlpatterns]
