from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.core.wsgi import get_wsgi_application

from comptoir.core.warmup import WARM_PATHS, warm_up


# A real server's requests each end by closing stale connections: no test transaction here.
@pytest.mark.django_db(transaction=True)
def test_a_fresh_server_serves_itself_its_first_pages_in_every_language(settings: Any) -> None:
    settings.LANGUAGES = [("fr", "Français"), ("en", "English")]
    statuses = warm_up(get_wsgi_application())
    assert statuses == [200] * (2 * len(WARM_PATHS))


def test_a_failing_page_never_stops_the_server_from_starting(
    caplog: pytest.LogCaptureFixture,
) -> None:
    asked: list[str] = []

    def broken(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        asked.append(environ["PATH_INFO"])
        raise RuntimeError("database not migrated yet")

    assert warm_up(broken, paths=["/"]) == []
    assert asked == ["/", "/"]  # once per language
    assert "Warm-up of / failed" in caplog.text


def test_the_warm_up_reads_the_whole_answer_and_closes_it() -> None:
    closed: list[bool] = []

    class Answer:
        def __iter__(self) -> Any:
            return iter([b"a", b"b"])

        def close(self) -> None:
            closed.append(True)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        assert environ["REQUEST_METHOD"] == "GET"
        start_response("200 OK", [])
        return Answer()

    assert warm_up(app, paths=["/lieux/"]) == [200, 200]
    assert closed == [True, True]
