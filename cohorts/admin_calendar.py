"""The coordinators' calendar of a region's sessions and the time-slot helper (admin).

Two admin pages, both scoped like the rest of the delivery admin: a person sees
only the sessions and cohorts of the regions they coordinate (programme
administrators see every region), and a region outside those is a 404.

- The session calendar (month grid or week list) shows the sessions in a zone
  the coordinator chooses and labels conflicts in words: two sessions of one
  cohort that overlap, and a facilitator booked in two overlapping sessions of
  different cohorts. It costs the same number of queries whatever the number of
  sessions: one for the sessions, one for the facilitators' bookings.
- The time-slot helper shows what a proposed seminar start means in the main
  zones of a region and in the zones of a cohort's people, flagging night-time
  slots and slots that fall on another day.
"""

import calendar
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import policy_registry

from lms.admin_scoping import scope_queryset
from lms.domain.roles import coordinated_regions
from lms.models import Region, User, time_zone_choices

from .domain.exceptions import SchedulingError
from .domain.local_time import local_to_utc
from .domain.scheduling import MAX_SESSION_MINUTES
from .enums import SessionStatus
from .forms import FoldField, WallClockDateTimeField
from .models import Cohort, Session

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

# Dates the calendar accepts: far enough either way, and safe to convert between zones.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2199, 12, 31)

MONTH, WEEK = "month", "week"
VIEW_CHOICES = [(MONTH, gettext_lazy("Month")), (WEEK, gettext_lazy("Week"))]

# Used by the time-slot helper when no cohort (so no track) is chosen.
DEFAULT_SEMINAR_MINUTES = Session._meta.get_field("duration_minutes").default


# ---------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------


def _can_view_sessions(user):
    return policy_registry.get_by_type(Session).user_has_permission(user, "view")


def _viewer_regions(user):
    return list(coordinated_regions(user).order_by("sort_order", "name"))


def _zone_or_none(name):
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _default_zone_name(user):
    zone = getattr(user, "time_zone", "") or "UTC"
    return zone if _zone_or_none(zone) else "UTC"


# ---------------------------------------------------------------------------
# Conflicts, found with a fixed number of queries
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Booking:
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


def _overlaps(a_start, a_end, b_start, b_end):
    return a_start < b_end and b_start < a_end


def cohort_overlaps(sessions):
    """{session id: [other sessions of its cohort it overlaps]}; cancelled ones do not count."""
    by_cohort = defaultdict(list)
    for session in sessions:
        if not session.is_cancelled:
            by_cohort[session.cohort_id].append(session)
    found = defaultdict(list)
    for group in by_cohort.values():
        group.sort(key=lambda s: (s.starts_at, s.pk))
        for index, session in enumerate(group):
            for other in group[index + 1 :]:
                if other.starts_at >= session.ends_at:
                    break
                found[session.pk].append(other)
                found[other.pk].append(session)
    return found


def facilitator_bookings(cohort_ids, window_start, window_end):
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
            _Booking(
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


def facilitator_clash_pairs(bookings):
    """{session id: [(person name, other booking)]} for bookings of one person that overlap
    in different cohorts."""
    by_person = defaultdict(list)
    for booking in bookings:
        by_person[booking.person_id].append(booking)
    found = defaultdict(list)
    for items in by_person.values():
        items.sort(key=lambda b: (b.starts_at, b.session_id))
        for index, booking in enumerate(items):
            for other in items[index + 1 :]:
                if other.starts_at >= booking.ends_at:
                    break
                if other.cohort_id == booking.cohort_id:
                    continue  # the same cohort: reported as a cohort overlap
                found[booking.session_id].append((booking.person_name, other))
                found[other.session_id].append((other.person_name, booking))
    return found


# ---------------------------------------------------------------------------
# The calendar
# ---------------------------------------------------------------------------


class CalendarFilterForm(forms.Form):
    """What the calendar shows. Invalid values fall back to defaults, except the region."""

    view = forms.ChoiceField(label=gettext_lazy("Show"), choices=VIEW_CHOICES, required=False)
    date = forms.DateField(
        label=gettext_lazy("Date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Any day of the month or week to show."),
    )
    region = forms.TypedChoiceField(
        label=gettext_lazy("Region"), required=False, coerce=int, empty_value=None
    )
    tz = forms.ChoiceField(
        label=gettext_lazy("Show times in"), required=False, choices=time_zone_choices
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", _("All my regions")),
            *[(region.pk, region.name) for region in regions],
        ]

    def clean_date(self):
        day = self.cleaned_data.get("date")
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            raise forms.ValidationError(_("Choose a date between 2000 and 2199."))
        return day


@dataclass
class CalendarEntry:
    session: Session
    starts: datetime  # wall-clock time in the shown zone (naive, formatted as is)
    ends: datetime
    conflicts: list = field(default_factory=list)
    edit_url: str = ""
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


def _first_of_week(day):
    return day - timedelta(days=day.weekday())


def _period(view, day):
    """(first day, day after the last) of the month or the week (Monday first) holding `day`."""
    if view == WEEK:
        first = _first_of_week(day)
        return first, first + timedelta(days=7)
    first = day.replace(day=1)
    last = calendar.monthrange(day.year, day.month)[1]
    return first, first.replace(day=last) + timedelta(days=1)


def _midnight(day, zone):
    """The first instant of `day` in `zone` (where midnight is skipped, the end of the gap)."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def _shift(view, day, steps):
    if view == WEEK:
        return day + timedelta(days=7 * steps)
    month_index = day.year * 12 + day.month - 1 + steps
    return date(month_index // 12, month_index % 12 + 1, 1)


def _clash_message(person, other, visible_region_ids):
    """Names the other session only when the viewer may see it (one of their regions)."""
    if other.region_id in visible_region_ids:
        return _(
            "%(person)s also facilitates %(cohort)s, seminar %(number)s, at the same time."
        ) % {"person": person, "cohort": other.cohort_title, "number": other.seminar_number}
    return _("%(person)s also facilitates a session in another region at the same time.") % {
        "person": person
    }


def _calendar_entries(sessions, overlaps, clashes, zone, visible_region_ids):
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
                edit_url=reverse("sessions:edit", args=[session.pk]),
                move_url=reverse("sessions:move", args=[session.pk]),
            )
        )
    return entries


def session_calendar(request):
    user = request.user
    if not _can_view_sessions(user):
        raise PermissionDenied
    regions = _viewer_regions(user)
    region_ids = {region.pk for region in regions}
    form = CalendarFilterForm(request.GET, regions=regions)
    form.is_valid()
    errors = form.errors
    if "region" in errors:
        # Another region, a region that does not exist or nonsense: the same answer.
        raise Http404
    data = form.cleaned_data
    notices = []
    view = data.get("view") or MONTH
    if "view" in errors:
        notices.append(_("That view is not available; showing the month."))
    zone_name = data.get("tz") or _default_zone_name(user)
    if "tz" in errors:
        notices.append(_("That time zone is not known; showing your own."))
    zone = zoneinfo.ZoneInfo(zone_name)
    today = timezone.now().astimezone(zone).date()
    day = data.get("date") or today
    if "date" in errors:
        notices.append(_("That date was not understood; showing today."))
    region_id = data.get("region")
    region = next((r for r in regions if r.pk == region_id), None)

    first, after_last = _period(view, day)
    range_start, range_end = _midnight(first, zone), _midnight(after_last, zone)
    margin = timedelta(minutes=MAX_SESSION_MINUTES)
    # One query: the shown sessions and their neighbours (for overlaps across the edges).
    sessions = scope_queryset(Session.objects.all(), user, "cohort__region").filter(
        starts_at__gt=range_start - margin, starts_at__lt=range_end + margin
    )
    if region is not None:
        sessions = sessions.filter(cohort__region=region)
    sessions = list(
        sessions.select_related("cohort", "cohort__region").order_by(
            "starts_at", "cohort__title", "seminar_number", "pk"
        )
    )
    shown = [s for s in sessions if range_start <= s.starts_at < range_end]
    # One more: every booking of the shown cohorts' facilitators around the period.
    bookings = facilitator_bookings(
        {s.cohort_id for s in shown if not s.is_cancelled},
        range_start - margin,
        range_end + margin,
    )
    clashes = facilitator_clash_pairs(bookings)
    entries = _calendar_entries(shown, cohort_overlaps(sessions), clashes, zone, region_ids)

    by_day = defaultdict(list)
    for entry in entries:
        by_day[entry.starts.date()].append(entry)

    params = {"view": view, "date": day.isoformat(), "tz": zone_name}
    if region is not None:
        params["region"] = region.pk

    def link(**changes):
        return "?" + urlencode({**params, **changes})

    previous_day, next_day = _shift(view, day, -1), _shift(view, day, 1)
    context = {
        "view": view,
        "day": day,
        "first": first,
        "last": after_last - timedelta(days=1),
        "zone_name": zone_name,
        "region": region,
        "regions": regions,
        "show_region": region is None and len(regions) > 1,
        "entries": entries,
        "conflict_count": sum(1 for e in entries if e.conflicts),
        "cancelled_count": sum(1 for e in entries if e.is_cancelled),
        "notices": notices,
        "filter_form": CalendarFilterForm(
            initial={
                "view": view,
                "date": day,
                "region": region.pk if region else "",
                "tz": zone_name,
            },
            regions=regions,
        ),
        "previous_url": link(date=previous_day.isoformat()) if previous_day >= EARLIEST_DAY else "",
        "next_url": link(date=next_day.isoformat()) if next_day <= LATEST_DAY else "",
        "today_url": link(date=today.isoformat()),
        "month_url": link(view=MONTH),
        "week_url": link(view=WEEK),
        "time_slots_url": reverse("session_calendar:time_slots"),
    }
    if view == MONTH:
        context["weeks"] = [
            [(d, by_day.get(d, [])) if d.month == day.month else (None, []) for d in week]
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(day.year, day.month)
        ]
        # Any Monday to Sunday: the column headers' names.
        context["weekdays"] = [_first_of_week(first) + timedelta(days=i) for i in range(7)]
    else:
        context["days"] = [
            (first + timedelta(days=i), by_day.get(first + timedelta(days=i), [])) for i in range(7)
        ]
    return render(request, "cohorts/admin/session_calendar.html", context)


# ---------------------------------------------------------------------------
# The time-slot helper
# ---------------------------------------------------------------------------


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
    """The slot in the reference zone, the main zones and the people's zones, west to east."""
    people_zones = people_zones or {}
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    reference_day = starts_at.astimezone(zoneinfo.ZoneInfo(reference_zone)).date()
    names = list(dict.fromkeys([reference_zone, *main_zones, *people_zones]))
    rows = []
    for name in names:
        zone = _zone_or_none(name)
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


class TimeSlotForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=gettext_lazy("Cohort"),
        queryset=Cohort.objects.none(),
        required=False,
        help_text=gettext_lazy("The start is read in the cohort's time zone."),
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Or a region"),
        queryset=Region.objects.none(),
        required=False,
        help_text=gettext_lazy("When no cohort is chosen."),
    )
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Time zone (without a cohort)"),
        choices=time_zone_choices,
        required=False,
        help_text=gettext_lazy("Only when no cohort is chosen; empty: your own time zone."),
    )
    start = WallClockDateTimeField(
        label=gettext_lazy("Proposed start"),
        help_text=gettext_lazy("Date and time as read on a clock in that time zone."),
    )
    fold = FoldField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["time_zone"].choices = [("", _("My own time zone")), *time_zone_choices()]
        self.fields["cohort"].queryset = (
            scope_queryset(Cohort.objects.all(), user, "region")
            .select_related("region")
            .order_by("region__sort_order", "region__name", "title", "pk")
        )
        self.fields["cohort"].label_from_instance = lambda c: f"{c.title} ({c.region.name})"
        self.fields["region"].queryset = coordinated_regions(user).order_by("sort_order", "name")

    def clean(self):
        cleaned = super().clean()
        cohort, region = cleaned.get("cohort"), cleaned.get("region")
        if self.errors:
            return cleaned
        if cohort is None and region is None:
            raise forms.ValidationError(_("Choose a cohort or a region."))
        if cohort is not None and region is not None and cohort.region_id != region.pk:
            self.add_error("region", _("The cohort is in another region; leave the region empty."))
            return cleaned
        zone = (
            cohort.time_zone
            if cohort is not None
            else cleaned.get("time_zone") or _default_zone_name(self.user)
        )
        cleaned["zone"] = zone
        cleaned["region"] = region or cohort.region
        try:
            cleaned["starts_at"] = local_to_utc(cleaned["start"], zone, fold=cleaned.get("fold"))
        except SchedulingError as error:
            self.add_error("start", error.message)
        return cleaned


def _people_zones(cohort):
    """{zone: number of the cohort's coordinators and facilitators there}, one query."""
    people = User.objects.filter(
        Q(pk__in=cohort.coordinators.values("pk")) | Q(pk__in=cohort.facilitators.values("pk"))
    )
    return {
        row["time_zone"]: row["count"]
        for row in people.order_by().values("time_zone").annotate(count=Count("pk"))
    }


def time_slots(request):
    user = request.user
    if not _can_view_sessions(user):
        raise PermissionDenied
    form = TimeSlotForm(request.GET or None, user=user)
    context = {"form": form, "calendar_url": reverse("session_calendar:index")}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        cohort, region = data["cohort"], data["region"]
        minutes = (
            cohort.track.specific.seminar_minutes if cohort is not None else DEFAULT_SEMINAR_MINUTES
        )
        rows = time_slot_rows(
            starts_at=data["starts_at"],
            duration_minutes=minutes,
            reference_zone=data["zone"],
            main_zones=REGION_MAIN_ZONES.get(region.slug, []),
            people_zones=_people_zones(cohort) if cohort is not None else {},
        )
        context.update(
            cohort=cohort,
            region=region,
            zone_name=data["zone"],
            minutes=minutes,
            starts_at_utc=data["starts_at"].replace(tzinfo=None),
            local_start=data["start"],
            rows=rows,
            night_count=sum(1 for row in rows if row.is_night),
        )
    return render(request, "cohorts/admin/time_slots.html", context)


# ---------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------

urlpatterns = [
    path("", session_calendar, name="index"),
    path("time-slots/", time_slots, name="time_slots"),
]


@hooks.register("register_admin_urls")
def register_calendar_urls():
    return [path("session-calendar/", include((urlpatterns, "session_calendar")))]


class _CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return _can_view_sessions(request.user)


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item():
    return _CalendarMenuItem(
        gettext_lazy("Session calendar"),
        reverse("session_calendar:index"),
        name="session-calendar",
        icon_name="date",
        order=201,
    )
