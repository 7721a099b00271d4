"""Read queries for the public side of cohorts: the catalogue and each cohort's page.

Only public cohorts are ever returned (open, full, running, completed: never a
draft or a cancelled one). Nothing here exposes how to join a session.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Case, Exists, F, IntegerField, Max, Min, OuterRef, Q, Value, When
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts.enums import PUBLIC_COHORT_STATUSES, CohortStatus, SessionStatus
from cohorts.models import Cohort, Session
from courses.models import ModulePage, TrackPage
from lms.models import Region
from lms.models.people import LANGUAGE_CHOICES

PUBLIC_STATUSES = sorted(PUBLIC_COHORT_STATUSES)
ACTIVE_SESSION_STATUSES = [SessionStatus.SCHEDULED, SessionStatus.MOVED]
CURRENT_STATUSES = [CohortStatus.OPEN, CohortStatus.FULL, CohortStatus.RUNNING]

_LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def public_cohort_queryset():
    """Public cohorts with their track and region, not annotated (for a single cohort)."""
    return Cohort.objects.filter(status__in=PUBLIC_STATUSES).select_related("track", "region")


def public_cohorts():
    """Public cohorts for the catalogue, each annotated with its first and last session.

    Cancelled sessions do not count towards the dates. Current and upcoming cohorts
    come first, then completed ones; within each, the earliest start first, cohorts
    without dates last.
    """
    active = Q(sessions__status__in=ACTIVE_SESSION_STATUSES)
    return (
        public_cohort_queryset()
        .annotate(
            first_session_at=Min("sessions__starts_at", filter=active),
            last_session_at=Max("sessions__starts_at", filter=active),
            current_first=Case(
                When(status__in=CURRENT_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("current_first", F("first_session_at").asc(nulls_last=True), "title", "pk")
    )


def cohorts_open_for_enrolment(queryset, *, now=None):
    """Cohorts open for enrolment now: status open and inside the enrolment window, if any."""
    now = now or timezone.now()
    return queryset.filter(status=CohortStatus.OPEN).filter(
        Q(enrolment_opens_at__isnull=True) | Q(enrolment_opens_at__lte=now),
        Q(enrolment_closes_at__isnull=True) | Q(enrolment_closes_at__gt=now),
    )


def _first_of_month(day: date, months_ahead: int = 0) -> date:
    index = day.year * 12 + (day.month - 1) + months_ahead
    return date(index // 12, index % 12 + 1, 1)


def month_choices(*, count: int = 12, today: date | None = None) -> list[tuple[str, str]]:
    """This month and the following ones, as ("YYYY-MM", "March 2027") in the viewer's zone."""
    today = today or timezone.localdate()
    months = [_first_of_month(today, ahead) for ahead in range(count)]
    return [(m.strftime("%Y-%m"), formats.date_format(m, "YEAR_MONTH_FORMAT")) for m in months]


def cohorts_with_session_in_month(queryset, month: str, *, zone=None):
    """Cohorts with a non-cancelled session starting in `month` ("YYYY-MM").

    The month is read in `zone` (default: the viewer's current zone), as the
    catalogue shows dates in that zone. A malformed month matches nothing.
    """
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except (TypeError, ValueError):
        return queryset.none()
    zone = zone or timezone.get_current_timezone()
    start = datetime(first.year, first.month, 1, tzinfo=zone)
    following = _first_of_month(first, 1)
    end = datetime(following.year, following.month, 1, tzinfo=zone)
    sessions = Session.objects.filter(
        cohort=OuterRef("pk"),
        status__in=ACTIVE_SESSION_STATUSES,
        starts_at__gte=start,
        starts_at__lt=end,
    )
    return queryset.filter(Exists(sessions))


def region_choices() -> list[tuple[str, str]]:
    """Every region, in the usual order (one query)."""
    return [(str(pk), name) for pk, name in Region.objects.values_list("pk", "name")]


def track_choices() -> list[tuple[str, str]]:
    """The published tracks, in the programme's order (one query)."""
    tracks = TrackPage.objects.live().order_by("path").values_list("pk", "title")
    return [(str(pk), title) for pk, title in tracks]


def language_name(code: str) -> str:
    """The name of a language in the current interface language (the code if unknown)."""
    name = _LANGUAGE_NAMES.get(code)
    return str(name) if name else code


def public_language_choices() -> list[tuple[str, str]]:
    """Languages public cohorts are taught in, named in the interface language (one query)."""
    codes = (
        Cohort.objects.filter(status__in=PUBLIC_STATUSES)
        .order_by()
        .values_list("language", flat=True)
        .distinct()
    )
    return sorted(((code, language_name(code)) for code in codes), key=lambda c: c[1].casefold())


def with_language_names(cohorts):
    """Sets `language_name` and `interpretation_names` (translated) on each cohort."""
    cohorts = list(cohorts)
    for cohort in cohorts:
        cohort.language_name = language_name(cohort.language)
        codes = cohort.interpretation_languages
        cohort.interpretation_names = (
            [language_name(str(code)) for code in codes] if isinstance(codes, list) else []
        )
    return cohorts


def duration_label(minutes: int) -> str:
    """How long a session lasts, e.g. "3 hours", "1 hour 30 minutes", "45 minutes"."""
    hours, rest = divmod(minutes, 60)
    hours_text = ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes_text = ngettext("%(count)d minute", "%(count)d minutes", rest) % {"count": rest}
    if hours and rest:
        return _("%(hours)s %(minutes)s") % {"hours": hours_text, "minutes": minutes_text}
    return hours_text if hours else minutes_text


@dataclass(frozen=True)
class ScheduleEntry:
    session: Session
    duration: str


@dataclass(frozen=True)
class Schedule:
    """A cohort's sessions in time order: those that take place, and the cancelled ones."""

    sessions: list[ScheduleEntry] = field(default_factory=list)
    cancelled: list[ScheduleEntry] = field(default_factory=list)


def cohort_schedule(cohort: Cohort) -> Schedule:
    """The public schedule of `cohort` (one query). Join links are never part of it."""
    sessions = (
        Session.objects.filter(cohort=cohort)
        .select_related("module")
        .defer("join_url")
        .order_by("starts_at", "seminar_number", "pk")
    )
    schedule = Schedule()
    for session in sessions:
        session.cohort = cohort
        entry = ScheduleEntry(session=session, duration=duration_label(session.duration_minutes))
        (schedule.cancelled if session.is_cancelled else schedule.sessions).append(entry)
    return schedule


def track_modules(track):
    """The published, public modules of a track, in seminar order."""
    return list(ModulePage.objects.child_of(track).live().public().order_by("number", "path"))
