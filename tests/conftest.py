import os
import shutil

import pytest
from django.conf import settings

from tests.factories import build_curriculum


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    redis = "redis at " + settings.REDIS_URL if settings.REDIS_URL else "no redis (REDIS_URL unset)"
    return f"database: {engine}; {redis}"


def pytest_collection_modifyitems(config, items):
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            # A transactional test empties the database afterwards. Without serialized
            # rollback that flush re-runs post_migrate (role groups get new ids) and a later
            # test restoring the migrated data would clash with them; with it, every
            # transactional test leaves the database as migrations made it.
            item.add_marker(
                pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}),
                append=False,
            )
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(
                pytest.mark.skip(
                    reason="needs PostgreSQL: concurrent row locks (SQLite serialises writers) or "
                    "PostgreSQL's own full-text search (set DATABASE_URL; CI does)"
                )
            )
        if "redis" in item.keywords and not settings.REDIS_URL:
            item.add_marker(
                pytest.mark.skip(
                    reason="needs a live Redis broker for a real Celery worker "
                    "(set REDIS_URL; CI does)"
                )
            )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)
    shutil.rmtree(tmp_path / "private-media", ignore_errors=True)


@pytest.fixture
def curriculum(db):
    return build_curriculum()


@pytest.fixture
def on_ci():
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
