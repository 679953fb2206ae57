"""Writes of the community app: one transaction each, audited.

Split by subject; everything is re-exported here, so callers use `services.<name>`.
"""

from comptoir.community.services.erasure import person_erase
from comptoir.community.services.organizations import (
    ORGANIZATION_FIELDS,
    affiliation_create,
    organization_create,
    organization_update,
)
from comptoir.community.services.people import (
    MAX_SKILL_LENGTH,
    MAX_SKILLS,
    PROFILE_FIELDS,
    person_create,
    person_set_skills,
    person_update,
    person_update_profile,
    person_welcome,
    skill_get_or_create,
)
from comptoir.community.services.roles import place_role_assign, place_role_end
from comptoir.community.services.tokens import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)

__all__ = [
    "MAX_SKILLS",
    "MAX_SKILL_LENGTH",
    "ORGANIZATION_FIELDS",
    "PROFILE_FIELDS",
    "affiliation_create",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "organization_create",
    "organization_update",
    "person_create",
    "person_erase",
    "person_set_skills",
    "person_update",
    "person_update_profile",
    "person_welcome",
    "place_role_assign",
    "place_role_end",
    "skill_get_or_create",
]
