"""The scope of the half-days covered before scopes existed, from the visit that paid for
them: a ticket of a book valid across the visit's network, or a subscription whose offer
is the network's, covered that network; everything else (a place's book or subscription,
a day pass, the discovery visit, a concierge's override) covered the visit's place only.

In a migration of its own: PostgreSQL refuses to alter a table in the transaction that
has just updated its rows (the constraints come in the next migration)."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Subquery


def backfill(apps, schema_editor):
    covered = apps.get_model("presence", "CoveredPeriod")
    visit = apps.get_model("presence", "Visit")
    of_visit = visit.objects.filter(pk=OuterRef("visit_id"))
    visit_network = Subquery(of_visit.values("place__network_id")[:1])
    network_book = Exists(
        of_visit.filter(ticket_movement__book__network_id=OuterRef("visit__place__network_id"))
    )
    network_subscription = Exists(
        of_visit.filter(place__network_id=OuterRef("subscription__plan__network_id"))
    )
    unscoped = covered.objects.filter(place__isnull=True, network__isnull=True)
    unscoped.filter(network_book, access="ticket").update(network_id=visit_network)
    unscoped.filter(network_subscription, access="subscription").update(network_id=visit_network)
    covered.objects.filter(place__isnull=True, network__isnull=True).update(
        place_id=Subquery(of_visit.values("place_id")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0002_initial'),
        ('presence', '0002_covered_period_scope'),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
