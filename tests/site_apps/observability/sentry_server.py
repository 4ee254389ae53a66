"""A local HTTP server that speaks Sentry's envelope ingestion protocol.

sentry-sdk is pointed at it with a DSN such as http://public@127.0.0.1:PORT/1, so tests use the
real SDK and its real transport, and can read every event it sends.
"""

from __future__ import annotations

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import brotli


def parse_envelope(raw: bytes) -> list[tuple[dict[str, Any], Any]]:
    """The (item header, payload) pairs of an envelope; JSON payloads decoded."""
    items: list[tuple[dict[str, Any], Any]] = []
    _, _, rest = raw.partition(b"\n")  # the envelope header
    while rest.strip():
        header_line, _, rest = rest.partition(b"\n")
        header = json.loads(header_line)
        if "length" in header:
            payload, rest = rest[: header["length"]], rest[header["length"] + 1 :]
        else:
            payload, _, rest = rest.partition(b"\n")
        try:
            items.append((header, json.loads(payload)))
        except ValueError:
            items.append((header, payload))
    return items


class SentryServer:
    def __init__(self) -> None:
        self.envelopes: list[bytes] = []
        self.items: list[tuple[dict[str, Any], Any]] = []
        received = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                # The SDK compresses with Brotli when the brotli package is installed (it is:
                # static files), else with gzip; Sentry's ingestion accepts both.
                encoding = self.headers.get("Content-Encoding")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "br":
                    body = brotli.decompress(body)
                assert self.path.endswith("/envelope/"), self.path
                received.envelopes.append(body)
                received.items.extend(parse_envelope(body))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def dsn(self) -> str:
        return f"http://publickey@127.0.0.1:{self.httpd.server_address[1]}/1"

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [payload for header, payload in self.items if header.get("type") == kind]

    @property
    def events(self) -> list[dict[str, Any]]:
        return self.of_type("event")

    def raw_text(self) -> str:
        return b"\n".join(self.envelopes).decode("utf-8", errors="replace")

    def __enter__(self) -> SentryServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
