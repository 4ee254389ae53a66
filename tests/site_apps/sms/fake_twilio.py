"""A small local HTTP server speaking Twilio's Messaging API wire format, for tests.

The real `twilio` SDK talks to it (TWILIO_API_BASE): `POST /2010-04-01/Accounts/{AccountSid}/
Messages.json` with HTTP basic auth (account SID and auth token) and a form-encoded body (`To`,
`From` or `MessagingServiceSid`, `Body`, `StatusCallback`), answered with a Message resource of
Twilio's shape (201) or Twilio's error envelope (`code`, `message`, `more_info`, `status`).

Tests make Twilio misbehave with `fail_next(status, code, message)` and `delay` (seconds before
answering, to run past the SDK's timeout), and report delivery with `callback(...)`, which posts
the parameters Twilio sends to a StatusCallback, signed the way Twilio signs them:
`X-Twilio-Signature` = base64(HMAC-SHA1(auth token, URL + each parameter's name and value,
sorted by name)), computed here without the SDK.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import math
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "test_auth_token_0123456789abcdef"
FROM_NUMBER = "+15005550006"
MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC[0-9a-f]{32})/Messages\.json$")
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def signature(url: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    """Twilio's X-Twilio-Signature for a POST of `params` to `url`."""
    text = url + "".join(f"{name}{params[name]}" for name in sorted(params))
    digest = hmac.new(token.encode(), text.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def segments(body: str) -> int:
    """How many SMS parts Twilio bills: 160 GSM-7 characters (153 when split), else 70 UCS-2
    characters (67 when split)."""
    single, split = (160, 153) if set(body) <= GSM_BASIC else (70, 67)
    return 1 if len(body) <= single else math.ceil(len(body) / split)


@dataclass
class FakeTwilio:
    url: str = ""
    messages: dict[str, dict] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    failures: list[tuple[int, int, str]] = field(default_factory=list)
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def fail_next(self, status: int = 500, code: int = 20500, message: str = "") -> None:
        self.failures.append((status, code, message or "An internal server error has occurred"))

    def sent(self) -> list[dict[str, str]]:
        """The form bodies of the messages created, in order."""
        return [r["form"] for r in self.requests if r["method"] == "POST"]

    def create_message(self, account_sid: str, form: dict[str, str]) -> tuple[int, dict]:
        if not form.get("To"):
            return error(400, 21604, "A 'To' phone number is required.")
        if not (form.get("From") or form.get("MessagingServiceSid")):
            return error(400, 21603, "A 'From' phone number is required.")
        if not form.get("Body"):
            return error(400, 21602, "Message body is required.")
        if not re.fullmatch(r"\+[1-9]\d{6,14}", form["To"]):
            return error(400, 21211, f"Invalid 'To' Phone Number: {form['To']}")
        sid = f"SM{next(self.counter):08x}{secrets.token_hex(12)}"
        now = formatdate(usegmt=False)
        message = {
            "account_sid": account_sid,
            "api_version": "2010-04-01",
            "body": form["Body"],
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "num_media": "0",
            "num_segments": str(segments(form["Body"])),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "accepted" if form.get("MessagingServiceSid") else "queued",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}/Media.json"
            },
            "to": form["To"],
            "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json",
            "_status_callback": form.get("StatusCallback", ""),
        }
        self.messages[sid] = message
        return 201, {k: v for k, v in message.items() if not k.startswith("_")}

    def callback(
        self, client: Any, sid: str, status: str, *, url: str, error_code: str = "", **extra: Any
    ) -> Any:
        """POST Twilio's status callback for message `sid` to `url` (an absolute URL: the one
        Twilio was given), signed with Twilio's scheme, through Django's test client."""
        message = self.messages[sid]
        params = {
            "AccountSid": message["account_sid"],
            "ApiVersion": "2010-04-01",
            "From": message["from"] or "",
            "MessageSid": sid,
            "MessageStatus": status,
            "SmsSid": sid,
            "SmsStatus": status,
            "To": message["to"],
        }
        if error_code:
            params["ErrorCode"] = error_code
        headers = {"X-Twilio-Signature": signature(url, params)} | extra.pop("headers", {})
        path = re.sub(r"^https?://[^/]+", "", url)
        return client.post(path, params, headers=headers, **extra)


def error(status: int, code: int, message: str) -> tuple[int, dict]:
    return status, {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def handler_for(state: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def answer(self, status: int, body: dict) -> None:
            raw = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(raw)))
                self.send_header("Twilio-Request-Id", f"RQ{secrets.token_hex(16)}")
                self.end_headers()
                self.wfile.write(raw)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout test)

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            form = dict(parse_qsl(raw, keep_blank_values=True))
            with state.lock:
                state.requests.append(
                    {
                        "method": "POST",
                        "path": self.path,
                        "form": form,
                        "authorization": self.headers.get("Authorization", ""),
                        "user_agent": self.headers.get("User-Agent", ""),
                    }
                )
                failure = state.failures.pop(0) if state.failures else None
                delay = state.delay
            if delay:
                time.sleep(delay)
            if failure:
                return self.answer(*error(*failure))
            if self.headers.get("Authorization") != expected:
                return self.answer(*error(401, 20003, "Authenticate"))
            match = MESSAGES_PATH.match(self.path)
            if not match:
                return self.answer(*error(404, 20404, "The requested resource was not found"))
            with state.lock:
                self.answer(*state.create_message(match["sid"], form))

    return Handler


@contextmanager
def fake_twilio() -> Iterator[FakeTwilio]:
    state = FakeTwilio()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
