"""Contact form fields become translatable with their page (wagtail-localize).

Existing rows take their page's locale; the copies of one field on a page's translations share a
translation key (matched by page translation key and `clean_name`, which translations keep).
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def give_fields_a_locale_and_key(apps, schema_editor):
    ContactFormField = apps.get_model("pages", "ContactFormField")
    keys: dict[tuple, uuid.UUID] = {}
    rows = ContactFormField.objects.order_by("pk").values_list(
        "pk", "clean_name", "page__translation_key", "page__locale_id"
    )
    for pk, clean_name, page_key, locale_id in rows:
        key = keys.setdefault((page_key, clean_name or f"pk-{pk}"), uuid.uuid4())
        ContactFormField.objects.filter(pk=pk).update(translation_key=key, locale_id=locale_id)

class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_hero_heading_and_link_help"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="contactformfield",
            options={
                "ordering": ["sort_order"],
                "verbose_name": "form field",
                "verbose_name_plural": "form fields",
            },
        ),
        migrations.AddField(
            model_name="contactformfield",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="contactformfield",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_fields_a_locale_and_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="contactformfield",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="contactformfield",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="contactformfield",
            unique_together={("translation_key", "locale")},
        ),
    ]
