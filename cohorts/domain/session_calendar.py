"""The coordinators' calendar of sessions: a month grid or a week list, with conflicts.

Read-only. The calendar shows sessions in a zone the viewer chooses and labels
conflicts in words: two sessions of one cohort that overlap, and a facilitator
booked in two overlapping sessions of different cohorts. It costs the same
number of queries whatever the number of sessions: one for the sessions, one
for the facilitators' bookings.

Callers pass the sessions the viewer may see (already scoped to their regions).
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.utils.translation import gettext as _

from cohorts.enums import SessionStatus
from cohorts.models import Cohort, Session

from .scheduling import MAX_SESSION_MINUTES

# Dates the calendar accepts: far enough either way, and safe to convert between zones.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2199, 12, 31)

MONTH, WEEK = "month", "week"


# ---------------------------------------------------------------------------
# Conflicts, found with a fixed number of queries
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Booking:
    """One facilitator in one (not cancelled) session, as the clash query returns it."""

    session_id: int
    cohort_id: int
    cohort_title: str
    region_id: int
    seminar_number: int
    starts_at: datetime
    ends_at: datetime
    person_id: int
    person_name: str


def overlapping_pairs(items, *, key):
    """Each pair of `items` whose [starts_at, ends_at) intervals overlap (a sweep over start
    times; `key` breaks ties so the order is stable)."""
    ordered = sorted(items, key=lambda item: (item.starts_at, key(item)))
    for index, item in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.starts_at >= item.ends_at:
                break
            yield item, other


def cohort_overlaps(*, sessions) -> dict[int, list[Session]]:
    """{session id: [other sessions of its cohort it overlaps]}; cancelled ones do not count."""
    by_cohort = defaultdict(list)
    for session in sessions:
        if not session.is_cancelled:
            by_cohort[session.cohort_id].append(session)
    found = defaultdict(list)
    for group in by_cohort.values():
        for session, other in overlapping_pairs(group, key=lambda s: s.pk):
            found[session.pk].append(other)
            found[other.pk].append(session)
    return found


def facilitator_bookings(*, cohort_ids, window_start, window_end) -> list[Booking]:
    """Every booking, in any cohort, of the facilitators of `cohort_ids` in the window: one query.

    A session belongs to the window when it starts inside it; callers widen the
    window by the longest possible session so nothing overlapping is missed.
    """
    if not cohort_ids:
        return []
    facilitator_ids = Cohort.facilitators.through.objects.filter(cohort_id__in=cohort_ids).values(
        "user_id"
    )
    rows = (
        Session.objects.filter(
            cohort__facilitators__in=facilitator_ids,
            starts_at__gt=window_start,
            starts_at__lt=window_end,
        )
        .exclude(status=SessionStatus.CANCELLED)
        .order_by()
        .values_list(
            "pk",
            "cohort_id",
            "cohort__title",
            "cohort__region_id",
            "seminar_number",
            "starts_at",
            "duration_minutes",
            "cohort__facilitators__pk",
            "cohort__facilitators__full_name",
            "cohort__facilitators__email",
        )
    )
    wanted = set(cohort_ids)
    bookings = []
    for pk, cohort_id, title, region_id, number, starts, minutes, person, name, email in rows:
        bookings.append(
            Booking(
                pk,
                cohort_id,
                title,
                region_id,
                number,
                starts,
                starts + timedelta(minutes=minutes),
                person,
                name or email,
            )
        )
    # Keep only the people who facilitate one of the wanted cohorts (the join may bring others).
    people = {b.person_id for b in bookings if b.cohort_id in wanted}
    return [b for b in bookings if b.person_id in people]


def facilitator_clash_pairs(*, bookings) -> dict[int, list[tuple[str, Booking]]]:
    """{session id: [(person name, other booking)]} for bookings of one person that overlap
    in different cohorts."""
    by_person = defaultdict(list)
    for booking in bookings:
        by_person[booking.person_id].append(booking)
    found = defaultdict(list)
    for items in by_person.values():
        for booking, other in overlapping_pairs(items, key=lambda b: b.session_id):
            if other.cohort_id == booking.cohort_id:
                continue  # the same cohort: reported as a cohort overlap
            found[booking.session_id].append((booking.person_name, other))
            found[other.session_id].append((other.person_name, booking))
    return found


def _clash_message(person, other, visible_region_ids):
    """Names the other session only when the viewer may see it (one of their regions)."""
    if other.region_id in visible_region_ids:
        return _(
            "%(person)s also facilitates %(cohort)s, seminar %(number)s, at the same time."
        ) % {"person": person, "cohort": other.cohort_title, "number": other.seminar_number}
    return _("%(person)s also facilitates a session in another region at the same time.") % {
        "person": person
    }


# ---------------------------------------------------------------------------
# Entries and periods
# ---------------------------------------------------------------------------


@dataclass
class CalendarEntry:
    """One session as the calendar shows it, with its conflicts in words."""

    session: Session
    starts: datetime  # wall-clock time in the shown zone (naive, formatted as is)
    ends: datetime
    conflicts: list = field(default_factory=list)
    edit_url: str = ""  # set by the view
    move_url: str = ""

    @property
    def is_cancelled(self):
        return self.session.is_cancelled

    @property
    def is_moved(self):
        return self.session.status == SessionStatus.MOVED

    @property
    def ends_another_day(self):
        return self.ends.date() != self.starts.date()


def calendar_entries(
    *, sessions, overlaps, clashes, zone, visible_region_ids
) -> list[CalendarEntry]:
    """`sessions` as entries in `zone`; a cancelled session has no conflicts."""
    entries = []
    for session in sessions:
        conflicts = []
        if not session.is_cancelled:
            for other in overlaps.get(session.pk, []):
                conflicts.append(
                    _("Overlaps seminar %(number)s of the same cohort.")
                    % {"number": other.seminar_number}
                )
            messages = {
                _clash_message(person, other, visible_region_ids)
                for person, other in clashes.get(session.pk, [])
            }
            conflicts.extend(sorted(messages))
        entries.append(
            CalendarEntry(
                session=session,
                starts=session.starts_at.astimezone(zone).replace(tzinfo=None),
                ends=session.ends_at.astimezone(zone).replace(tzinfo=None),
                conflicts=conflicts,
            )
        )
    return entries


def first_of_week(*, day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def period(*, view: str, day: date) -> tuple[date, date]:
    """(first day, day after the last) of the month or the week (Monday first) holding `day`."""
    if view == WEEK:
        first = first_of_week(day=day)
        return first, first + timedelta(days=7)
    first = day.replace(day=1)
    last = calendar.monthrange(day.year, day.month)[1]
    return first, first.replace(day=last) + timedelta(days=1)


def shift_day(*, view: str, day: date, steps: int) -> date:
    """The day `steps` weeks (or the first of the month `steps` months) away from `day`."""
    if view == WEEK:
        return day + timedelta(days=7 * steps)
    month_index = day.year * 12 + day.month - 1 + steps
    return date(month_index // 12, month_index % 12 + 1, 1)


def _midnight(day, zone):
    """The first instant of `day` in `zone` (where midnight is skipped, the end of the gap)."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


# ---------------------------------------------------------------------------
# The calendar
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionCalendar:
    """A month or a week of sessions, ready to show."""

    view: str
    day: date
    first: date
    last: date
    entries: list[CalendarEntry]
    weeks: list = field(default_factory=list)  # month: rows of (day or None, entries)
    weekdays: list = field(default_factory=list)  # month: Monday to Sunday, for the headers
    days: list = field(default_factory=list)  # week: (day, entries)

    @property
    def conflict_count(self):
        return sum(1 for e in self.entries if e.conflicts)

    @property
    def cancelled_count(self):
        return sum(1 for e in self.entries if e.is_cancelled)


def month_grid(*, day: date, by_day) -> list[list[tuple]]:
    """The weeks (Monday first) of the month of `day`: (day, entries), (None, []) outside it."""
    return [
        [(d, by_day.get(d, [])) if d.month == day.month else (None, []) for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(day.year, day.month)
    ]


def week_days(*, first: date, by_day) -> list[tuple]:
    """The seven days from `first`, each with its entries."""
    return [
        (first + timedelta(days=i), by_day.get(first + timedelta(days=i), [])) for i in range(7)
    ]


def build_session_calendar(
    *, sessions, view: str, day: date, zone, region=None, visible_region_ids
) -> SessionCalendar:
    """The month or week holding `day`, in `zone`, of `sessions` (in `region` if given).

    Two queries: the sessions (with their neighbours across the edges, for
    overlaps) and every booking of the shown cohorts' facilitators around the
    period. Clashes with sessions outside `visible_region_ids` are not named.
    """
    first, after_last = period(view=view, day=day)
    range_start, range_end = _midnight(first, zone), _midnight(after_last, zone)
    margin = timedelta(minutes=MAX_SESSION_MINUTES)
    sessions = sessions.filter(starts_at__gt=range_start - margin, starts_at__lt=range_end + margin)
    if region is not None:
        sessions = sessions.filter(cohort__region=region)
    sessions = list(
        sessions.select_related("cohort", "cohort__region").order_by(
            "starts_at", "cohort__title", "seminar_number", "pk"
        )
    )
    shown = [s for s in sessions if range_start <= s.starts_at < range_end]
    bookings = facilitator_bookings(
        cohort_ids={s.cohort_id for s in shown if not s.is_cancelled},
        window_start=range_start - margin,
        window_end=range_end + margin,
    )
    entries = calendar_entries(
        sessions=shown,
        overlaps=cohort_overlaps(sessions=sessions),
        clashes=facilitator_clash_pairs(bookings=bookings),
        zone=zone,
        visible_region_ids=visible_region_ids,
    )

    by_day = defaultdict(list)
    for entry in entries:
        by_day[entry.starts.date()].append(entry)

    grid = {}
    if view == MONTH:
        grid["weeks"] = month_grid(day=day, by_day=by_day)
        # Any Monday to Sunday: the column headers' names.
        monday = first_of_week(day=first)
        grid["weekdays"] = [monday + timedelta(days=i) for i in range(7)]
    else:
        grid["days"] = week_days(first=first, by_day=by_day)
    return SessionCalendar(
        view=view,
        day=day,
        first=first,
        last=after_last - timedelta(days=1),
        entries=entries,
        **grid,
    )
