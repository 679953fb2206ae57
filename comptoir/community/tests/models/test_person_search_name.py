"""`Person.search_name` always says what the names say, whoever writes them."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from comptoir.community import services
from comptoir.community.models import Person
from comptoir.community.services.erasure import person_erase
from comptoir.community.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def stored(person: Person) -> str:
    return Person.objects.values_list("search_name", flat=True).get(pk=person.pk)


def test_it_is_written_with_the_names():
    person = PersonFactory(first_name="Éloïse", last_name="Lefèvre")
    assert stored(person) == "eloise lefevre"


def test_a_save_of_some_fields_naming_a_name_writes_it_too():
    person = PersonFactory(first_name="Éloïse", last_name="Lefèvre")
    person.last_name = "Œuvray"
    person.save(update_fields=["last_name"])
    assert stored(person) == "eloise oeuvray"
    person.last_login = None
    person.save(update_fields=["last_login"])  # no name: nothing else written
    assert stored(person) == "eloise oeuvray"


def test_the_profile_service_and_the_erasure_keep_it_true():
    person = PersonFactory(first_name="Zoé", last_name="Lambert")
    services.person_update(person=person, by=person, first_name="Zoë")
    assert stored(person) == "zoe lambert"
    admin = PersonFactory(is_superuser=True, is_staff=True)
    person_erase(person=person, by=admin)
    assert stored(person) == ""


def test_the_migration_fills_it_for_the_people_already_there():
    person = PersonFactory(first_name="Inès", last_name="Barbier")
    Person.objects.filter(pk=person.pk).update(search_name="")
    migration = importlib.import_module("comptoir.community.migrations.0008_person_search_name")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert stored(person) == "ines barbier"
