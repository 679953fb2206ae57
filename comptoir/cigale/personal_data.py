"""The Cigale's part of a person's data: filled in with the club's models."""

from __future__ import annotations

from comptoir.community.personal_data import Provider

PROVIDER = Provider(app="cigale", order=61)
