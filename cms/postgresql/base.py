"""Django's PostgreSQL backend with a deadline on every answer, so a hung database fails a
request in seconds instead of holding it.

PostgreSQL's own timeouts cover a slow server: `connect_timeout` (the whole connection
handshake) and `statement_timeout` (the server cancels a long query), both set in
`DATABASES["default"]["OPTIONS"]` by cms/settings/base.py. Neither helps when the network or a
proxy in front of the server stops answering: the client would wait forever for bytes that never
come. Here every wait for the server (queries, commits, the health check of a kept connection)
gives up after `ANSWER_TIMEOUT` seconds from the settings: the connection is closed, Django
raises `OperationalError`, and the site answers 503 (site_apps/security/views.py).

After a connection or an answer times out, this process does not try that server again for
`DATABASE_RETRY_SECONDS` (a circuit breaker): a page during an outage would otherwise spend
the connect timeout again for each thing that reads the database on its way out (the session,
the log line's user), and every request would queue behind them.

Use it as ENGINE "cms.postgresql"; everything else is Django's backend unchanged.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base

_lock = threading.Lock()
_unreachable_until: dict[str, float] = {}


def mark_unreachable(server: str) -> None:
    with _lock:
        _unreachable_until[server] = time.monotonic() + settings.DATABASE_RETRY_SECONDS


def recently_unreachable(server: str) -> bool:
    return time.monotonic() < _unreachable_until.get(server, 0.0)


def forget_outages() -> None:
    """Try every server again at once (tests, and a process told the outage is over)."""
    with _lock:
        _unreachable_until.clear()


class AnswerDeadlineConnection(psycopg.Connection):
    """A psycopg connection whose every wait for the server ends after `answer_timeout` s.

    psycopg runs each exchange with the server through `wait()`, which takes a timeout that it
    leaves unset; this subclass sets it. It adds behaviour only (no state of its own beyond one
    number), so Django's plain connection can take this class once made.
    """

    answer_timeout: float | None = None
    server: str = ""

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        limit = timeout if timeout is not None else self.answer_timeout
        try:
            return super().wait(gen, interval=interval, timeout=limit)
        except psycopg.errors.OperationalError as error:
            if type(error).__name__ != "_WaitTimeout":
                raise
            # Halfway through an exchange the connection's state is unknown: close it.
            self.pgconn.finish()
            mark_unreachable(self.server)
            raise psycopg.OperationalError(
                f"PostgreSQL did not answer within {limit:g} s; the connection was closed."
            ) from None


class DatabaseWrapper(base.DatabaseWrapper):
    @property
    def server(self) -> str:
        data = self.settings_dict
        return f"{data.get('HOST') or 'localhost'}:{data.get('PORT') or 5432}"

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        server = self.server
        if recently_unreachable(server):
            raise psycopg.OperationalError(
                f"PostgreSQL at {server} did not answer moments ago; not trying again yet."
            )
        started = time.monotonic()
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.OperationalError:
            # Only a server that made us wait for the connect timeout is left alone for a while.
            # One that answered at once (a missing database, a wrong password, a refused port)
            # costs nothing to ask again, and its own message must not turn into "did not answer".
            waited = time.monotonic() - started
            limit = float(conn_params.get("connect_timeout") or 0)
            if not limit or waited >= 0.9 * limit:
                mark_unreachable(server)
            raise
        connection.__class__ = AnswerDeadlineConnection
        connection.answer_timeout = self.settings_dict.get("ANSWER_TIMEOUT")
        connection.server = server
        return connection

    def is_usable(self) -> bool:
        """The health check of a kept connection (CONN_HEALTH_CHECKS) waits briefly: on a hung
        server the connection is dropped and a new one tried, within the connect timeout."""
        connection = self.connection
        if not isinstance(connection, AnswerDeadlineConnection):
            return super().is_usable()
        kept = connection.answer_timeout
        connection.answer_timeout = self.settings_dict.get("HEALTH_CHECK_ANSWER_TIMEOUT") or kept
        try:
            return super().is_usable()
        finally:
            connection.answer_timeout = kept
