from django.db import migrations


def name_the_site(apps, schema_editor):
    # allauth signs its emails with the Site: replace Django's "example.com" placeholder.
    Site = apps.get_model("sites", "Site")
    Site.objects.filter(pk=1, domain="example.com").update(
        domain="127.0.0.1:8000", name="Comptoir"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_rename_core_audite_place_i_09fb52_idx_audit_place_time_idx_and_more"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
