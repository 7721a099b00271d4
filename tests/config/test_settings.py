"""Production settings refuse unsafe configuration; the deploy check is clean."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k3y-" + "aZ9x" * 16


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "training.example.org"}, "SECRET_KEY must be set"),
        (
            {
                "SECRET_KEY": "insecure-local-development-key-do-not-use-in-production",
                "ALLOWED_HOSTS": "training.example.org",
            },
            "SECRET_KEY must be set",
        ),
        (
            {"SECRET_KEY": "short", "ALLOWED_HOSTS": "training.example.org"},
            "SECRET_KEY must be set",
        ),
        ({"SECRET_KEY": GOOD_SECRET}, "ALLOWED_HOSTS must list"),
        ({"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must list"),
    ],
)
def test_production_refuses_to_start_without_real_secret_and_hosts(env, message):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="training.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def settings_seen_by_a_new_process(names, **env):
    """The values of `names` in config.settings.local, as a fresh process sees them."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.local';"
        "django.setup(); from django.conf import settings as s;"
        f"print(*[eval('s.' + n) for n in {names!r}])"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "EMAIL_BACKEND", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_local_defaults_are_sqlite_and_eager_tasks():
    assert settings_seen_by_a_new_process(
        [
            "DATABASES['default']['ENGINE']",
            "CELERY_TASK_ALWAYS_EAGER",
            "EMAIL_BACKEND",
            "CACHES['default']['BACKEND']",
        ]
    ) == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_redis_url_switches_broker_and_cache():
    assert settings_seen_by_a_new_process(
        ["CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "CACHES['default']['BACKEND']"],
        REDIS_URL="redis://127.0.0.1:6379/5",
    ) == [
        "redis://127.0.0.1:6379/5",
        "False",
        "lms.cache.FailSoftRedisCache",
    ]


@pytest.mark.parametrize(
    ("base_url", "hosts"),
    [
        ("", ["localhost", "127.0.0.1", "[::1]"]),
        ("http://192.168.1.20:8101", ["localhost", "127.0.0.1", "[::1]", "192.168.1.20"]),
        ("http://[fd00::20]:8101", ["localhost", "127.0.0.1", "[::1]", "[fd00::20]"]),
    ],
)
def test_the_site_answers_where_its_links_point(monkeypatch, base_url, hosts):
    """Links in e-mails start with BASE_URL (`make run` sets it): its host is allowed."""
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    monkeypatch.setenv("BASE_URL", base_url)
    # The base settings read afresh (in this process: quicker than a new one).
    seen = runpy.run_path(str(ROOT / "config" / "settings" / "base.py"))
    assert seen["WAGTAILADMIN_BASE_URL"] == (base_url or "http://127.0.0.1:8000")
    assert seen["ALLOWED_HOSTS"] == hosts
