"""`Plan` moved from the pricing page app into billing (billing 0002, pricing 0005): the rows,
their content type id, and the Wagtail revisions and wagtail-localize sources that point at it
must all survive the move, on a database that had plans before it."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import Locale, Revision
from wagtail_localize.models import TranslationSource

from site_apps.billing.models import Plan
from site_apps.billing.offers import plans_with_prices
from tests.site_apps.accounts.factories import UserFactory

BEFORE = [("billing", "0001_initial"), ("pricing", "0004_plan_limits_help")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_plans_with_revisions_and_translation_sources_survive_the_move(home_page) -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    # Every app at its latest migration but billing and pricing, which go back before the move.
    before = [node for node in latest if node[0] not in ("billing", "pricing")] + BEFORE
    old_type_id = ContentType.objects.get_for_model(Plan).pk
    executor = _migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        OldType = old.get_model("contenttypes", "ContentType")
        plan_type = OldType.objects.get(app_label="pricing", model="plan")
        assert plan_type.pk == old_type_id  # the move back relabelled the same row
        OldPlan = old.get_model("pricing", "Plan")
        OldRevision = old.get_model("wagtailcore", "Revision")
        OldObject = old.get_model("wagtail_localize", "TranslatableObject")
        OldSource = old.get_model("wagtail_localize", "TranslationSource")
        locale_id = old.get_model("wagtailcore", "Locale").objects.get(language_code="en").pk
        key = uuid.uuid4()
        plan = OldPlan.objects.create(
            name="Team",
            slug="team",
            locale_id=locale_id,
            translation_key=key,
            monthly_amount=Decimal("29.00"),
            stripe_monthly_price_id="price_team_monthly",
            live=True,
            has_unpublished_changes=True,
        )
        draft = OldRevision.objects.create(
            content_type=plan_type,
            base_content_type=plan_type,
            object_id=str(plan.pk),
            created_at=timezone.now(),
            content={"pk": plan.pk, "name": "Team (draft)", "slug": "team"},
            object_str="Team (draft)",
        )
        plan.latest_revision_id = draft.pk
        plan.save(update_fields=["latest_revision"])
        translatable = OldObject.objects.create(translation_key=key, content_type=plan_type)
        OldSource.objects.create(
            object=translatable,
            specific_content_type=plan_type,
            locale_id=locale_id,
            object_repr="Team",
            content_json=json.dumps({"pk": plan.pk, "name": "Team"}),
            last_updated_at=timezone.now(),
        )
    finally:
        _migrate(latest)  # forward again: the move under test
    ContentType.objects.clear_cache()

    moved = Plan.objects.get(slug="team")
    assert (moved.name, moved.monthly_amount) == ("Team", Decimal("29.00"))
    assert ContentType.objects.get_for_model(Plan).pk == old_type_id
    assert not ContentType.objects.filter(app_label="pricing", model="plan").exists()
    # The draft is still the plan's latest revision, and reads back as a billing Plan.
    revision = Revision.objects.get(pk=moved.latest_revision_id)
    assert revision.content_object == moved
    assert revision.as_object().name == "Team (draft)"
    assert list(moved.revisions.all()) == [revision]
    # wagtail-localize's source still resolves to the plan, in the source locale.
    source = TranslationSource.objects.get(object_id=moved.translation_key)
    assert source.get_source_instance() == moved
    assert source.object.get_instance(Locale.objects.get(language_code="en")) == moved
    # And the site reads it as before.
    assert [offer.plan for offer in plans_with_prices()] == [moved]


@pytest.mark.django_db
def test_editors_find_the_plans_at_their_old_admin_urls(client, home_page) -> None:
    """The snippet is billing's now; its admin pages stay under /admin/snippets/pricing/plan/."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    plan = Plan.objects.create(name="Team", slug="team", locale=Locale.get_default())
    plan.save_revision().publish()
    assert client.get("/admin/snippets/pricing/plan/").status_code == 200
    edit = client.get(f"/admin/snippets/pricing/plan/edit/{plan.pk}/")
    assert edit.status_code == 200
    assert b'name="name"' in edit.content
    history = client.get(f"/admin/snippets/pricing/plan/history/{plan.pk}/")
    assert history.status_code == 200
