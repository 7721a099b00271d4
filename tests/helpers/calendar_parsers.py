"""Two independent readers of the platform's calendar files, for tests.

- ical.js, the parser of Thunderbird and Nextcloud, run by Node.js from tests/js/
  (`npm ci` there installs the pinned version; `make test` does it). It resolves TZID
  references through the file's own VTIMEZONE components, as those clients do.
- python icalendar, which resolves TZIDs through the tz database instead.

Both give {uid: (start, end)} as aware UTC datetimes.
"""

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

ICALJS_DIR = Path(__file__).resolve().parent.parent / "js"
ICALJS_SCRIPT = ICALJS_DIR / "ical_instants.mjs"


def icaljs_missing() -> str:
    """Why ical.js cannot run here, or "" when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed (`make test` installs Debian's nodejs when it may)"
    if not (ICALJS_DIR / "node_modules" / "ical.js" / "package.json").is_file():
        return "ical.js is not installed: run `npm ci` in tests/js (`make test` does)"
    return ""


def require_icaljs(*, on_ci: bool) -> None:
    """Skip the test, with the reason, when ical.js cannot run; in CI, fail it instead."""
    reason = icaljs_missing()
    if reason and on_ci:
        pytest.fail(f"CI must read calendars with ical.js: {reason}")
    if reason:
        pytest.skip(reason)


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def icaljs_instants(body: bytes) -> dict[str, tuple[datetime, datetime]]:
    result = subprocess.run(
        [shutil.which("node"), str(ICALJS_SCRIPT)],
        input=body,
        capture_output=True,
        check=True,
        timeout=30,
    )
    return {
        event["uid"]: (_instant(event["start"]), _instant(event["end"]))
        for event in json.loads(result.stdout)
    }


def icalendar_instants(body: bytes) -> dict[str, tuple[datetime, datetime]]:
    return {
        str(event["UID"]): (
            event.decoded("DTSTART").astimezone(UTC),
            event.decoded("DTEND").astimezone(UTC),
        )
        for event in Calendar.from_ical(body).walk("VEVENT")
    }
