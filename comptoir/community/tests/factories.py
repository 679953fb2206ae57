from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from comptoir.community.models import (
    Affiliation,
    Organization,
    Person,
    PersonSkill,
    PlaceRole,
    Role,
    Skill,
    Visibility,
)
from comptoir.places.tests.factories import PlaceFactory

PASSWORD = "un-mot-de-passe-solide"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    # Sequenced, not random: a random French name could equal one a test looks for.
    first_name = factory.Sequence(lambda n: f"Membre{n}")
    last_name = factory.Faker("last_name", locale="fr_FR")
    directory_visibility = Visibility.HIDDEN
    password = factory.django.Password(PASSWORD)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Structure {n}")
    slug = factory.Sequence(lambda n: f"structure-{n}")
    category = Organization.Category.DIGITAL
    legal_form = Organization.LegalForm.ASSOCIATION


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)


class PlaceRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaceRole

    person = factory.SubFactory(PersonFactory)
    place = factory.SubFactory(PlaceFactory)
    role = Role.NOMAD
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Compétence {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class PersonSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonSkill

    person = factory.SubFactory(PersonFactory)
    skill = factory.SubFactory(SkillFactory)


def valid_siret(n: int) -> str:
    """A distinct, valid SIRET for each n (Luhn check digits on the SIREN and the SIRET)."""
    from stdnum import luhn

    siren = f"{n % 10**8:08d}"
    siren += luhn.calc_check_digit(siren)
    siret = siren + "0001"
    return siret + luhn.calc_check_digit(siret)


def person_with_skills(*skills: str, **fields: object) -> Person:
    person = PersonFactory(**fields)
    for name in skills:
        PersonSkillFactory(person=person, skill=SkillFactory(name=name, slug=slugify(name)))
    return person
