"""A fake model provider speaking OpenAI's chat-completions wire format, with set answers.

`AI_PROVIDER=fake` (the development and test default) sends the gateway's real OpenAI SDK
requests here through an in-process WSGI transport, so `make run` shows every AI feature with
no key and no network. Tests also serve it on a real socket (`serve()`) to try timeouts.

Answers are deterministic, so tests can assert them:
- a translation request (JSON mode, a `strings` list) answers `[xx] <string>` for each string,
  `xx` being the target language code the request names;
- a request carrying an image answers a title or an alt text naming the image's size;
- a content-feedback request (JSON mode, anything else) answers a fixed, schema-valid review;
- any other request answers the last user message followed by `FAKE_MARK`.
"""

from __future__ import annotations

import base64
import io
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from PIL import Image

FAKE_MARK = "(suggested by the fake AI provider)"
FAKE_MODEL = "lumen-fake-1"
_TARGET_LANGUAGE = re.compile(r"target language code: ([A-Za-z-]+)", re.IGNORECASE)


class FakeProvider:
    """The WSGI application. `delay` (seconds) and `status` make it slow or failing."""

    def __init__(self) -> None:
        self.delay = 0.0
        self.status = 200
        self.requests: list[dict[str, Any]] = []

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] != "POST" or not environ["PATH_INFO"].endswith(
            "/chat/completions"
        ):
            return self._json(start_response, 404, _error("Unknown path", "not_found"))
        if not environ.get("HTTP_AUTHORIZATION", "").startswith("Bearer "):
            return self._json(start_response, 401, _error("No API key", "invalid_api_key"))
        length = int(environ.get("CONTENT_LENGTH") or 0)
        try:
            body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        except ValueError:
            return self._json(start_response, 400, _error("Body is not JSON", "invalid_json"))
        self.requests.append(body)
        if self.delay:
            time.sleep(self.delay)
        if self.status != 200:
            return self._json(start_response, self.status, _error("Fake failure", "server_error"))
        reply = answer(body.get("messages", []), json_mode=_wants_json(body))
        prompt_chars = len(json.dumps(body.get("messages", [])))
        return self._json(
            start_response,
            200,
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": 0,
                "model": body.get("model") or FAKE_MODEL,
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": reply},
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_chars // 4,
                    "completion_tokens": len(reply) // 4,
                    "total_tokens": prompt_chars // 4 + len(reply) // 4,
                },
            },
        )

    @staticmethod
    def _json(
        start_response: Callable[..., Any], status: int, payload: dict[str, Any]
    ) -> list[bytes]:
        data = json.dumps(payload).encode()
        reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found"}
        start_response(
            f"{status} {reason.get(status, 'Error')}",
            [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
        )
        return [data]


def _error(message: str, code: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "code": code}}


def _wants_json(body: dict[str, Any]) -> bool:
    return (body.get("response_format") or {}).get("type") in ("json_object", "json_schema")


def _texts(message: dict[str, Any]) -> list[str]:
    content = message.get("content")
    if isinstance(content, str):
        return [content]
    return [part.get("text", "") for part in content or [] if part.get("type") == "text"]


def _image_urls(messages: list[dict[str, Any]]) -> list[str]:
    urls = []
    for message in messages:
        if isinstance(message.get("content"), list):
            urls += [
                part["image_url"]["url"]
                for part in message["content"]
                if part.get("type") == "image_url"
            ]
    return urls


def _image_size(data_url: str) -> str:
    try:
        raw = base64.b64decode(data_url.split(",", 1)[1])
        with Image.open(io.BytesIO(raw)) as image:
            return f"{image.width}x{image.height}"
    except (IndexError, ValueError, OSError):
        return "unknown-size"


def answer(messages: list[dict[str, Any]], *, json_mode: bool) -> str:
    """The fake's reply to a conversation (see the module's docstring)."""
    all_text = "\n".join(text for message in messages for text in _texts(message))
    user_texts = [text for m in messages if m.get("role") == "user" for text in _texts(m)]
    if json_mode and (language := _TARGET_LANGUAGE.search(all_text)):
        try:
            strings = json.loads(user_texts[-1])["strings"]
        except (IndexError, ValueError, KeyError, TypeError):
            strings = []
        code = language.group(1)
        return json.dumps({"translations": [f"[{code}] {s}" for s in strings]})
    if images := _image_urls(messages):
        size = _image_size(images[0])
        if "title" in all_text.lower():
            return f"Fake title for a {size} image"
        return f"Fake alt text: a {size} image"
    if json_mode:
        return json.dumps(
            {
                "quality_score": 2,
                "qualitative_feedback": ["The fake AI provider read this content."],
                "specific_improvements": [],
            }
        )
    last = user_texts[-1] if user_texts else ""
    return f"{last.strip()} {FAKE_MARK}".strip()


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadedServer(WSGIServer):
    daemon_threads = True

    def process_request(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: tuple[str, int]
    ) -> None:
        thread = threading.Thread(target=self._handle, args=(request, client_address), daemon=True)
        thread.start()

    def _handle(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: tuple[str, int]
    ) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)


def serve(provider: FakeProvider, host: str = "127.0.0.1", port: int = 0) -> WSGIServer:
    """Serve the fake on a real socket in a background thread; `server.shutdown()` stops it."""
    server = make_server(
        host, port, provider, server_class=_ThreadedServer, handler_class=_QuietHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# The instance `AI_PROVIDER=fake` answers from.
provider = FakeProvider()
