"""Remembering for a while, per process, that a Redis server did not answer.

The cache (`lms.cache`) and the task queue (`lms.jobs`) both talk to Redis. When either finds
a server unreachable it marks it down for REDIS_RETRY_SECONDS, and until then neither tries it
again: a request made during an outage waits for one timeout at most, not one per cache read
and queued task. The mark is per server (host and port), shared by the cache and the queue,
because with one REDIS_URL they are the same server. Each outage is logged once, as is its end.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings

log = logging.getLogger(__name__)


class RedisServer:
    """One Redis server's availability, as this process last found it."""

    def __init__(self, address: str):
        self.address = address
        self._down_until = 0.0
        self._outage = False  # an outage was logged and its end not yet
        self._lock = threading.Lock()

    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def failed(self, error: BaseException, *, by: str) -> None:
        """`by` (the cache, the task queue) could not reach the server: leave it alone a while."""
        pause = getattr(settings, "REDIS_RETRY_SECONDS", 30)
        with self._lock:
            self._down_until = time.monotonic() + pause
            first, self._outage = not self._outage, True
        if first:
            log.warning(
                "Redis at %s is unreachable from the %s (%s: %s); carrying on without it and "
                "trying again every %s s",
                self.address,
                by,
                type(error).__name__,
                error,
                pause,
            )

    def answered(self) -> None:
        if not self._outage:  # the usual case: no lock taken
            return
        with self._lock:
            ended, self._outage, self._down_until = self._outage, False, 0.0
        if ended:
            log.warning("Redis at %s answers again", self.address)


_servers: dict[str, RedisServer] = {}
_servers_lock = threading.Lock()


def _address(url: str) -> str:
    # Host and port only: a URL may carry a password, and it is logged.
    parts = urlsplit(url)
    if parts.hostname:
        return f"{parts.hostname}:{parts.port or 6379}"
    return parts.path or url


def redis_server(url: str) -> RedisServer:
    """The availability record of the Redis server at `url` (one per host and port)."""
    address = _address(url)
    server = _servers.get(address)
    if server is None:
        with _servers_lock:
            server = _servers.setdefault(address, RedisServer(address))
    return server


def forget_outages() -> None:
    """Consider every server reachable again (tests start from a clean slate)."""
    with _servers_lock:
        for server in _servers.values():
            with server._lock:
                server._outage, server._down_until = False, 0.0
