"""A Redis that cannot be reached, for tests of how the site carries on without it.

Two kinds of outage: a port where nothing listens (connecting is refused at once: Redis
stopped) and a listener that accepts connections and never answers (Redis hung, or a
firewall swallowing packets), which only a timeout ends.
"""

import socket
import threading
from contextlib import contextmanager

import kombu.pools

from config.celery_app import app
from lms.breaker import forget_outages


@contextmanager
def refusing_port():
    """A local port where connections are refused (bound but not listening, so that nobody
    else can take the port meanwhile)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


@contextmanager
def silent_port():
    """A local port that accepts connections and never says a word."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for sock in held:
            sock.close()
        server.close()


OUTAGES = {"refused": refusing_port, "silent": silent_port}


def cache_settings(url: str, timeout: float) -> dict:
    """CACHES as config/settings/base.py makes them with REDIS_URL set."""
    return {
        "default": {
            "BACKEND": "lms.cache.FailSoftRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "lms",
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    }


def _reset_broker_pools():
    # The app keeps its broker connections in pools (kombu's, shared by URL) made for the
    # URL it first used: close them all, so the next task opens connections to the new one.
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def celery_broker(url: str):
    """Inside the block tasks are published to the broker at `url` (not run in-process), as
    with REDIS_URL set; afterwards the test settings' eager tasks are back."""
    previous = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, url
    _reset_broker_pools()
    forget_outages()
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        _reset_broker_pools()
        forget_outages()
