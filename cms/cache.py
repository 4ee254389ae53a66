"""The Redis cache, failing open all the way.

django-redis's IGNORE_EXCEPTIONS turns a stopped Redis into cache misses, but its `add()` then
answers "not added", and allauth's rate limiter reads that as "someone else holds the lock" and
refuses every sign-in. Here a failed `add()` answers "added": while Redis is down the limits
are not enforced, and people can still sign in.
"""

from __future__ import annotations

from typing import Any

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted


class FailOpenRedisCache(RedisCache):
    def add(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return bool(self.client.add(*args, **kwargs))
        except ConnectionInterrupted as error:
            if self._ignore_exceptions:
                return True
            raise (error.__cause__ or error) from None
