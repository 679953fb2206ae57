from __future__ import annotations

from decimal import Decimal

import factory

from comptoir.places.models import Equipment, NearbyPlace, Network, Place, Space


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    name = "Coworking Sainté"
    slug = "coworking-sainte"


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Tiers-lieu {n}")
    slug = factory.Sequence(lambda n: f"tiers-lieu-{n}")
    address = "12 rue de la Manufacture"
    postal_code = "42000"
    commune = "Saint-Étienne"
    insee_code = "42218"
    latitude = Decimal("45.440000")
    longitude = Decimal("4.387000")
    opening_hours = "Mo-Fr 09:00-18:00"
    typology = ["TIERS_LIEUX"]


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Espace {n}")
    slug = factory.Sequence(lambda n: f"espace-{n}")
    kind = Space.Kind.COWORKING
    capacity = 12


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment

    space = factory.SubFactory(SpaceFactory)
    name = factory.Sequence(lambda n: f"Machine {n}")


class NearbyPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NearbyPlace

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Voisin {n}")
    walking_minutes = 10
