"""Every model of the project has a factory, and each factory makes a valid saved row."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db.models import Model

from tests.factories import FACTORIES, PROJECT_PACKAGES


def project_models() -> list[type[Model]]:
    return [model for model in apps.get_models() if model.__module__.startswith(PROJECT_PACKAGES)]


def test_every_project_model_has_a_factory() -> None:
    made = {factory._meta.model for factory in FACTORIES}
    missing = [model._meta.label for model in project_models() if model not in made]
    assert missing == []
    assert len(made) == len(FACTORIES), "two factories make the same model"


@pytest.mark.parametrize(
    "factory", FACTORIES, ids=[factory._meta.model._meta.label for factory in FACTORIES]
)
def test_each_factory_makes_a_valid_saved_row(db, factory) -> None:
    instance = factory.create()
    assert instance.pk is not None
    stored = type(instance)._default_manager.get(pk=instance.pk)
    stored.full_clean()
