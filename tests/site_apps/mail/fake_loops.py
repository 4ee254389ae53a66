"""A small local HTTP server speaking Loops' transactional API wire format, for tests.

It checks what Loops checks (bearer key, JSON body with `transactionalId` and `email`) and
answers like Loops does: `{"success": true}`, or `{"success": false, "path": ..., "message":
...}` with a 4xx. Tests script the next answers (`replies`) and read what arrived (`requests`).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

API_KEY = "loops-test-key"


@dataclass
class Reply:
    status: int = 200
    body: dict[str, Any] | None = None
    delay: float = 0.0


@dataclass
class FakeLoops:
    url: str = ""
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    seen_keys: set[str] = field(default_factory=set)


def handler_for(state: FakeLoops) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout test)

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = json.loads(raw or b"{}")
            key = self.headers.get("Idempotency-Key", "")
            state.requests.append({"path": self.path, "headers": dict(self.headers), "json": body})
            reply = state.replies.pop(0) if state.replies else Reply()
            if reply.delay:
                time.sleep(reply.delay)
            if self.path != "/api/v1/transactional":
                return self.answer(404, {"success": False, "message": "Not found"})
            if self.headers.get("Authorization") != f"Bearer {API_KEY}":
                return self.answer(401, {"success": False, "message": "Invalid API key"})
            if key and key in state.seen_keys and reply.status < 300:
                return self.answer(
                    409, {"success": False, "message": "Idempotency key has been used"}
                )
            missing = [name for name in ("transactionalId", "email") if not body.get(name)]
            if missing:
                return self.answer(
                    400,
                    {"success": False, "path": missing[0], "message": f"{missing[0]} is required"},
                )
            if reply.status < 300 and key:
                state.seen_keys.add(key)
            self.answer(reply.status, reply.body or {"success": reply.status < 300})

    return Handler


@contextmanager
def fake_loops() -> Iterator[FakeLoops]:
    state = FakeLoops()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}/api/v1"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
