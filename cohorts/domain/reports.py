"""Reports on delivery: one cohort's attendance matrix, and completion across cohorts.

Both are computed in a constant number of queries, so a report over a large
cohort or many cohorts costs the same number of round trips as a small one.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db.models import Count, DateField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _

from cohorts.enums import CohortStatus, EnrolmentStatus, SessionStatus
from cohorts.models import Cohort, Session

from .completion import Progress, SeminarState, cohort_completion, cohort_sessions
from .exceptions import AttendanceError
from .local_time import local_label, utc_to_local

# A seminar's own mark is shown, except where the completion rule says more than the mark:
# a made-up absence, or no mark at all (not yet marked, upcoming).
_STATE_SHOWN = frozenset({SeminarState.MADE_UP, SeminarState.UNMARKED, SeminarState.UPCOMING})

# How a seminar's day is written in the matrix: "Sat 21 Nov 2026".
DAY_FORMAT = "D j M Y"

# Longest period a completion report covers, in months.
MAX_REPORT_MONTHS = 60


# --- Attendance matrix -------------------------------------------------------------


@dataclass(frozen=True)
class MatrixColumn:
    """One seminar of the cohort, with how many confirmed participants attended it."""

    session: Session
    number: int
    title: str
    date_label: str  # the day with its zone: "Sat 21 Nov 2026 (Europe/London)"
    day_label: str  # the day alone, in the cohort's zone: "Sat 21 Nov 2026"
    attended: int


@dataclass(frozen=True)
class MatrixCell:
    state: str
    label: str
    minutes: int | None = None
    note: str = ""


@dataclass(frozen=True)
class MatrixRow:
    progress: Progress
    cells: list[MatrixCell]

    @property
    def person(self):
        return self.progress.user

    @property
    def union_name(self) -> str:
        union = self.progress.user.union
        return union.name if union else ""

    @property
    def state(self) -> str:
        return self.progress.state

    @property
    def state_label(self) -> str:
        return str(self.progress.state_label)

    @property
    def reasons(self) -> list[str]:
        return self.progress.reasons


@dataclass(frozen=True)
class AttendanceMatrix:
    cohort: Cohort
    columns: list[MatrixColumn]
    rows: list[MatrixRow]

    @property
    def totals(self) -> list[int]:
        return [column.attended for column in self.columns]


def _matrix_cell(cell) -> MatrixCell:
    attendance = cell.attendance
    if attendance is None or cell.state in _STATE_SHOWN:
        return MatrixCell(state=cell.state, label=str(cell.label))
    return MatrixCell(
        state=cell.state,
        label=str(attendance.get_status_display()),
        minutes=attendance.minutes_attended,
        note=attendance.note,
    )


def attendance_matrix(cohort: Cohort, *, now=None) -> AttendanceMatrix:
    """`cohort`'s confirmed participants (rows) against its seminars (columns).

    Each cell holds the person's mark (status and minutes) or, where the mark does not
    tell the story, the completion rule's word for it ("Made up", "Not yet marked");
    each column counts who attended; each row ends with the person's overall state.
    The queries of `cohort_completion` (seven at most), whatever the number of people and
    seminars.
    """
    progress = cohort_completion(cohort, now=now)
    sessions = [cell.session for cell in progress[0].cells] if progress else None
    if sessions is None:
        sessions = cohort_sessions(cohort)
    rows = [MatrixRow(progress=p, cells=[_matrix_cell(c) for c in p.cells]) for p in progress]
    columns = [
        MatrixColumn(
            session=session,
            number=session.seminar_number,
            title=session.module.title,
            date_label=local_label(session.starts_at, cohort.time_zone, fmt=DAY_FORMAT),
            day_label=formats.date_format(
                utc_to_local(session.starts_at, cohort.time_zone), DAY_FORMAT
            ),
            attended=sum(1 for p in progress if p.cells[index].state == SeminarState.ATTENDED),
        )
        for index, session in enumerate(sessions)
    ]
    return AttendanceMatrix(cohort=cohort, columns=columns, rows=rows)


# --- Completion by region and track over time --------------------------------------


@dataclass(frozen=True)
class CompletionRow:
    """Cohorts of one region and track whose last seminar fell in one month."""

    month: date
    region_id: int
    region_name: str
    region_order: int
    track_id: int
    track_title: str
    confirmed: int
    completed: int

    @property
    def rate(self) -> float | None:
        return self.completed / self.confirmed if self.confirmed else None


@dataclass(frozen=True)
class TrackSeries:
    """One track's completion per month, all the report's regions together."""

    track_id: int
    title: str
    # month → (completed, confirmed); months without a cohort ending are left out.
    points: dict[date, tuple[int, int]] = field(default_factory=dict)

    def rate(self, month: date) -> float | None:
        completed, confirmed = self.points.get(month, (0, 0))
        return completed / confirmed if confirmed else None


@dataclass(frozen=True)
class CompletionReport:
    start: date
    end: date
    months: list[date]
    rows: list[CompletionRow]

    @property
    def regions(self) -> list[str]:
        """The regions with a cohort in the report, in the regions' own order."""
        ordered = sorted(self.rows, key=lambda r: (r.region_order, r.region_name, r.region_id))
        return list(dict.fromkeys(row.region_name for row in ordered))

    @property
    def series(self) -> list[TrackSeries]:
        by_track: dict[int, TrackSeries] = {}
        for row in sorted(self.rows, key=lambda r: (r.track_title, r.track_id)):
            series = by_track.setdefault(
                row.track_id, TrackSeries(track_id=row.track_id, title=row.track_title)
            )
            completed, confirmed = series.points.get(row.month, (0, 0))
            series.points[row.month] = (completed + row.completed, confirmed + row.confirmed)
        return list(by_track.values())


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """Every month from `start`'s to `end`'s, both included, as their first days."""
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


def _last_seminar_start(cohort_ref: str = "pk"):
    return Subquery(
        Session.objects.filter(cohort_id=OuterRef(cohort_ref))
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )


def completion_report(*, cohorts_qs: QuerySet[Cohort], start: date, end: date) -> CompletionReport:
    """Completion per month (of each cohort's last seminar, in UTC) and per region and
    track, over the cohorts of `cohorts_qs` (the viewer's scope, already filtered) whose last
    seminar falls in the months from `start` to `end`. Draft and cancelled cohorts are left
    out.

    Confirmed: participants holding a confirmed place. Completed: valid certificates
    (not revoked). A certificate is issued exactly when a participant completes, so
    counting them answers in one query for any number of cohorts, where recomputing
    every participant's progress (`cohort_completion`) costs several queries per
    cohort; a revoked certificate no longer counts, as the person no longer holds it.
    """
    start, end = month_start(start), month_start(end)
    if start > end:
        raise AttendanceError(_("The first month must not come after the last."), field="start")
    months = months_between(start, end)
    if len(months) > MAX_REPORT_MONTHS:
        raise AttendanceError(
            _("A report covers at most %(max)s months.") % {"max": MAX_REPORT_MONTHS},
            field="start",
        )
    since = datetime(start.year, start.month, 1, tzinfo=UTC)
    after = next_month(end)
    until = datetime(after.year, after.month, 1, tzinfo=UTC)
    valid_certificate = Q(
        enrolments__status=EnrolmentStatus.APPROVED,
        enrolments__certificates__revoked_at__isnull=True,
    )
    grouped = (
        Cohort.objects.filter(pk__in=cohorts_qs.values("pk"))
        .exclude(status__in=(CohortStatus.DRAFT, CohortStatus.CANCELLED))
        .annotate(last_start=_last_seminar_start())
        .filter(last_start__gte=since, last_start__lt=until)
        .annotate(month=TruncMonth("last_start", output_field=DateField(), tzinfo=UTC))
        .values(
            "month", "region_id", "region__name", "region__sort_order", "track_id", "track__title"
        )
        .annotate(
            confirmed=Count(
                "enrolments",
                filter=Q(enrolments__status=EnrolmentStatus.APPROVED),
                distinct=True,
            ),
            completed=Count("enrolments__certificates", filter=valid_certificate, distinct=True),
        )
        .order_by("month", "region__sort_order", "region__name", "track__title", "track_id")
    )
    rows = [
        CompletionRow(
            month=values["month"],
            region_id=values["region_id"],
            region_name=values["region__name"],
            region_order=values["region__sort_order"],
            track_id=values["track_id"],
            track_title=values["track__title"],
            confirmed=values["confirmed"],
            completed=values["completed"],
        )
        for values in grouped
    ]
    return CompletionReport(start=start, end=end, months=months, rows=rows)
