"""Reads of the community app. Visibility rules come from `permissions`."""

from __future__ import annotations

from django.db.models import Case, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from comptoir.community import permissions
from comptoir.community.models import (
    Affiliation,
    ApiToken,
    Organization,
    Person,
    PersonSkill,
    PlaceRole,
    Role,
)
from comptoir.core.search import word_prefix_only, words_of
from comptoir.core.types import Viewer
from comptoir.places.models import Place


def _with_private_flag(qs: QuerySet[Person], user: Viewer) -> QuerySet[Person]:
    """Concierges' lists say per row whether they see the person's private data (their
    email…), in the same query; others see only their own, which needs no flag."""
    if permissions.can_search_private_data(user):
        return qs.annotate(**permissions.private_data_annotation(user))
    return qs


def people_visible_to(*, user: Viewer) -> QuerySet[Person]:
    """People this user may see in the directory (themselves included)."""
    qs = Person.objects.filter(permissions.visible_people_condition(user), is_active=True)
    return _with_private_flag(qs, user)


def people_listed_to(*, user: Viewer) -> QuerySet[Person]:
    """The directory as this user sees it: without themselves when they chose to stay hidden
    (they see the directory as others do, and a member's count stays index-only)."""
    condition = permissions.visible_people_condition(user, include_self=False)
    return _with_private_flag(Person.objects.filter(condition, is_active=True), user)


# --- Finding people by what is typed (the desk, the directory, the API) ----------------------
# Names are compared folded (core.search: "Eloise" finds "Éloïse"), in `Person.search_name`,
# which PostgreSQL indexes by trigrams: a word of three letters or more is found anywhere in a
# name through that index. Shorter words match the start of a name's words only, in name
# order, so that typing the first letters reads a page of the name index, not every person.
NAME_ORDER = ("first_name", "last_name", "pk")


def _word_found(word: str, *, prefix: bool, with_email: bool) -> Q:
    if prefix:
        found = Q(search_name__startswith=word) | Q(search_name__contains=f" {word}")
        return found | Q(email__startswith=word) if with_email else found
    found = Q(search_name__contains=word)
    return found | Q(email__contains=word) if with_email else found


def people_matching(words: list[str], *, with_email: bool = False) -> Q:
    """A filter on Person: every folded word is in the names (and, `with_email`, in the email,
    for those allowed to search by it); a word too short for the trigram index starts a word
    ("ines b" finds Inès Barbier, not every Inès with a b)."""
    condition = Q()
    for word in words:
        prefix = word_prefix_only([word])
        condition &= _word_found(word, prefix=prefix, with_email=with_email)
    return condition


def match_rank(words: list[str]) -> Case:
    """0 when the names start with what was typed, 1 when every word starts a word of the
    names, 2 for the other matches (inside a word, or in the email): the order of results."""
    every_word_starts = Q()
    for word in words:
        every_word_starts &= _word_found(word, prefix=True, with_email=False)
    return Case(
        When(search_name__startswith=" ".join(words), then=Value(0)),
        When(every_word_starts, then=Value(1)),
        default=Value(2),
    )


def order_matches(
    qs: QuerySet[Person], words: list[str], *, first: Q | None = None
) -> QuerySet[Person]:
    """Best matches first (those meeting `first`, e.g. a whole email, before any), then in
    name order; short words keep the name order alone (their matches all start a word, and
    the order is then read from the directory index)."""
    order: list[str] = []
    if first is not None:
        qs = qs.alias(first_rank=Case(When(first, then=Value(0)), default=Value(1)))
        order.append("first_rank")
    if not word_prefix_only(words):
        qs = qs.alias(match_rank=match_rank(words))
        order.append("match_rank")
    return qs.order_by(*order, *NAME_ORDER)


def people_search(*, user: Viewer, query: str = "", skill: str = "") -> QuerySet[Person]:
    """Directory search by name and by skill ("qui sait faire…"), skills prefetched; the
    best name matches first."""
    qs = people_listed_to(user=user)
    words = words_of(query, limit=5)
    if words:
        qs = qs.filter(people_matching(words))
    if skill:
        # A semi-join, not a JOIN + DISTINCT: the skills table is small, person skills are not.
        with_skill = PersonSkill.objects.filter(skill__name__icontains=skill.strip())
        qs = qs.filter(pk__in=with_skill.values("person_id"))
    qs = qs.prefetch_related(
        Prefetch("person_skills", queryset=PersonSkill.objects.select_related("skill"))
    )
    return order_matches(qs, words) if words else qs.order_by(*NAME_ORDER)


def person_get_visible(*, user: Viewer, pk: int) -> Person:
    """A person the user may see, with skills, affiliations and roles (raises DoesNotExist)."""
    return (
        people_visible_to(user=user)
        .prefetch_related(
            Prefetch("person_skills", queryset=PersonSkill.objects.select_related("skill")),
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organization")),
            Prefetch("place_roles", queryset=PlaceRole.objects.current().select_related("place")),
        )
        .get(pk=pk)
    )


def organizations_listed(*, category: str = "", query: str = "") -> QuerySet[Organization]:
    # A correlated subquery, so the paginator's COUNT(*) does not group every structure.
    members = (
        Affiliation.objects.filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = Organization.objects.annotate(member_count=Coalesce(Subquery(members), 0))
    if category:
        qs = qs.filter(category=category)
    if query:
        qs = qs.filter(name__icontains=query)
    return qs.order_by("name", "pk")


def person_get_active(*, pk: int) -> Person:
    """An active account, e.g. someone to check in or to sell to (raises DoesNotExist)."""
    return Person.objects.get(pk=pk, is_active=True)


def person_active_or_none(*, pk: int) -> Person | None:
    """The same, None for an unknown or inactive id."""
    return Person.objects.filter(pk=pk, is_active=True).first()


def person_with_email(*, email: str) -> Person | None:
    """The active account with this email (any case), if there is one."""
    if not email:
        return None
    return Person.objects.filter(email__iexact=email, is_active=True).first()


def organization_get(*, slug: str) -> Organization:
    return Organization.objects.get(slug=slug)


def organization_members_visible(*, user: Viewer, organization: Organization) -> QuerySet[Person]:
    return people_visible_to(user=user).filter(affiliations__organization=organization)


def place_roles_of_place(
    *, place_id: int, role: str = "", current_only: bool = True, query: str = ""
) -> QuerySet[PlaceRole]:
    qs = PlaceRole.objects.filter(place_id=place_id).select_related("person", "organization")
    if current_only:
        qs = qs.current()
    if role:
        qs = qs.filter(role=role)
    words = words_of(query, limit=5)
    if words:
        matching = people_matching(words, with_email=True)
        qs = qs.filter(person__in=Person.objects.filter(matching).values("pk"))
    # Newest first within each role: served by the (place, role, -valid_from) index, whereas
    # sorting by name would join and sort every current member of the place.
    return qs.order_by("role", "-valid_from", "-pk")


def api_tokens_of(*, person: Person) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(person=person)


def organization_category_counts() -> list[tuple[str, str, int]]:
    """(code, label, number of structures) for each category that has any, in label order."""
    counts = dict(Organization.objects.values_list("category").annotate(n=Count("pk")).order_by())
    return sorted(
        (
            (code, str(label), counts[code])
            for code, label in Organization.Category.choices
            if counts.get(code)
        ),
        key=lambda row: row[1],
    )


def organization_affiliations_visible(
    *, user: Viewer, organization: Organization, limit: int = 100
) -> list[Affiliation]:
    """The organization's members the user may see (first `limit`), with their title."""
    visible = people_visible_to(user=user)
    return list(
        Affiliation.objects.filter(organization=organization, person__in=visible)
        .select_related("person")
        .order_by("person__first_name", "person__last_name", "pk")[:limit]
    )


def organization_resident_places(*, organization: Organization) -> list[Place]:
    """Places where the organization is resident today."""
    roles = (
        PlaceRole.objects.current()
        .filter(organization=organization, role=Role.RESIDENT)
        .select_related("place")
        .order_by("place__name", "pk")
    )
    places: dict[int, Place] = {}
    for place_role in roles:
        places.setdefault(place_role.place_id, place_role.place)
    return list(places.values())


def place_get_for_roles(*, slug: str) -> Place:
    """The place whose roles are managed (raises DoesNotExist)."""
    return Place.objects.get(slug=slug)


def place_role_get(*, place: Place, pk: int) -> PlaceRole:
    """A role of this place, with its person (raises DoesNotExist)."""
    return PlaceRole.objects.select_related("person", "place").get(place=place, pk=pk)


def person_get_by_email(*, email: str) -> Person | None:
    return Person.objects.filter(email__iexact=email.strip(), is_active=True).first()


def organization_get_by_slug_or_name(*, value: str) -> Organization | None:
    value = value.strip()
    if not value:
        return None
    return (
        Organization.objects.filter(slug=value).first()
        or Organization.objects.filter(name__iexact=value).order_by("pk").first()
    )


def organizations_by_category(*, category: str = "", query: str = "") -> QuerySet[Organization]:
    """Structures for the list page, ordered by category then name (for grouping)."""
    qs = Organization.objects.all()
    if category:
        qs = qs.filter(category=category)
    for word in query.split()[:5]:
        qs = qs.filter(name__icontains=word)
    return qs.order_by("category", "name", "pk")
