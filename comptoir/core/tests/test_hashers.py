from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth.hashers import (
    PBKDF2PasswordHasher,
    check_password,
    get_hasher,
    identify_hasher,
    make_password,
)

from comptoir.community.models import Person

PRODUCTION_HASHERS = [
    "comptoir.core.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.fixture
def production_hashers(settings: Any) -> None:
    # The suite hashes with MD5 for speed (conftest); these tests use the real setting.
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


def test_the_project_hashes_with_argon2id_first_and_still_reads_pbkdf2() -> None:
    # conftest replaced the setting for the suite; the settings module itself is checked here.
    from comptoir import settings as module

    assert module.PASSWORD_HASHERS == PRODUCTION_HASHERS


def test_new_passwords_are_argon2id_at_owasp_cost(production_hashers: None) -> None:
    encoded = make_password("une phrase de passe")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("une phrase de passe", encoded)
    assert not check_password("une autre", encoded)


def test_checking_a_password_costs_well_under_the_login_budget(production_hashers: None) -> None:
    encoded = make_password("une phrase de passe")
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        check_password("une phrase de passe", encoded)
        timings.append(time.perf_counter() - started)
    # ≈ 30 ms on this 2-core machine; login (issue 14) must stay under 300 ms in all.
    assert sorted(timings)[1] < 0.2


@pytest.mark.django_db
def test_a_pbkdf2_hash_made_before_is_rewritten_with_argon2id_at_login(
    production_hashers: None,
) -> None:
    person = Person.objects.create(email="ancien@example.org", first_name="Ancien")
    old = PBKDF2PasswordHasher().encode("mot de passe", PBKDF2PasswordHasher().salt())
    Person.objects.filter(pk=person.pk).update(password=old)
    person.refresh_from_db()
    assert identify_hasher(person.password).algorithm == "pbkdf2_sha256"

    assert person.check_password("mot de passe")

    person.refresh_from_db()
    assert identify_hasher(person.password).algorithm == "argon2"
    assert get_hasher().algorithm == "argon2"
    assert person.check_password("mot de passe")
