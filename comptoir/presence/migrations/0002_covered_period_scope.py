# Where a covered half-day is valid: one place, or a whole network (issue 13).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0001_initial'),
        ('presence', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='coveredperiod',
            name='network',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='places.network', verbose_name='valid across the network'),
        ),
        migrations.AddField(
            model_name='coveredperiod',
            name='place',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='places.place', verbose_name='valid at'),
        ),
    ]
