from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("lending", "0002_no_overlap_on_postgresql"),
    ]

    operations = [
        migrations.AddField(
            model_name="loan",
            name="deposit_kept_cents",
            field=models.PositiveIntegerField(default=0, verbose_name="deposit kept (cents)"),
        ),
    ]
