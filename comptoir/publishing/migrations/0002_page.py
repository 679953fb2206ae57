import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("places", "0001_initial"),
        ("publishing", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Page",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("title", models.CharField(max_length=200, verbose_name="page title")),
                ("body", models.TextField(blank=True, help_text="Markdown.", verbose_name="text")),
                ("revision", models.PositiveIntegerField(default=0)),
                ("meeting", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="doc_page", to="governance.meeting", verbose_name="meeting")),
                ("network", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="doc_pages", to="places.network", verbose_name="network")),
                ("place", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="doc_pages", to="places.place", verbose_name="place")),
                ("updated_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "documentation page",
                "verbose_name_plural": "documentation pages",
                "ordering": ["-created_at", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(models.Q(("place__isnull", False), ("network__isnull", True)), models.Q(("place__isnull", True), ("network__isnull", False)), _connector="OR"),
                        name="doc_page_place_xor_network",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PageRevision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField()),
                ("title", models.CharField(max_length=200)),
                ("body", models.TextField(blank=True)),
                ("summary", models.CharField(blank=True, max_length=200, verbose_name="summary of the change")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("author", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("page", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="revisions", to="publishing.page")),
            ],
            options={
                "verbose_name": "page revision",
                "verbose_name_plural": "page revisions",
                "ordering": ["page", "-number"],
                "constraints": [
                    models.UniqueConstraint(fields=("page", "number"), name="page_revision_number_once")
                ],
            },
        ),
    ]
