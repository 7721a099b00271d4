"""`make run` tells the platform where it is served, so links in e-mails and invitations work."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="needs GNU make")


def planned_commands(*args, **env) -> list[str]:
    """The seed_demo and runserver lines `make run` would run (dry run: nothing is run)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        # Nothing from a surrounding `make test` or shell decides the outcome.
        if key not in {"BASE_URL", "HOST", "PORT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    }
    environment.update(env)
    result = subprocess.run(
        [MAKE, "--no-print-directory", "-n", "run", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return [
        line
        for line in result.stdout.splitlines()
        if "manage.py seed_demo" in line or "manage.py runserver" in line
    ]


@pytest.mark.parametrize(
    ("args", "env", "base_url", "listen"),
    [
        ((), {}, "http://127.0.0.1:8000", "127.0.0.1:8000"),
        (("PORT=8101",), {}, "http://127.0.0.1:8101", "127.0.0.1:8101"),
        (("HOST=localhost", "PORT=8101"), {}, "http://localhost:8101", "localhost:8101"),
        # Listening on every interface, the site is reached on this machine at 127.0.0.1.
        (("HOST=0.0.0.0", "PORT=8101"), {}, "http://127.0.0.1:8101", "0.0.0.0:8101"),
        # An address given in the environment (a tunnel, a LAN name) is kept.
        (
            ("PORT=8101",),
            {"BASE_URL": "https://demo.example.org"},
            "https://demo.example.org",
            "127.0.0.1:8101",
        ),
        (
            ("PORT=8101", "BASE_URL=http://192.168.1.20:8101/"),
            {},
            "http://192.168.1.20:8101",
            "127.0.0.1:8101",
        ),
    ],
)
def test_make_run_gives_the_platform_the_address_it_serves(args, env, base_url, listen):
    assert planned_commands(*args, **env) == [
        f'BASE_URL="{base_url}" .venv/bin/python manage.py seed_demo',
        f'BASE_URL="{base_url}" .venv/bin/python manage.py runserver {listen}',
    ]
