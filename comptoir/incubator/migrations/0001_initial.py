import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from comptoir.core.migration_moves import relabel_models


# The models come from the `projects` app (its 0003 removed them from its state): the state
# takes them over, and their tables, kept under their old names (`db_table`), are left as
# they are. A database made by the old code keeps every row; a new one got the tables from
# the `projects` migrations.
MOVED = ['programme', 'stage', 'checklistitem', 'incubation', 'checklisttick', 'canvas', 'canvasrevision']


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
                    name='Incubation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('cohort', models.CharField(blank=True, help_text='For example “Autumn 2026 cohort”.', max_length=80, verbose_name='cohort')),
                        ('started_on', models.DateField(verbose_name='started on')),
                        ('finished_on', models.DateField(blank=True, null=True, verbose_name='finished on')),
                        ('project', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='incubation', to='projects.project')),
                    ],
                    options={
                        'verbose_name': 'incubation',
                        'verbose_name_plural': 'incubations',
                        'db_table': 'projects_incubation',
                        'ordering': ['-started_on', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Canvas',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('key_partners', models.TextField(blank=True, verbose_name='Key partners')),
                        ('key_activities', models.TextField(blank=True, verbose_name='Key activities')),
                        ('key_resources', models.TextField(blank=True, verbose_name='Key resources')),
                        ('value_propositions', models.TextField(blank=True, verbose_name='Value propositions')),
                        ('customer_relationships', models.TextField(blank=True, verbose_name='Customer relationships')),
                        ('channels', models.TextField(blank=True, verbose_name='Channels')),
                        ('customer_segments', models.TextField(blank=True, verbose_name='Customer segments')),
                        ('cost_structure', models.TextField(blank=True, verbose_name='Cost structure')),
                        ('revenue_streams', models.TextField(blank=True, verbose_name='Revenue streams')),
                        ('revision', models.PositiveIntegerField(default=0)),
                        ('incubation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='canvas', to='incubator.incubation')),
                    ],
                    options={
                        'verbose_name': 'business model canvas',
                        'verbose_name_plural': 'business model canvases',
                        'db_table': 'projects_canvas',
                    },
                ),
                migrations.CreateModel(
                    name='Programme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('description', models.TextField(blank=True, help_text='Markdown.', verbose_name='description')),
                        ('template', models.CharField(blank=True, choices=[('incubateur', 'Incubator (idea → exploration → prototype → launch)'), ('bm48h', 'Business model in 48 hours')], default='', max_length=12, verbose_name='template')),
                        ('is_active', models.BooleanField(default=True, verbose_name='open to new projects')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('place', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='incubation_programmes', to='places.place')),
                    ],
                    options={
                        'verbose_name': 'incubation programme',
                        'verbose_name_plural': 'incubation programmes',
                        'db_table': 'projects_programme',
                        'ordering': ['place', 'name', 'pk'],
                    },
                ),
                migrations.AddField(
                    model_name='incubation',
                    name='programme',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='incubations', to='incubator.programme'),
                ),
                migrations.CreateModel(
                    name='Stage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(verbose_name='position')),
                        ('name', models.CharField(max_length=80, verbose_name='name')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stages', to='incubator.programme')),
                    ],
                    options={
                        'verbose_name': 'stage',
                        'verbose_name_plural': 'stages',
                        'db_table': 'projects_stage',
                        'ordering': ['programme', 'position'],
                    },
                ),
                migrations.AddField(
                    model_name='incubation',
                    name='stage',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='incubations', to='incubator.stage'),
                ),
                migrations.CreateModel(
                    name='ChecklistItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(verbose_name='position')),
                        ('text', models.CharField(max_length=300, verbose_name='text')),
                        ('stage', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='incubator.stage')),
                    ],
                    options={
                        'verbose_name': 'checklist item',
                        'verbose_name_plural': 'checklist items',
                        'db_table': 'projects_checklistitem',
                        'ordering': ['stage', 'position'],
                    },
                ),
                migrations.CreateModel(
                    name='CanvasRevision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key_partners', models.TextField(blank=True, verbose_name='Key partners')),
                        ('key_activities', models.TextField(blank=True, verbose_name='Key activities')),
                        ('key_resources', models.TextField(blank=True, verbose_name='Key resources')),
                        ('value_propositions', models.TextField(blank=True, verbose_name='Value propositions')),
                        ('customer_relationships', models.TextField(blank=True, verbose_name='Customer relationships')),
                        ('channels', models.TextField(blank=True, verbose_name='Channels')),
                        ('customer_segments', models.TextField(blank=True, verbose_name='Customer segments')),
                        ('cost_structure', models.TextField(blank=True, verbose_name='Cost structure')),
                        ('revenue_streams', models.TextField(blank=True, verbose_name='Revenue streams')),
                        ('number', models.PositiveIntegerField()),
                        ('created_at', models.DateTimeField(verbose_name='created at')),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('canvas', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='incubator.canvas')),
                    ],
                    options={
                        'verbose_name': 'canvas revision',
                        'verbose_name_plural': 'canvas revisions',
                        'db_table': 'projects_canvasrevision',
                        'ordering': ['canvas', '-number'],
                        'constraints': [models.UniqueConstraint(fields=('canvas', 'number'), name='canvas_revision_once')],
                    },
                ),
                migrations.CreateModel(
                    name='ChecklistTick',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('done_at', models.DateTimeField(verbose_name='done at')),
                        ('done_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ticks', to='incubator.checklistitem')),
                        ('incubation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ticks', to='incubator.incubation')),
                    ],
                    options={
                        'verbose_name': 'checklist tick',
                        'verbose_name_plural': 'checklist ticks',
                        'db_table': 'projects_checklisttick',
                        'ordering': ['incubation', 'item'],
                        'constraints': [models.UniqueConstraint(fields=('incubation', 'item'), name='checklist_tick_once')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='programme',
                    constraint=models.UniqueConstraint(fields=('place', 'name'), name='programme_name_once_per_place'),
                ),
                migrations.AddConstraint(
                    model_name='stage',
                    constraint=models.UniqueConstraint(fields=('programme', 'position'), name='stage_position_once'),
                ),
                migrations.AddIndex(
                    model_name='incubation',
                    index=models.Index(fields=['programme', 'cohort'], name='incubation_cohort_idx'),
                ),
                migrations.AddConstraint(
                    model_name='checklistitem',
                    constraint=models.UniqueConstraint(fields=('stage', 'position'), name='checklist_position_once'),
                ),
            ],
            database_operations=[],
        ),
        relabel_models('projects', 'incubator', MOVED),
    ]
