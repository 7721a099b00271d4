"""What a proposed seminar start means on the clocks of a region and of a cohort's people.

Read-only: the time-slot helper in the admin shows a proposed start in the
reference zone, in the main zones of a region and in the zones of a cohort's
coordinators and facilitators, flagging night-time slots and slots that fall on
another day than in the reference zone.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts.enums import SEAT_HOLDING_STATUSES
from cohorts.models import Session
from lms.models import User

#: The main time zones of each region (by the region's slug), west to east where it matters:
#: where most of the region's participants read their clocks.
REGION_MAIN_ZONES = {
    "africa-arab": [
        "Africa/Lagos",
        "Africa/Nairobi",
        "Africa/Johannesburg",
        "Africa/Cairo",
        "Asia/Riyadh",
        "Africa/Casablanca",
    ],
    "inter-america": [
        "America/Mexico_City",
        "America/Bogota",
        "America/Sao_Paulo",
        "America/Argentina/Buenos_Aires",
        "America/Toronto",
        "America/Port_of_Spain",
    ],
    "asia-pacific": [
        "Asia/Kolkata",
        "Asia/Manila",
        "Asia/Jakarta",
        "Asia/Tokyo",
        "Australia/Sydney",
        "Pacific/Auckland",
    ],
    "europe": [
        "Europe/Lisbon",
        "Europe/London",
        "Europe/Brussels",
        "Europe/Kyiv",
        "Europe/Istanbul",
    ],
    "global": [
        "America/Los_Angeles",
        "America/Sao_Paulo",
        "Europe/London",
        "Africa/Nairobi",
        "Asia/Kolkata",
        "Asia/Manila",
        "Australia/Sydney",
    ],
}

# A slot is at night when any part of it falls between these local times.
NIGHT_STARTS = time(22, 0)
NIGHT_ENDS = time(7, 0)

# Used when no cohort (so no track) is chosen.
DEFAULT_SEMINAR_MINUTES = Session._meta.get_field("duration_minutes").default


def zone_or_none(name: str):
    """The `ZoneInfo` called `name`, or None when the name is empty or not a known zone."""
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def user_zone_name(*, user) -> str:
    """The name of the zone `user` reads their clock in: their own if known, else "UTC"."""
    zone = getattr(user, "time_zone", "") or "UTC"
    return zone if zone_or_none(zone) else "UTC"


@dataclass(frozen=True)
class SlotRow:
    """A proposed seminar as read on the clocks of one zone."""

    zone: str
    starts: datetime  # aware, in `zone`
    ends: datetime
    day_shift: int  # local start date minus the reference date, in days
    is_night: bool
    is_reference: bool = False
    is_main: bool = False
    people: int = 0

    @property
    def local_start(self):
        """The wall-clock start, naive, so templates format it as is."""
        return self.starts.replace(tzinfo=None)

    @property
    def local_end(self):
        return self.ends.replace(tzinfo=None)

    @property
    def ends_another_day(self):
        return self.ends.date() != self.starts.date()

    @property
    def abbreviation(self):
        return self.starts.tzname()

    @property
    def utc_offset(self):
        offset = self.starts.utcoffset()
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        hours, minutes = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours:02d}:{minutes:02d}"

    @property
    def day_label(self):
        if self.day_shift == 1:
            return _("next day")
        if self.day_shift == -1:
            return _("previous day")
        if self.day_shift > 1:
            return ngettext("%(days)s day later", "%(days)s days later", self.day_shift) % {
                "days": self.day_shift
            }
        if self.day_shift < -1:
            return ngettext("%(days)s day earlier", "%(days)s days earlier", -self.day_shift) % {
                "days": -self.day_shift
            }
        return ""


def _overlaps(a_start, a_end, b_start, b_end):
    return a_start < b_end and b_start < a_end


def is_night(start_local: datetime, end_local: datetime) -> bool:
    """Whether any part of [start, end) falls between 22:00 and 07:00 on the local clock.

    So a seminar starting at 06:59 or ending at 22:01 is at night; one running
    07:00–10:00 or 19:00–22:00 is not. Wall-clock times, naive or aware in one zone.
    """
    start = start_local.replace(tzinfo=None)
    end = end_local.replace(tzinfo=None)
    for offset in (-1, 0, 1):
        evening = start.date() + timedelta(days=offset)
        night_start = datetime.combine(evening, NIGHT_STARTS)
        night_end = datetime.combine(evening + timedelta(days=1), NIGHT_ENDS)
        if _overlaps(start, end, night_start, night_end):
            return True
    return False


def time_slot_rows(
    *,
    starts_at: datetime,
    duration_minutes: int,
    reference_zone: str,
    main_zones=(),
    people_zones=None,
) -> list[SlotRow]:
    """The slot in the reference zone, the main zones and the people's zones, west to east.

    Unknown zone names are left out; `people_zones` is {zone: number of people there}.
    """
    people_zones = people_zones or {}
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    reference_day = starts_at.astimezone(zoneinfo.ZoneInfo(reference_zone)).date()
    names = list(dict.fromkeys([reference_zone, *main_zones, *people_zones]))
    rows = []
    for name in names:
        zone = zone_or_none(name)
        if zone is None:
            continue
        local_start, local_end = starts_at.astimezone(zone), ends_at.astimezone(zone)
        rows.append(
            SlotRow(
                zone=name,
                starts=local_start,
                ends=local_end,
                day_shift=(local_start.date() - reference_day).days,
                is_night=is_night(local_start, local_end),
                is_reference=name == reference_zone,
                is_main=name in main_zones,
                people=people_zones.get(name, 0),
            )
        )
    rows.sort(key=lambda row: (row.starts.utcoffset(), row.zone))
    return rows


def region_main_zones(*, region) -> list[str]:
    """The main zones of `region` (none for a region without a list)."""
    return REGION_MAIN_ZONES.get(region.slug, [])


def seminar_minutes(*, cohort) -> int:
    """How long a seminar of `cohort` lasts (its track's length), or the default without one."""
    if cohort is None:
        return DEFAULT_SEMINAR_MINUTES
    return cohort.track.specific.seminar_minutes


def people_zones(*, cohort) -> dict[str, int]:
    """{zone: number of the cohort's people there}, one query.

    The people are its coordinators, its facilitators and the participants who
    hold or are offered a place. Empty, without a query, when there is no cohort.
    """
    if cohort is None:
        return {}
    people = User.objects.filter(
        Q(pk__in=cohort.coordinators.values("pk"))
        | Q(pk__in=cohort.facilitators.values("pk"))
        | Q(pk__in=cohort.enrolments.filter(status__in=SEAT_HOLDING_STATUSES).values("user_id"))
    )
    return {
        row["time_zone"]: row["count"]
        for row in people.order_by().values("time_zone").annotate(count=Count("pk"))
    }
