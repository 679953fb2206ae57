"""iCalendar feeds, included at the root of the site by comptoir/urls.py."""

from django.urls import path

from comptoir.bookings import feeds

app_name = "booking_feeds"
urlpatterns = [
    path(
        "lieux/<slug:slug>/reservations/<slug:resource_slug>.ics",
        feeds.resource_feed,
        name="resource-feed",
    ),
    path("calendrier/<slug:secret>.ics", feeds.person_feed, name="person-feed"),
]
