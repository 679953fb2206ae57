import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from comptoir.core.migration_moves import relabel_models


# The models come from the `projects` app (its 0003 removed them from its state): the state
# takes them over, and their tables, kept under their old names (`db_table`), are left as
# they are. A database made by the old code keeps every row; a new one got the tables from
# the `projects` migrations.
MOVED = ['contribution', 'prestation', 'share']


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('places', '0001_initial'),
        ('projects', '0003_move_incubator_and_contributions_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0003_site_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Prestation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('title', models.CharField(max_length=160, verbose_name='title')),
                        ('client', models.CharField(blank=True, max_length=160, verbose_name='client')),
                        ('revenue_cents', models.PositiveIntegerField(verbose_name='revenue (cents)')),
                        ('delivered_on', models.DateField(verbose_name='delivered on')),
                        ('commons_share_bp', models.PositiveIntegerField(default=2000, verbose_name='share to the commons (‱)')),
                        ('weights', models.JSONField(blank=True, default=dict, verbose_name='weights per kind')),
                        ('period_start', models.DateField(verbose_name='contributions from')),
                        ('period_end', models.DateField(verbose_name='contributions until')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('validated', 'Validated')], default='draft', max_length=10, verbose_name='status')),
                        ('validated_at', models.DateTimeField(blank=True, null=True, verbose_name='validated at')),
                        ('place', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='prestations', to='places.place')),
                        ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='prestations', to='projects.project')),
                        ('validated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'prestation',
                        'verbose_name_plural': 'prestations',
                        'db_table': 'projects_prestation',
                        'ordering': ['-delivered_on', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Share',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('weighted_hours', models.DecimalField(decimal_places=2, default=0, max_digits=12)),
                        ('amount_cents', models.PositiveIntegerField()),
                        ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='shares', to=settings.AUTH_USER_MODEL)),
                        ('prestation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='contributions.prestation')),
                    ],
                    options={
                        'verbose_name': 'share',
                        'verbose_name_plural': 'shares',
                        'db_table': 'projects_share',
                        'ordering': ['prestation', 'person_id'],
                    },
                ),
                migrations.CreateModel(
                    name='Contribution',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('kind', models.CharField(choices=[('work', 'Hours of work'), ('money', 'Money'), ('material', 'Material'), ('equipment', 'Use of equipment'), ('documentation', 'Documentation'), ('animation', 'Running the place')], max_length=14, verbose_name='kind')),
                        ('description', models.CharField(max_length=300, verbose_name='what it was')),
                        ('quantity', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='quantity')),
                        ('unit', models.CharField(choices=[('hour', 'hours'), ('euro', 'euros'), ('item', 'items')], max_length=6, verbose_name='unit')),
                        ('happened_on', models.DateField(verbose_name='date')),
                        ('status', models.CharField(choices=[('proposed', 'Proposed'), ('pending', 'Waiting for validation'), ('validated', 'Validated'), ('refused', 'Refused')], default='pending', max_length=10, verbose_name='status')),
                        ('validated_at', models.DateTimeField(blank=True, null=True, verbose_name='validated at')),
                        ('contributor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contributions', to=settings.AUTH_USER_MODEL)),
                        ('place', models.ForeignKey(blank=True, help_text='For a contribution to the place itself.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='contributions', to='places.place')),
                        ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='contributions', to='projects.project')),
                        ('validated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'contribution',
                        'verbose_name_plural': 'contributions',
                        'db_table': 'projects_contribution',
                        'ordering': ['-happened_on', '-pk'],
                        'indexes': [models.Index(fields=['project', 'status'], name='contribution_project_idx'), models.Index(fields=['contributor', '-happened_on'], name='contribution_person_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('project__isnull', False), ('place__isnull', False), _connector='OR'), name='contribution_to_a_project_or_a_place'), models.CheckConstraint(condition=models.Q(('quantity__gt', 0)), name='contribution_positive')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='prestation',
                    constraint=models.CheckConstraint(condition=models.Q(('commons_share_bp__lte', 10000)), name='prestation_share_at_most_all'),
                ),
                migrations.AddConstraint(
                    model_name='prestation',
                    constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='prestation_period_in_order'),
                ),
                migrations.AddConstraint(
                    model_name='share',
                    constraint=models.UniqueConstraint(fields=('prestation', 'person'), name='share_once_per_person'),
                ),
                migrations.AddConstraint(
                    model_name='share',
                    constraint=models.UniqueConstraint(condition=models.Q(('person__isnull', True)), fields=('prestation',), name='share_one_commons'),
                ),
            ],
            database_operations=[],
        ),
        relabel_models('projects', 'contributions', MOVED),
    ]
