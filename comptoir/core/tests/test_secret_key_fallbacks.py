"""Rotating the secret key: SECRET_KEY_FALLBACKS is read from the environment (a comma list,
or a file of one key a line), and what an old key signed still verifies while it is listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import signing

from comptoir import settings as project_settings


def test_the_fallbacks_are_a_comma_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY_FALLBACKS_FILE", raising=False)
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", " old-one , older-one,, ")
    assert project_settings.env_secret_list("SECRET_KEY_FALLBACKS") == ["old-one", "older-one"]


def test_the_fallbacks_come_from_a_file_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    keys = tmp_path / "fallbacks"
    keys.write_text("old-one\n\n  older-one  \n")
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", "ignored")
    monkeypatch.setenv("SECRET_KEY_FALLBACKS_FILE", str(keys))
    assert project_settings.env_secret_list("SECRET_KEY_FALLBACKS") == ["old-one", "older-one"]


def test_no_fallback_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY_FALLBACKS", raising=False)
    monkeypatch.delenv("SECRET_KEY_FALLBACKS_FILE", raising=False)
    assert project_settings.env_secret_list("SECRET_KEY_FALLBACKS") == []


def test_an_old_key_verifies_while_it_is_a_fallback(settings: pytest.FixtureRequest) -> None:
    settings.SECRET_KEY = "the-old-key-" + "x" * 40
    signed = signing.Signer(salt="comptoir.test").sign("42")
    settings.SECRET_KEY = "the-new-key-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = ["the-old-key-" + "x" * 40]
    assert signing.Signer(salt="comptoir.test").unsign(signed) == "42"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(signing.BadSignature):
        signing.Signer(salt="comptoir.test").unsign(signed)


def test_the_production_guide_documents_the_rotation_and_the_key_backup() -> None:
    guide = (Path(project_settings.BASE_DIR) / "docs" / "production.md").read_text()
    assert "SECRET_KEY_FALLBACKS" in guide
    backups = guide.split("Back-ups and checks", 1)[1]
    assert "secret key" in backups.lower()
