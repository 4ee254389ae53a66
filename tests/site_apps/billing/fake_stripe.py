"""A small local HTTP server speaking Stripe's API wire format, for tests.

The real `stripe` SDK talks to it (STRIPE_API_BASE): form-encoded POST bodies with bracketed
keys, bearer API key, `Idempotency-Key` headers replayed like Stripe does, JSON objects of
Stripe's shapes (customer, checkout.session, billing_portal.session, price, product,
subscription, invoice, event, list) and Stripe's error envelope. It also serves stand-ins for
the hosted Checkout and portal pages, so a browser can "pay" and come back to the success URL.

Tests change Stripe's side through the helpers (`add_price`, `complete_checkout`,
`update_subscription`, `cancel_subscription`) which, like Stripe, append the events that
change produced to `events`; `signed(event)` gives a body and a `Stripe-Signature` header made
with Stripe's scheme: `t=<unix time>,v1=<hex HMAC-SHA256 of "t.body" with the secret>`.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import html
import itertools
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

API_KEY = "sk_test_fake_0123456789"
WEBHOOK_SECRET = "whsec_test_fake_secret"
API_VERSION = "2026-10-28.endive"
DAY = 86400


def sign(body: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A Stripe-Signature header for `body`, made the way Stripe makes it."""
    stamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"


def parse_form(raw: str) -> dict[str, Any]:
    """Stripe's form encoding (`a[b][0][c]=x`) back into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(raw, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def listify(value: Any) -> Any:
        if isinstance(value, dict):
            value = {k: listify(v) for k, v in value.items()}
            if value and all(k.isdigit() for k in value):
                return [value[k] for k in sorted(value, key=int)]
        return value

    return listify(root)


class StripeError(Exception):
    def __init__(self, status: int, message: str, code: str = "", param: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.param = status, message, code, param


@dataclass
class FakeStripe:
    url: str = ""
    customers: dict[str, dict] = field(default_factory=dict)
    products: dict[str, dict] = field(default_factory=dict)
    prices: dict[str, dict] = field(default_factory=dict)
    sessions: dict[str, dict] = field(default_factory=dict)
    subscriptions: dict[str, dict] = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    idempotent: dict[str, tuple[int, dict]] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    # Called as each API request arrives (a test looks at what the caller holds meanwhile).
    on_request: Callable[[], None] | None = None

    def new_id(self, prefix: str) -> str:
        """Unique ids of Stripe's look: prefix, underscore, letters and digits."""
        return f"{prefix}_{next(self.counter):06d}{secrets.token_hex(6)}"

    # --- Stripe's side, changed by tests (each change records its events) -----------------

    def emit(self, type_: str, obj: dict, previous: dict | None = None) -> dict:
        event = {
            "id": self.new_id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": int(time.time()),
            "data": {
                "object": copy.deepcopy(obj),
                **({"previous_attributes": previous} if previous else {}),
            },
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": type_,
        }
        self.events.append(event)
        return event

    def add_product(self, name: str) -> dict:
        with self.lock:
            now = int(time.time())
            product = {
                "id": self.new_id("prod"),
                "object": "product",
                "active": True,
                "created": now,
                "default_price": None,
                "description": None,
                "images": [],
                "livemode": False,
                "marketing_features": [],
                "metadata": {},
                "name": name,
                "type": "service",
                "updated": now,
                "url": None,
            }
            self.products[product["id"]] = product
            self.emit("product.created", product)
            return product

    def add_price(
        self, product: dict, unit_amount: int, interval: str = "month", currency: str = "usd"
    ) -> dict:
        with self.lock:
            price = {
                "id": self.new_id("price"),
                "object": "price",
                "active": True,
                "billing_scheme": "per_unit",
                "created": int(time.time()),
                "currency": currency,
                "livemode": False,
                "lookup_key": None,
                "metadata": {},
                "nickname": f"{product['name']} {interval}ly",
                "product": product["id"],
                "recurring": {
                    "interval": interval,
                    "interval_count": 1,
                    "meter": None,
                    "trial_period_days": None,
                    "usage_type": "licensed",
                },
                "tax_behavior": "unspecified",
                "type": "recurring",
                "unit_amount": unit_amount,
                "unit_amount_decimal": str(unit_amount),
            }
            self.prices[price["id"]] = price
            self.emit("price.created", price)
            return price

    def update_price(self, price_id: str, **changes: Any) -> dict:
        with self.lock:
            price = self.prices[price_id]
            previous = {k: price[k] for k in changes}
            price.update(changes)
            self.emit("price.updated", price, previous)
            return price

    def complete_checkout(self, session_id: str) -> dict:
        """The customer paid: the session completes and a subscription starts, with the events
        Stripe sends for that (in Stripe's usual order; tests shuffle them as they like)."""
        with self.lock:
            session = self.sessions[session_id]
            if session["status"] == "complete":
                return self.subscriptions[session["subscription"]]
            now = int(time.time())
            price = self.prices[session["_line_items"][0]["price"]]
            subscription_data = session.get("_subscription_data") or {}
            trial_days = int(subscription_data.get("trial_period_days") or 0)
            trial_end = now + trial_days * DAY if trial_days else None
            sub_id = self.new_id("sub")
            subscription = {
                "id": sub_id,
                "object": "subscription",
                "billing_cycle_anchor": now,
                "cancel_at": None,
                "cancel_at_period_end": False,
                "canceled_at": None,
                "collection_method": "charge_automatically",
                "created": now,
                "currency": price["currency"],
                "customer": session["customer"],
                "default_payment_method": None,
                "ended_at": None,
                "items": {
                    "object": "list",
                    "data": [self._item(sub_id, price, now)],
                    "has_more": False,
                    "total_count": 1,
                    "url": f"/v1/subscription_items?subscription={sub_id}",
                },
                "latest_invoice": None,
                "livemode": False,
                "metadata": dict(subscription_data.get("metadata") or {}),
                "start_date": now,
                "status": "trialing" if trial_end else "active",
                "trial_end": trial_end,
            }
            if trial_end:  # the first period is the trial, as Stripe bills it
                subscription["items"]["data"][0]["current_period_end"] = trial_end
            self.subscriptions[sub_id] = subscription
            paid = "no_payment_required" if trial_end else "paid"
            session.update(status="complete", payment_status=paid, subscription=sub_id)
            self.emit("customer.subscription.created", subscription)
            self.emit("checkout.session.completed", self.public(session))
            self.emit("invoice.paid", self._invoice(subscription, "paid"))
            return subscription

    def _item(self, sub_id: str, price: dict, start: int) -> dict:
        days = 365 if price["recurring"]["interval"] == "year" else 30
        return {
            "id": self.new_id("si"),
            "object": "subscription_item",
            "created": start,
            "current_period_start": start,
            "current_period_end": start + days * DAY,
            "metadata": {},
            "price": copy.deepcopy(price),
            "quantity": 1,
            "subscription": sub_id,
        }

    def _invoice(self, subscription: dict, status: str) -> dict:
        price = subscription["items"]["data"][0]["price"]
        paid = status == "paid"
        return {
            "id": self.new_id("in"),
            "object": "invoice",
            "amount_due": price["unit_amount"],
            "amount_paid": price["unit_amount"] if paid else 0,
            "created": int(time.time()),
            "currency": price["currency"],
            "customer": subscription["customer"],
            "livemode": False,
            "parent": {
                "quote_details": None,
                "subscription_details": {
                    "metadata": subscription["metadata"],
                    "subscription": subscription["id"],
                },
                "type": "subscription_details",
            },
            "status": status if paid else "open",
        }

    def update_subscription(self, sub_id: str, **changes: Any) -> dict:
        """Change a subscription (`price=` switches the plan) and record the update event."""
        with self.lock:
            subscription = self.subscriptions[sub_id]
            previous = {k: subscription.get(k) for k in changes if k != "price"}
            if "price" in changes:
                price = self.prices[changes.pop("price")]
                subscription["items"]["data"] = [self._item(sub_id, price, int(time.time()))]
                previous["items"] = {}
            subscription.update(changes)
            self.emit("customer.subscription.updated", subscription, previous)
            return subscription

    def fail_payment(self, sub_id: str) -> dict:
        with self.lock:
            subscription = self.subscriptions[sub_id]
            subscription["status"] = "past_due"
            self.emit("invoice.payment_failed", self._invoice(subscription, "failed"))
            self.emit("customer.subscription.updated", subscription, {"status": "active"})
            return subscription

    def cancel_subscription(self, sub_id: str) -> dict:
        with self.lock:
            subscription = self.subscriptions[sub_id]
            now = int(time.time())
            subscription.update(status="canceled", canceled_at=now, ended_at=now)
            self.emit("customer.subscription.deleted", subscription)
            return subscription

    def fail(self, path_prefix: str, times: int = 100) -> None:
        """Answer the next `times` requests under `path_prefix` with a 500 (Stripe being down)."""
        self.failures[path_prefix] = times

    def creates(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == "POST"]

    @staticmethod
    def public(obj: dict) -> dict:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    # --- The API ------------------------------------------------------------------------------

    def route(self, method: str, path: str, form: dict[str, Any]) -> tuple[int, dict]:
        parts = [p for p in path.split("/") if p]
        if parts[:1] != ["v1"]:
            raise StripeError(404, f"Unrecognized request URL ({method}: {path}).")
        resource = "/".join(parts[1:])
        if method == "POST" and resource == "customers":
            return 200, self.create_customer(form)
        if method == "POST" and resource == "checkout/sessions":
            return 200, self.create_session(form)
        if method == "POST" and resource == "billing_portal/sessions":
            return 200, self.create_portal(form)
        if method == "GET" and resource in ("prices", "products"):
            store = self.prices if resource == "prices" else self.products
            data = list(store.values())
            return 200, {
                "object": "list",
                "data": data,
                "has_more": False,
                "url": f"/v1/{resource}",
            }
        stores = {
            "customers": ("customer", self.customers),
            "checkout/sessions": ("checkout session", self.sessions),
            "subscriptions": ("subscription", self.subscriptions),
            "prices": ("price", self.prices),
            "products": ("product", self.products),
        }
        if method == "GET" and len(parts) >= 3:
            name, store = stores.get("/".join(parts[1:-1]), ("", {}))
            if name:
                if parts[-1] not in store:
                    raise StripeError(
                        404, f"No such {name}: '{parts[-1]}'", "resource_missing", "id"
                    )
                return 200, self.public(store[parts[-1]])
        raise StripeError(404, f"Unrecognized request URL ({method}: {path}).")

    def create_customer(self, form: dict[str, Any]) -> dict:
        customer = {
            "id": self.new_id("cus"),
            "object": "customer",
            "created": int(time.time()),
            "email": form.get("email"),
            "livemode": False,
            "metadata": form.get("metadata") or {},
            "name": form.get("name"),
        }
        self.customers[customer["id"]] = customer
        return customer

    def create_session(self, form: dict[str, Any]) -> dict:
        for required in ("mode", "success_url", "line_items"):
            if not form.get(required):
                raise StripeError(
                    400, f"Missing required param: {required}.", "parameter_missing", required
                )
        if form["mode"] != "subscription":
            raise StripeError(400, "Only subscription mode is faked.", param="mode")
        items = form["line_items"]
        for item in items:
            if item.get("price") not in self.prices:
                raise StripeError(
                    400,
                    f"No such price: '{item.get('price')}'",
                    "resource_missing",
                    "line_items[0][price]",
                )
        if form.get("customer") and form["customer"] not in self.customers:
            raise StripeError(
                400, f"No such customer: '{form['customer']}'", "resource_missing", "customer"
            )
        session_id = self.new_id("cs_test")
        now = int(time.time())
        session = {
            "id": session_id,
            "object": "checkout.session",
            "allow_promotion_codes": form.get("allow_promotion_codes") == "true",
            "amount_total": self.prices[items[0]["price"]]["unit_amount"],
            "cancel_url": form.get("cancel_url"),
            "client_reference_id": form.get("client_reference_id"),
            "created": now,
            "currency": self.prices[items[0]["price"]]["currency"],
            "customer": form.get("customer"),
            "expires_at": now + DAY,
            "livemode": False,
            "metadata": form.get("metadata") or {},
            "mode": "subscription",
            "payment_status": "unpaid",
            "status": "open",
            "subscription": None,
            "success_url": form["success_url"],
            "url": f"{self.origin}/c/pay/{session_id}",
            "payment_method_collection": form.get("payment_method_collection") or "always",
            "_line_items": items,
            "_subscription_data": form.get("subscription_data") or {},
        }
        self.sessions[session_id] = session
        return self.public(session)

    def create_portal(self, form: dict[str, Any]) -> dict:
        if form.get("customer") not in self.customers:
            raise StripeError(
                400, f"No such customer: '{form.get('customer')}'", "resource_missing", "customer"
            )
        session_id = self.new_id("bps")
        return {
            "id": session_id,
            "object": "billing_portal.session",
            "created": int(time.time()),
            "customer": form["customer"],
            "livemode": False,
            "return_url": form.get("return_url"),
            "url": f"{self.origin}/p/session/{session_id}?return={form.get('return_url', '')}",
        }

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


def handler_for(state: FakeStripe) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def send(
            self, status: int, body: bytes, content_type: str, headers: dict | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Request-Id", f"req_{next(state.counter)}")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def json(self, status: int, body: dict) -> None:
            self.send(status, json.dumps(body).encode(), "application/json")

        def api(self, method: str) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            path, _, query = self.path.partition("?")
            form = parse_form(raw if method == "POST" else query)
            key = self.headers.get("Idempotency-Key", "")
            if state.on_request is not None:
                state.on_request()
            with state.lock:
                state.requests.append(
                    {
                        "method": method,
                        "path": path,
                        "form": form,
                        "idempotency_key": key,
                        "stripe_version": self.headers.get("Stripe-Version", ""),
                    }
                )
                for prefix, left in state.failures.items():
                    if path.startswith(prefix) and left > 0:
                        state.failures[prefix] = left - 1
                        return self.json(
                            500, {"error": {"type": "api_error", "message": "Fake outage."}}
                        )
                if self.headers.get("Authorization") != f"Bearer {API_KEY}":
                    return self.json(
                        401,
                        {
                            "error": {
                                "type": "invalid_request_error",
                                "message": "Invalid API Key provided.",
                            }
                        },
                    )
                if method == "POST" and key in state.idempotent:
                    status, body = state.idempotent[key]
                    return self.send(
                        status,
                        json.dumps(body).encode(),
                        "application/json",
                        {"Idempotent-Replayed": "true"},
                    )
                try:
                    status, body = state.route(method, path, form)
                except StripeError as error:
                    status = error.status
                    body = {
                        "error": {
                            "type": "invalid_request_error",
                            "message": error.message,
                            **({"code": error.code} if error.code else {}),
                            **({"param": error.param} if error.param else {}),
                        }
                    }
                if method == "POST" and key:
                    state.idempotent[key] = (status, body)
            self.json(status, body)

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            if path.startswith("/c/pay/"):
                return self.checkout_page(path.rsplit("/", 1)[-1])
            if path == "/favicon.ico":  # what a browser on the Checkout stand-in asks for
                return self.send(204, b"", "image/x-icon")
            if path.startswith("/p/session/"):
                back = dict(parse_qsl(query)).get("return", "/")
                page = f'<h1>Fake Stripe portal</h1><a href="{html.escape(back)}">Return</a>'
                return self.send(200, page.encode(), "text/html")
            self.api("GET")

        def do_POST(self) -> None:
            if self.path.startswith("/c/pay/"):
                session_id = self.path.rsplit("/", 1)[-1]
                subscription = state.complete_checkout(session_id)
                session = state.sessions[session_id]
                target = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
                assert subscription["id"] == session["subscription"]
                return self.send(303, b"", "text/plain", {"Location": target})
            self.api("POST")

        def checkout_page(self, session_id: str) -> None:
            session = state.sessions.get(session_id)
            if session is None:
                return self.send(404, b"No such session", "text/plain")
            page = (
                "<!doctype html><title>Fake Stripe Checkout</title><h1>Fake Stripe Checkout</h1>"
                f"<p>{session['amount_total']} {session['currency']}</p>"
                f'<form method="post" action="/c/pay/{session_id}"><button>Pay</button></form>'
                f'<a href="{html.escape(session["cancel_url"] or "/")}">Back</a>'
            )
            self.send(200, page.encode(), "text/html")

    return Handler


@contextmanager
def fake_stripe() -> Iterator[FakeStripe]:
    state = FakeStripe()
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
