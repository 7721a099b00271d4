"""VTIMEZONE components that every calendar client reads the same way.

icalendar's own `Timezone.from_tzid` lists a zone's yearly changes in one
RDATE property (`RDATE:20260329T020000,20270328T020000,…`), and ical.js
(Thunderbird, Nextcloud) uses only the first value of each RDATE: every later
change was lost, and a London seminar two summers ahead showed an hour late.
So the changes are found here, in the tz database through `zoneinfo`, and
each is written as its own RDATE property. Each onset is the local time
before the change (TZOFFSETFROM), as RFC 5545 defines it.
"""

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# Zones change their offset at most a few times a year: look once a day, then bisect.
_STEP_SECONDS = 24 * 3600


def _observance(zone: ZoneInfo, timestamp: int) -> tuple[timedelta, bool, str]:
    local = datetime.fromtimestamp(timestamp, zone)
    return local.utcoffset(), bool(local.dst()), local.tzname() or ""


def _changes(zone: ZoneInfo, start: int, end: int):
    """(timestamp, before, after) for each change of offset, daylight flag or name."""
    before = _observance(zone, start)
    moment = start
    while moment < end:
        later = min(moment + _STEP_SECONDS, end)
        if _observance(zone, later) == before:
            moment = later
            continue
        low, high = moment, later  # `before` holds at low, not at high
        while high - low > 1:
            middle = (low + high) // 2
            if _observance(zone, middle) == before:
                low = middle
            else:
                high = middle
        after = _observance(zone, high)
        yield high, before, after
        before, moment = after, high


@lru_cache(maxsize=128)
def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for `tzid` that holds from 1 January `first_year` to the end of `last_year`.

    One sub-component per kind of change (offsets and name), each change its own RDATE.
    """
    zone = ZoneInfo(tzid)
    start = datetime(first_year, 1, 1, tzinfo=zone)
    end = datetime(last_year + 1, 1, 1, tzinfo=zone)
    offset, daylight, name = _observance(zone, int(start.timestamp()))
    # (offset from, offset to, daylight, name) -> onsets in local time before the change
    kinds: dict[tuple[timedelta, timedelta, bool, str], list[datetime]] = {
        (offset, offset, daylight, name): [start.replace(tzinfo=None)]
    }
    for timestamp, before, after in _changes(zone, int(start.timestamp()), int(end.timestamp())):
        onset = datetime.fromtimestamp(timestamp, UTC).replace(tzinfo=None) + before[0]
        kinds.setdefault((before[0], *after), []).append(onset)

    timezone = Timezone()
    timezone.add("tzid", tzid)
    for (offset_from, offset_to, daylight, name), onsets in sorted(
        kinds.items(), key=lambda kind: kind[1][0]
    ):
        observance = TimezoneDaylight() if daylight else TimezoneStandard()
        observance.add("dtstart", onsets[0])
        for onset in onsets[1:]:
            observance.add("rdate", onset)
        if name:
            observance.add("tzname", name)
        observance.add("tzoffsetfrom", offset_from)
        observance.add("tzoffsetto", offset_to)
        timezone.add_component(observance)
    return timezone
