"""A Redis cache that a stopped Redis cannot take the site down with.

Django's RedisCache raises when Redis is unreachable, and Wagtail reads the cache to find the
site on every page: with Redis stopped, every page would be an error. The cache is an
optimisation, except that allauth keeps its rate limits (failed sign-ins) in it, so simply
ignoring errors would switch the limits off whenever Redis is down.
"""

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from lms.breaker import redis_server

# Refused, reset, timed out, name not resolved: Redis cannot be reached. (redis-py's own
# ConnectionError and TimeoutError are not OSErrors.) A command Redis refuses still raises.
UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

# Entries the stand-in keeps per process while Redis is down (rate-limit counters, pages' site
# lookups): enough for an outage, small enough for a worker's memory.
LOCAL_MAX_ENTRIES = 10_000


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache, standing in a process-local memory cache while Redis is down.

    Every operation goes to Redis. When Redis cannot be reached the server is marked down
    (`lms.breaker`: logged once, retried after REDIS_RETRY_SECONDS) and the operation, with
    every later one until Redis is tried again, is answered by a LocMemCache of this process:
    pages render (a miss is computed again), and rate limits go on counting, per process,
    instead of switching off. What was stored locally is not copied to Redis when it returns.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._redis = redis_server(self._servers[0])
        local = {key: params[key] for key in ("TIMEOUT", "KEY_PREFIX", "VERSION") if key in params}
        if "KEY_FUNCTION" in params:
            local["KEY_FUNCTION"] = params["KEY_FUNCTION"]
        local["OPTIONS"] = {"MAX_ENTRIES": LOCAL_MAX_ENTRIES}
        # Named after the server: the threads of a process share one stand-in.
        self._local = LocMemCache(f"fail-soft:{self._redis.address}", local)

    def _fail_soft(self, operation, *args):
        if not self._redis.is_down():
            try:
                result = getattr(super(), operation)(*args)
            except UNREACHABLE as error:
                self._redis.failed(error, by="cache")
            else:
                self._redis.answered()
                return result
        return getattr(self._local, operation)(*args)

    # Everything else BaseCache offers (get_or_set, decr, incr_version, `in`, the async
    # variants) is built on these.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_soft("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._fail_soft("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_soft("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_soft("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._fail_soft("delete", key, version)

    def get_many(self, keys, version=None):
        # A list: if Redis fails half-way, the stand-in must still see every key.
        return self._fail_soft("get_many", list(keys), version)

    def has_key(self, key, version=None):
        return self._fail_soft("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._fail_soft("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_soft("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._fail_soft("delete_many", list(keys), version)

    def clear(self):
        return self._fail_soft("clear")
