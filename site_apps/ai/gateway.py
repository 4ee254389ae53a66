"""The one module that talks to a model provider, through OpenAI's own SDK.

Why the `openai` SDK rather than the `llm` library: OpenAI's chat-completions format is the one
nearly every provider and local server speaks (OpenAI, Azure OpenAI, Mistral, Groq, OpenRouter,
Together, Gemini's and Anthropic's compatibility endpoints, Ollama, vLLM, LM Studio), so one
`AI_BASE_URL` reaches any of them; and the SDK takes a timeout and a retry count per client,
which `llm` does not expose (its OpenAI client would wait the SDK's default ten minutes, twice
retried, while an editor stares at a spinner).

`AI_PROVIDER=fake` routes the same SDK requests to `fake.provider` in process (no socket).
The gateway returns a typed `Reply` and raises `ProviderError`; callers never see SDK objects.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache
from typing import Any

import httpx2
import openai
from django.conf import settings

FAKE_BASE_URL = "http://fake-ai.invalid/v1"


@dataclass(frozen=True)
class Reply:
    text: str
    model: str
    input_tokens: int
    output_tokens: int
    duration_ms: int


class ProviderError(Exception):
    """The provider did not give an answer; the message is safe to log, not to show."""

    def __init__(self, message: str, *, timed_out: bool = False, duration_ms: int = 0) -> None:
        super().__init__(message)
        self.timed_out = timed_out
        self.duration_ms = duration_ms


def is_configured() -> bool:
    return bool(settings.AI_ENABLED)


def model_name(*, vision: bool = False) -> str:
    if settings.AI_PROVIDER == "fake":
        # imported here: the fake provider loads only when it is configured (development, tests)
        from site_apps.ai.fake import FAKE_MODEL

        return FAKE_MODEL
    return settings.AI_VISION_MODEL if vision else settings.AI_MODEL


@cache
def _client(provider: str, base_url: str, api_key: str, timeout: float) -> openai.OpenAI:
    limits = openai.Timeout(timeout, connect=min(timeout, 5.0))
    if provider == "fake":
        # imported here: the fake provider loads only when it is configured (development, tests)
        from site_apps.ai import fake

        # The SDK's own HTTP client (httpx2), its transport handing requests to the fake.
        transport = httpx2.WSGITransport(app=fake.provider)
        return openai.OpenAI(
            api_key="fake-key",
            base_url=FAKE_BASE_URL,
            max_retries=0,
            timeout=limits,
            http_client=openai.DefaultHttpxClient(transport=transport, timeout=limits),
        )
    # No retries: an editor waits for this call, and a retry would double the wait and the cost.
    return openai.OpenAI(api_key=api_key, base_url=base_url, max_retries=0, timeout=limits)


def complete(
    messages: list[dict[str, Any]], *, vision: bool = False, json_output: bool = False
) -> Reply:
    """Ask the configured model to continue `messages` (OpenAI's message shape)."""
    client = _client(
        settings.AI_PROVIDER, settings.AI_BASE_URL, settings.AI_API_KEY, settings.AI_TIMEOUT
    )
    model = model_name(vision=vision)
    extra: dict[str, Any] = {"response_format": {"type": "json_object"}} if json_output else {}
    started = time.monotonic()
    try:
        response = client.chat.completions.create(
            model=model,
            messages=messages,  # type: ignore[arg-type]
            **extra,
        )
    except openai.APITimeoutError as error:
        raise ProviderError(
            f"no answer within {settings.AI_TIMEOUT:g}s", timed_out=True, duration_ms=_ms(started)
        ) from error
    except openai.APIStatusError as error:
        raise ProviderError(
            f"provider answered HTTP {error.status_code}", duration_ms=_ms(started)
        ) from error
    except openai.APIError as error:
        raise ProviderError(
            f"provider unreachable: {type(error).__name__}", duration_ms=_ms(started)
        ) from error
    choice = response.choices[0] if response.choices else None
    text = (choice.message.content if choice else None) or ""
    usage = response.usage
    return Reply(
        text=text.strip(),
        model=response.model or model,
        input_tokens=usage.prompt_tokens if usage else 0,
        output_tokens=usage.completion_tokens if usage else 0,
        duration_ms=_ms(started),
    )


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
