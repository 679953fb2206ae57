"""Who acts and who looks, for annotations: core imports no domain app, so these name the
configured user model through django-stubs' `_User` alias (community's Person)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, _User

    # A person who does something: services record them in the audit log.
    Actor: TypeAlias = _User
    # Whoever looks at something: a person or an anonymous visitor.
    Viewer: TypeAlias = _User | AnonymousUser
else:  # annotations only: nothing reads these at run time
    Actor = Viewer = object
