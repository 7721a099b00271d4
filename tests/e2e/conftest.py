"""Browser tests: Debian's Chromium driven through Playwright, against pytest-django's live server.

Nothing here downloads a browser: the system Chromium is used, or the tests are
skipped (and fail loudly on CI, where a missing browser is a broken machine).
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from tests.factories import build_curriculum

# This machine has no internet: without these, Chromium waits on update, sync and
# QUIC probes. The GPU is not needed for headless rendering.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--metrics-recording-only",
]

NO_CHROMIUM = (
    "browser tests need Chromium, which is not installed (no `chromium` on PATH nor "
    "/usr/bin/chromium): apt-get install chromium. Playwright's own browsers are never downloaded."
)

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
MOBILE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

# Generous enough for a cold live server, short enough that a hang fails quickly.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Marks every test in this folder, and runs them after all the others.

    Playwright's loop keeps running in the main thread while the browser is open, so
    any later test calling asyncio.run() or async_to_sync() would fail. Running last
    (after pytest-django's own reordering, hence trylast) keeps it out of their way.
    """
    here = Path(__file__).parent
    # Without a browser, skip before setting up the database (on CI, the browser
    # fixture fails instead).
    skip = None if _chromium_path() or _on_ci() else pytest.mark.skip(reason=NO_CHROMIUM)
    browser_items = []
    for item in items:
        if here not in item.path.parents:
            continue
        item.add_marker(pytest.mark.browser)
        if skip:
            item.add_marker(skip)
        if item.get_closest_marker("django_db") is None:
            # The live server must see committed data; restore what migrations created.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        browser_items.append(item)
    if browser_items:
        chosen = set(browser_items)
        items[:] = [item for item in items if item not in chosen] + browser_items


def _on_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _chromium_path():
    found = shutil.which("chromium")
    if found:
        return found
    fallback = Path("/usr/bin/chromium")
    return str(fallback) if fallback.exists() else None


@pytest.fixture(scope="session")
def _allow_orm_beside_playwright():
    """Playwright's sync API keeps an asyncio loop running in the test thread, so Django
    would refuse ORM calls there (SynchronousOnlyOperation), though they are ordinary
    synchronous calls: the loop only serves Playwright. Allowed while the browser is
    open (until the session ends: the browser tests run last), and no longer, since
    subprocesses inherit the variable and `manage.py check --deploy` rejects it.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_allow_orm_beside_playwright):
    executable = _chromium_path()
    if executable is None:
        if _on_ci():
            pytest.fail(f"CI must run the browser tests. {NO_CHROMIUM}", pytrace=False)
        pytest.skip(NO_CHROMIUM)
    # Once Playwright's loop runs in this thread, Django keeps database connections in
    # per-context storage, so the ORM would open a second connection without the state
    # pytest-django keeps on the first (the serialized contents that the rollback
    # restores, the in-memory SQLite shared with the live server). Put the thread's
    # own connections back in that storage.
    thread_connections = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in thread_connections.items():
        connections[alias] = connection
    try:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, timeout=60_000
        )
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


def _new_page(browser, base_url, options):
    context = browser.new_context(
        base_url=base_url,
        locale="en-GB",
        timezone_id="UTC",
        reduced_motion="reduce",
        service_workers="block",
        **options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    """A fresh desktop-sized browser context per test, relative URLs go to the live server."""
    context, page = _new_page(browser, live_server.url, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser, live_server):
    """Like `page`, on a phone-sized touch screen."""
    context, page = _new_page(browser, live_server.url, MOBILE)
    yield page
    context.close()


@pytest.fixture
def curriculum(live_server, transactional_db):
    """The demo curriculum, committed so the live server's thread can read it."""
    return build_curriculum()


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Runs axe-core's default rules (WCAG 2.x A and AA, and best practices) on the page."""

    def check(page):
        # Colours measured halfway through a fade (a message sliding in) are neither the
        # start nor the end: let finite animations finish first.
        page.wait_for_function(
            "document.getAnimations().every(a => a.playState !== 'running'"
            " || a.effect.getComputedTiming().iterations === Infinity)"
        )
        results = axe.run(page)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check
