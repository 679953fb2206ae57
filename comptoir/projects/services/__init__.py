"""Writes of the projects app: one transaction each, audited, permission-checked through
`community.permissions`. Split by subject; everything is re-exported here, so callers use
`services.<name>`."""

from comptoir.projects.services.projects import (
    AlreadyAnswered,
    AlreadyMember,
    LastLead,
    NeedNotOpen,
    PlaceNotAllowed,
    journal_add,
    member_add,
    member_remove,
    member_role_set,
    need_answer,
    need_close,
    need_create,
    need_update,
    project_create,
    project_update,
)

__all__ = [
    "AlreadyAnswered",
    "AlreadyMember",
    "LastLead",
    "NeedNotOpen",
    "PlaceNotAllowed",
    "journal_add",
    "member_add",
    "member_remove",
    "member_role_set",
    "need_answer",
    "need_close",
    "need_create",
    "need_update",
    "project_create",
    "project_update",
]
