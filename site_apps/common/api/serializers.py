"""What every serializer that reads a request body starts from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers


class KnownFieldsOnly:
    """A request body may name only the serializer's fields. DRF ignores any other name, so a
    misspelt one (`{"nmae": "Acme"}`) answered 200 with nothing changed; now it is a 400
    validation error on that name. Read-only fields are known: a client that sends back what
    it read (`id`, `created_at`) is not refused, and they are still not written."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            known = self.fields  # type: ignore[attr-defined]  # the serializer's, beside this
            unknown = sorted(str(name) for name in data if name not in known)
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("This field is unknown here.")] for name in unknown}
                )
        return super().to_internal_value(data)  # type: ignore[misc]
