# One charge per person, half-day and scope (place or network), instead of per person.

from django.conf import settings
from django.db import migrations, models


def keep_one_per_person(apps, schema_editor):
    """Going back: the old constraint (one period per person and half-day, whatever the
    place) must hold again, so the periods other scopes added to a half-day are removed."""
    covered = apps.get_model("presence", "CoveredPeriod")
    seen = set()
    extra = []
    for row in covered.objects.order_by("pk").values_list("pk", "person_id", "day", "half"):
        if row[1:] in seen:
            extra.append(row[0])
        seen.add(row[1:])
    covered.objects.filter(pk__in=extra).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0001_initial'),
        ('presence', '0003_covered_period_scope_backfill'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='coveredperiod',
            name='covered_period_once_per_person',
        ),
        migrations.RunPython(migrations.RunPython.noop, keep_one_per_person),
        migrations.AddConstraint(
            model_name='coveredperiod',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('place__isnull', False), ('network__isnull', True)), models.Q(('place__isnull', True), ('network__isnull', False)), _connector='OR'), name='covered_period_place_xor_network'),
        ),
        migrations.AddConstraint(
            model_name='coveredperiod',
            constraint=models.UniqueConstraint(condition=models.Q(('place__isnull', False)), fields=('person', 'day', 'half', 'place'), name='covered_period_once_per_place'),
        ),
        migrations.AddConstraint(
            model_name='coveredperiod',
            constraint=models.UniqueConstraint(condition=models.Q(('network__isnull', False)), fields=('person', 'day', 'half', 'network'), name='covered_period_once_per_network'),
        ),
    ]
