"""The Redis cache: it fails fast, fails open, and keeps counting sign-in limits without Redis.

- Fails fast. Each Redis call has a short socket timeout (`REDIS_TIMEOUT`, 0.25 s) and no
  retries; after one failure this process stops calling Redis for `REDIS_RETRY_SECONDS` (a
  circuit breaker), so a page that makes twenty cache calls while Redis hangs waits for one
  timeout, not twenty.
- Fails open. django-redis's IGNORE_EXCEPTIONS turns a failed call into a miss. Its `add()`
  then answers "not added", which allauth reads as "someone else holds the lock" and refuses
  every sign-in: here a failed `add()` answers "added".
- Limits hold. Counters that protect sign-in (allauth's rate limits, the API's anonymous and
  token throttles, JWT sign-outs; `DURABLE_KEY_PREFIXES`) move to the database while Redis is
  away (`LimitCounterCache`, Django's database cache on the `security_limitcounter` table), so
  brute force is still counted; everything else is a miss, as before.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import router, transaction
from django.utils import timezone
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

# Keys whose counts must survive a Redis outage: allauth's rate limits (and their locks), the
# API throttles that meet people who are not signed in yet (site_apps/api/throttling.py), the
# form limits (site_apps/security/limits.py) and JWT sign-outs (site_apps/api/authentication.py).
DURABLE_KEY_PREFIXES = ("allauth:rl:", "throttle:anon:", "throttle:token:", "limit:", "jwt:")
FALLBACK_ALIAS = "limits_fallback"


class CircuitBreaker:
    """Per process and per Redis address: is Redis to be left alone for now?"""

    def __init__(self) -> None:
        self._down_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def is_open(self, location: str) -> bool:
        return time.monotonic() < self._down_until.get(location, 0.0)

    def trip(self, location: str) -> None:
        with self._lock:
            self._down_until[location] = time.monotonic() + settings.REDIS_RETRY_SECONDS

    def reset(self) -> None:
        with self._lock:
            self._down_until.clear()


breaker = CircuitBreaker()


class _GuardedClient:
    """django-redis's client, but calls fail at once while the breaker is open, and a failed
    call opens it."""

    def __init__(self, client: Any, location: str) -> None:
        self._client = client
        self._location = location

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def guarded(*args: Any, **kwargs: Any) -> Any:
            if breaker.is_open(self._location):
                cause = redis.ConnectionError("Redis is marked down for now")
                raise ConnectionInterrupted(connection=None) from cause
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted:
                breaker.trip(self._location)
                raise

        return guarded


class FailOpenRedisCache(RedisCache):
    @property
    def client(self) -> Any:
        return _GuardedClient(super().client, self._server)

    def add(self, key: Any, *args: Any, **kwargs: Any) -> bool:
        try:
            return bool(self.client.add(key, *args, **kwargs))
        except ConnectionInterrupted as error:
            if is_durable(key):
                return bool(caches[FALLBACK_ALIAS].add(key, *args, **kwargs))
            if self._ignore_exceptions:
                return True
            raise (error.__cause__ or error) from None

    def get(self, key: Any, default: Any = None, version: Any = None, client: Any = None) -> Any:
        if is_durable(key):
            return self._durable("get", key, default=default, version=version)
        return super().get(key, default=default, version=version, client=client)

    def set(self, key: Any, *args: Any, **kwargs: Any) -> Any:
        if is_durable(key):
            return self._durable("set", key, *args, **kwargs)
        return super().set(key, *args, **kwargs)

    def delete(self, key: Any, *args: Any, **kwargs: Any) -> Any:
        if is_durable(key):
            return bool(self._durable("delete", key, *args, **kwargs))
        return super().delete(key, *args, **kwargs)

    def incr(self, key: Any, *args: Any, **kwargs: Any) -> Any:
        if is_durable(key):
            return self._durable("incr", key, *args, **kwargs)
        return super().incr(key, *args, **kwargs)

    def _durable(self, name: str, key: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self.client, name)(key, *args, **kwargs)
        except ConnectionInterrupted:
            return getattr(caches[FALLBACK_ALIAS], name)(key, *args, **kwargs)


def is_durable(key: Any) -> bool:
    return isinstance(key, str) and key.startswith(DURABLE_KEY_PREFIXES)


class LimitCounterCache(DatabaseCache):
    """Django's database cache for counters, with an `incr` that loses no count when requests
    race (the row is locked) and keeps the counter's expiry."""

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        # imported here: Django may load a cache backend before the apps are ready, and a
        # model cannot be imported then (docs/architecture.md).
        from site_apps.security.models import LimitCounter

        made = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(LimitCounter)
        with transaction.atomic(using=db):
            expires = (
                LimitCounter.objects.using(db)
                .select_for_update()
                .filter(cache_key=made, expires__gt=timezone.now())
                .values_list("expires", flat=True)
                .first()
            )
            value = self.get(key, version=version) if expires else None
            if expires is None or value is None:
                raise ValueError(f"Key '{key}' not found")
            value += delta
            seconds = max(1, int((expires - timezone.now()).total_seconds()))
            self.set(key, value, timeout=seconds, version=version)
        return int(value)
