"""The password hasher: Argon2id at the cost OWASP recommends for interactive logins.

Django's default (PBKDF2, 1,000,000 rounds) costs about 0.8 s of CPU per login on a small
2-core server, which is both slow for people and an easy way to tie up an app server with
wrong passwords. Argon2id with 19 MiB of memory, 2 passes and one lane (OWASP's first
recommended setting) costs about 30 ms here and is harder to attack on GPUs, because each guess
needs its memory. Older PBKDF2 hashes stay valid and are rewritten at the next login.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (Argon2id) with OWASP's 19 MiB, t=2, p=1 parameters."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
