"""A person as the desk found them, carried in a link to the sale page.

The sale page finds people by account number only when the concierge may see their private
data (tied to a place they serve); numbers could otherwise be tried one after the other. A
person the desk found by their whole email or their card is not tied yet: the desk's links
carry this signed, short-lived token instead of the number."""

from __future__ import annotations

from django.core import signing

SALT = "comptoir.desk-person"
MAX_AGE_S = 2 * 60 * 60  # a sale follows the search within the opening of the desk


def person_token(person_id: int) -> str:
    return signing.dumps(person_id, salt=SALT, compress=False)


def person_id_from_token(token: str) -> int | None:
    """The person id of a valid, unexpired token; None for anything else."""
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE_S)
    except (signing.BadSignature, ValueError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
