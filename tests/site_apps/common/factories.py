from __future__ import annotations

import factory

from site_apps.common.models import Note
from tests.site_apps.teams.factories import TeamFactory


class NoteFactory(factory.django.DjangoModelFactory[Note]):
    """A staff note, on a team unless given another `target`."""

    class Meta:
        model = Note

    target = factory.SubFactory(TeamFactory)
    text = "Checked with legal."
