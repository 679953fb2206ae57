from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from comptoir.api import api
from comptoir.api.errors import unknown_path

urlpatterns: list[URLPattern | URLResolver] = [
    # First: its prefix turns every other path away in one test, and the kiosk's
    # check-ins are the busiest calls.
    path("api/v1/", api.urls),
    # The rest of /api/ is the API's JSON 404, not the site's HTML page.
    re_path(r"^api/(?P<path>.*)$", unknown_path),
    path("", include("comptoir.core.urls")),
    path("", include("comptoir.home.urls")),
    # The public agenda is the busiest anonymous page: resolved before the other apps.
    path("", include("comptoir.agenda.urls")),
    path("", include("comptoir.exchange.urls")),
    path("", include("comptoir.places.urls")),
    path("", include("comptoir.community.urls")),
    path("", include("comptoir.access.urls")),
    path("", include("comptoir.billing.urls")),
    path("", include("comptoir.invoicing.urls")),
    path("", include("comptoir.debits.urls")),
    path("", include("comptoir.governance.urls")),
    path("", include("comptoir.cigale.urls")),
    path("", include("comptoir.online.urls")),
    path("", include("comptoir.membership.urls")),
    path("", include("comptoir.presence.urls")),
    path("", include("comptoir.bookings.urls")),
    path("", include("comptoir.bookings.feed_urls")),
    path("", include("comptoir.projects.urls")),
    path("", include("comptoir.incubator.urls")),
    path("", include("comptoir.contributions.urls")),
    path("", include("comptoir.roster.urls")),
    path("", include("comptoir.news.urls")),
    path("", include("comptoir.publishing.urls")),
    path("", include("comptoir.economy.urls")),
    path("", include("comptoir.conciergerie.urls")),
    path("", include("comptoir.lending.urls")),
    path("", include("comptoir.givebox.urls")),
    path("comptes/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "comptoir.home.errors.bad_request"
handler403 = "comptoir.home.errors.permission_denied"
handler404 = "comptoir.home.errors.page_not_found"
handler500 = "comptoir.home.errors.server_error"
