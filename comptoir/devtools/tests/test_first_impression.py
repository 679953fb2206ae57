from __future__ import annotations

from pathlib import Path

import pytest

from comptoir.community.models import Person
from comptoir.devtools.bench import first_impression
from comptoir.devtools.bench.first_impression import FirstImpression


def test_it_judges_the_first_request_and_the_login() -> None:
    good = FirstImpression(
        start_s=3.2, first_request_ms=40.0, first_status=200, logins_ms=[60, 50, 250]
    )
    good.login_statuses = [302, 302, 302]
    assert good.verdicts() == ("ok", "ok")

    slow = FirstImpression(first_request_ms=1800.0, first_status=200, logins_ms=[900, 800])
    slow.login_statuses = [302, 302]
    assert slow.verdicts() == ("over", "over")

    refused = FirstImpression(first_request_ms=40.0, first_status=500, logins_ms=[50])
    refused.login_statuses = [200]  # the form shown again: the login failed
    assert refused.verdicts() == ("over", "FAIL (login refused)")

    assert FirstImpression(error="granian stopped").verdicts() == ("not measured",) * 2


def test_its_report_section_names_the_figures_and_targets() -> None:
    result = FirstImpression(
        start_s=3.6, first_request_ms=16.6, first_status=200, logins_ms=[48.7, 44.0, 255.5]
    )
    result.login_statuses = [302] * 3
    text = "\n".join(first_impression.lines(result))
    assert text.startswith("## First impression")
    assert "| First request after start (`/`) | 16.6 ms | ≤ 1000 ms | ok |" in text
    assert "| Login POST, median | 48.7 ms | ≤ 300 ms | ok |" in text
    failed = "\n".join(first_impression.lines(FirstImpression(error="granian stopped")))
    assert "Not measured: granian stopped." in failed


@pytest.mark.django_db
def test_inside_a_transaction_it_says_it_did_not_measure(tmp_path: Path) -> None:
    result = first_impression.measure(logins=1, log=tmp_path / "granian.log")
    assert result.error in {
        "needs PostgreSQL",
        "inside a transaction, the server would not see the data",
    }
    assert result.verdicts() == ("not measured", "not measured")
    assert not Person.objects.filter(email__startswith="bench-login-").exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_it_measures_a_real_server_start_and_real_logins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fresh clone has not collected its static files (`make bench` does): the server
    # started here serves them as they are instead of from the manifest.
    monkeypatch.setenv("COMPTOIR_PLAIN_STATIC", "1")
    # The suite hashes with MD5 (conftest): the bench person is hashed as the server hashes.
    result = first_impression.measure(logins=3, log=tmp_path / "granian.log")
    assert result.error == ""
    assert result.first_status == 200
    assert result.login_statuses == [302, 302, 302]
    assert len(result.logins_ms) == 3
    assert result.start_s is not None and result.start_s > 0
    assert not Person.objects.filter(email__startswith="bench-login-").exists()
