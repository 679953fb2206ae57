from __future__ import annotations

import time

from django.core import signing

from comptoir.core import desk_tokens


def test_a_token_gives_back_its_person_until_it_expires(monkeypatch):
    token = desk_tokens.person_token(8)
    assert desk_tokens.person_id_from_token(token) == 8
    later = time.time() + desk_tokens.MAX_AGE_S + 1
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert desk_tokens.person_id_from_token(token) is None


def test_anything_else_is_no_one():
    other_salt = signing.dumps(8, salt="comptoir.card")
    not_an_id = signing.dumps(True, salt=desk_tokens.SALT)
    for value in ("8", "", "8:abc:def", other_salt, not_an_id, desk_tokens.person_token(8) + "x"):
        assert desk_tokens.person_id_from_token(value) is None
