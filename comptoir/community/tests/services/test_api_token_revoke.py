from __future__ import annotations

import pytest

from comptoir.community import services
from comptoir.community.models import ApiToken
from comptoir.community.tests.factories import PersonFactory
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_revokes_a_token_once(person):
    token, secret = services.api_token_create(person=person, name="x", by=person)
    services.api_token_revoke(token=token, by=person)
    revoked_at = ApiToken.objects.get(pk=token.pk).revoked_at
    assert revoked_at is not None
    services.api_token_revoke(token=token, by=person)
    assert ApiToken.objects.get(pk=token.pk).revoked_at == revoked_at
    assert AuditEvent.objects.filter(verb="api_token.revoked").count() == 1
    assert services.api_token_authenticate(secret=secret) is None


def test_nobody_else_revokes_it(person):
    token, _secret = services.api_token_create(person=person, name="x", by=person)
    with pytest.raises(NotAllowed):
        services.api_token_revoke(token=token, by=PersonFactory())
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
