from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_a_wrong_method_gets_the_json_error_shape(client):
    response = client.delete("/api/v1/places")
    assert response.status_code == 405
    body = response.json()
    assert body["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]
    assert "GET" in body["detail"]


@pytest.mark.django_db
def test_pages_keep_their_own_405(client):
    response = client.delete("/lieux/")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("text/html")
