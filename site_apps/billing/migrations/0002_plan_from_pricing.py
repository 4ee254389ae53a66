"""The editors' `Plan` moves from the pricing page app (cms.pricing) into billing, which owns
"a plan with its prices".

Nothing moves in the database: the table keeps its name (`pricing_plan`, see the model's
`db_table`), so the rows stay where they are. Only Django's state moves (this CreateModel and
pricing 0005's DeleteModel are state-only), and the content type `pricing.plan` is relabelled
`billing.plan`, keeping its id: the Wagtail revisions, drafts, translation sources, locks, logs,
search entries and permissions that point at that id stay valid.
"""

import django.core.validators
import django.db.models.deletion
import modelsearch.index
import uuid
import wagtail.models.preview
from decimal import Decimal
from django.contrib.contenttypes.models import ContentType as CurrentContentType
from django.db import migrations, models


def _relabel(apps, schema_editor, old_label, new_label):
    """Give the plan's content type its new app label (the same row, so the same id). On a new
    database there is none yet: `migrate` creates it for billing afterwards."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if types.filter(app_label=new_label, model="plan").exists():
        if types.filter(app_label=old_label, model="plan").exists():
            raise RuntimeError(
                f"Both content types {old_label}.plan and {new_label}.plan exist: the revisions "
                f"and translations point at {old_label}.plan. Delete the unused {new_label}.plan "
                "(nothing can point at it yet) and migrate again."
            )
        return
    types.filter(app_label=old_label, model="plan").update(app_label=new_label)
    # The running process caches content types by label: forget them.
    CurrentContentType.objects.clear_cache()


def plan_to_billing(apps, schema_editor):
    _relabel(apps, schema_editor, "pricing", "billing")


def plan_to_pricing(apps, schema_editor):
    _relabel(apps, schema_editor, "billing", "pricing")


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('pricing', '0004_plan_limits_help'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Plan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                        ('live', models.BooleanField(default=True, editable=False, verbose_name='live')),
                        ('has_unpublished_changes', models.BooleanField(default=False, editable=False, verbose_name='has unpublished changes')),
                        ('first_published_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='first published at')),
                        ('last_published_at', models.DateTimeField(editable=False, null=True, verbose_name='last published at')),
                        ('go_live_at', models.DateTimeField(blank=True, null=True, verbose_name='go live date/time')),
                        ('expire_at', models.DateTimeField(blank=True, null=True, verbose_name='expiry date/time')),
                        ('expired', models.BooleanField(default=False, editable=False, verbose_name='expired')),
                        ('name', models.CharField(max_length=60, verbose_name='name')),
                        ('slug', models.SlugField(help_text='starter, team or business: the plan whose limits the site enforces and lists (site_apps/billing/plans.py).', max_length=60, verbose_name='slug')),
                        ('tagline', models.CharField(blank=True, max_length=160, verbose_name='tagline')),
                        ('features', models.TextField(blank=True, help_text="One feature per line, shown with a check mark after the limits the plan's slug gives (members, API, uploads): do not repeat those here.", verbose_name='features')),
                        ('highlighted', models.BooleanField(default=False, help_text='Shown as the recommended plan.', verbose_name='highlighted')),
                        ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='sort order')),
                        ('cta_label', models.CharField(default='Get started', max_length=40, verbose_name='button label')),
                        ('currency', models.CharField(choices=[('USD', 'USD ($)'), ('EUR', 'EUR (€)'), ('GBP', 'GBP (£)')], default='USD', max_length=3, verbose_name='currency')),
                        ('monthly_amount', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=8, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='monthly price')),
                        ('stripe_monthly_price_id', models.CharField(blank=True, help_text='price_... of the monthly price in Stripe; empty: not sold monthly.', max_length=255, verbose_name='Stripe monthly price id')),
                        ('stripe_yearly_price_id', models.CharField(blank=True, help_text='price_... of the yearly price in Stripe; empty: not sold yearly.', max_length=255, verbose_name='Stripe yearly price id')),
                        ('yearly_amount', models.DecimalField(decimal_places=2, default=Decimal('0'), help_text='The price for a whole year.', max_digits=9, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='yearly price')),
                        ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                        ('live_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='live revision')),
                        ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                    ],
                    options={
                        'verbose_name': 'plan',
                        'verbose_name_plural': 'plans',
                        'db_table': 'pricing_plan',
                        'ordering': ['sort_order', 'monthly_amount'],
                        'abstract': False,
                        'unique_together': {('slug', 'locale'), ('translation_key', 'locale')},
                    },
                    bases=(wagtail.models.preview.PreviewableMixin, modelsearch.index.Indexed, models.Model),
                ),
            ],
            database_operations=[],  # the table exists: pricing 0001 created it
        ),
        migrations.RunPython(plan_to_billing, plan_to_pricing),
    ]
