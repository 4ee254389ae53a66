"""The API's JSON parser: DRF's, with the limits of `site_apps.security.payloads` (no deep
nesting, no NUL characters), so a hostile body is a 400 `parse_error`, never a 500."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from site_apps.security.payloads import InvalidPayload, parse_json


class SafeJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read() if stream is not None else b""
        try:
            return parse_json(raw.decode(encoding) if isinstance(raw, bytes) else raw)
        except UnicodeDecodeError as error:
            raise ParseError(f"JSON parse error - {error}") from None
        except InvalidPayload as error:
            raise ParseError(f"JSON parse error - {error}") from None
