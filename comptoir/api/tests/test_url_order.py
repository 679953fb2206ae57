"""The kiosk's check-ins are resolved first, and moving them changes no other route."""

from django.urls import resolve

from comptoir.api import api


def test_the_check_in_paths_are_tried_first() -> None:
    patterns = [str(url.pattern) for url in api.urls[0]]
    first_others = next(i for i, pattern in enumerate(patterns) if not pattern.startswith("visits"))
    assert patterns[0] == "visits"
    assert not any(pattern.startswith("visits") for pattern in patterns[first_others:])


def test_every_route_keeps_its_view() -> None:
    # The same set of patterns, only in another order: each still resolves to its own view.
    reordered = [str(url.pattern) for url in api.urls[0]]
    in_router_order = [str(url.pattern) for url in super(type(api), api)._get_urls()]
    assert sorted(reordered) == sorted(in_router_order)
    assert resolve("/api/v1/visits").url_name == "check_in"
    assert resolve("/api/v1/visits/7/checkout").url_name == "check_out"
    assert resolve("/api/v1/places").url_name is not None
