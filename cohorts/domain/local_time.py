"""Turning a wall-clock time in a cohort's zone into a UTC instant, honestly.

Around daylight-saving changes a local time may not exist (clocks go forward)
or may happen twice (clocks go back). We never shift such a time silently:
a missing time is refused, a repeated one must be disambiguated with `fold`
(0: the first occurrence, 1: the second), as in PEP 495.
"""

import re
import zoneinfo
from datetime import UTC, datetime, timedelta

from django.utils import formats
from django.utils.translation import gettext as _

from .exceptions import AmbiguousLocalTime, SchedulingError


def local_to_utc(local: datetime, zone_name: str, *, fold: int | None = None) -> datetime:
    """The UTC instant of the naive wall-clock time `local` in `zone_name`."""
    if local.tzinfo is not None:
        raise ValueError("local_to_utc expects a naive wall-clock time")
    zone = zoneinfo.ZoneInfo(zone_name)
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
        raise SchedulingError(
            _(
                "%(time)s does not exist in %(zone)s: the clocks go forward at that moment. "
                "Choose another time."
            )
            % {"time": formats.date_format(local, "DATETIME_FORMAT"), "zone": zone_name}
        )
    if first.utcoffset() == second.utcoffset():
        return first.astimezone(UTC)
    if fold is None:
        raise AmbiguousLocalTime(
            _(
                "%(time)s happens twice in %(zone)s because the clocks go back: choose the "
                "first (%(first)s) or the second (%(second)s) occurrence."
            )
            % {
                "time": formats.date_format(local, "DATETIME_FORMAT"),
                "zone": zone_name,
                "first": first.tzname(),
                "second": second.tzname(),
            },
            choices=[first.astimezone(UTC), second.astimezone(UTC)],
        )
    return (second if fold else first).astimezone(UTC)


def utc_to_local(instant: datetime, zone_name: str) -> datetime:
    return instant.astimezone(zoneinfo.ZoneInfo(zone_name))


def is_repeated(instant: datetime, zone_name: str) -> bool:
    """Whether `instant`'s wall-clock time in `zone_name` happens twice (the clocks go back)."""
    local = utc_to_local(instant, zone_name)
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def _signed_offset(offset: timedelta) -> str:
    minutes = round(offset.total_seconds() / 60)
    sign = "+" if minutes >= 0 else "\N{MINUS SIGN}"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def repeated_time_name(instant: datetime, zone_name: str) -> str:
    """Which of two identical wall-clock times `instant` is, or "" when its time happens once.

    The zone's abbreviation when it has one in letters ("EDT" or "EST"), else the offset
    ("UTC−03:00"): the tz database's "-03" reads like part of the time.
    """
    if not is_repeated(instant, zone_name):
        return ""
    local = utc_to_local(instant, zone_name)
    name = local.tzname() or ""
    if name.isalpha():
        return name
    return _("UTC%(offset)s") % {"offset": _signed_offset(local.utcoffset())}


# Format characters that show a part of the time of day (Django's date format syntax).
_TIME_OF_DAY = re.compile(r"(?<!\\)[aAfgGhHiPs]")


def local_label(instant: datetime, zone_name: str, *, fmt: str = "DATETIME_FORMAT") -> str:
    """`instant` as people in `zone_name` read it, with the zone named: "…, 10:00 (Asia/Manila)".

    A time the clocks repeat says which of the two it is: "…, 01:30 EST (America/New_York)".
    """
    label = formats.date_format(utc_to_local(instant, zone_name), fmt)
    repeated = repeated_time_name(instant, zone_name)
    if repeated and _TIME_OF_DAY.search(formats.get_format(fmt)):
        label = f"{label} {repeated}"
    return f"{label} ({zone_name})"
