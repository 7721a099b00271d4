"""The Redis cache stands in a memory cache while Redis is down, and goes back to Redis."""

import logging

import pytest
from django.core.cache import cache

from lms.breaker import forget_outages, redis_server
from tests.helpers.redis_outage import OUTAGES, cache_settings


@pytest.fixture(autouse=True)
def _no_outage_remembered():
    forget_outages()
    yield
    forget_outages()


@pytest.mark.parametrize("outage", sorted(OUTAGES))
def test_every_operation_is_answered_from_memory_while_redis_is_down(outage, settings, caplog):
    with OUTAGES[outage]() as port:
        settings.CACHES = cache_settings(f"redis://127.0.0.1:{port}/0", settings.REDIS_TIMEOUT)
        assert cache.get("missing", "default") == "default"
        cache.set("a", 1)
        assert (cache.add("a", 9), cache.add("b", 2)) == (False, True)
        assert (cache.incr("a"), cache.decr("b")) == (2, 1)
        assert cache.set_many({"c": 3, "d": 4}) == []
        assert (cache.has_key("c"), "d" in cache, cache.touch("c", 60)) == (True, True, True)
        cache.delete("a")
        cache.delete_many(key for key in ["b", "d"])
        assert cache.get_many(key for key in ["a", "b", "c", "d"]) == {"c": 3}
        assert cache.get_or_set("e", 5) == 5
        cache.clear()
        assert cache.get_many(["c", "e"]) == {}
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert [w.split(" (")[0] for w in warnings] == [
        f"Redis at 127.0.0.1:{port} is unreachable from the cache"
    ]


def test_after_the_pause_the_cache_tries_redis_again(settings, caplog):
    settings.REDIS_RETRY_SECONDS = 0
    with OUTAGES["refused"]() as port:
        settings.CACHES = cache_settings(f"redis://127.0.0.1:{port}/0", settings.REDIS_TIMEOUT)
        cache.set("a", 1)
        # Every operation tries Redis again (no pause) and falls back: still one warning.
        assert [cache.get("a") for _ in range(3)] == [1, 1, 1]
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1


@pytest.mark.redis
def test_with_redis_answering_the_cache_is_redis(settings):
    settings.CACHES = cache_settings(settings.REDIS_URL, settings.REDIS_TIMEOUT)
    cache.set("lms-test-cache-key", "in redis", 30)
    try:
        backend = cache._cache.get_client(write=True)
        assert backend.get(cache.make_key("lms-test-cache-key")) is not None
        assert cache.get("lms-test-cache-key") == "in redis"
    finally:
        cache.delete("lms-test-cache-key")


def test_an_outage_and_its_end_are_logged_once_each_without_the_password(caplog):
    server = redis_server("redis://:s3cret@10.0.0.9:6380/3")
    assert server is redis_server("redis://10.0.0.9:6380/0")  # one record per server
    for _attempt in range(3):
        server.failed(OSError("Connection refused"), by="cache")
    assert server.is_down()
    server.answered()
    server.answered()
    assert not server.is_down()
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == [
        "Redis at 10.0.0.9:6380 is unreachable from the cache",
        "Redis at 10.0.0.9:6380 answers again",
    ]
    assert "s3cret" not in caplog.text
