"""`Plan` moves into billing (see billing 0002): it leaves this app's state only; its table
(`pricing_plan`) and rows stay, now billing's."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('pricing', '0004_plan_limits_help'),
        ('billing', '0002_plan_from_pricing'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Plan')],
            database_operations=[],
        ),
    ]
