from __future__ import annotations

import factory

from comptoir.bookings.models import Qualification, Resource, Training
from comptoir.community.tests.factories import PersonFactory
from comptoir.places.tests.factories import PlaceFactory


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Salle {n}")
    slug = factory.Sequence(lambda n: f"salle-{n}")
    kind = Resource.Kind.ROOM
    capacity = 1


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Formation {n}")


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    person = factory.SubFactory(PersonFactory)
    training = factory.SubFactory(TrainingFactory)
    granted_on = factory.Faker("past_date")
