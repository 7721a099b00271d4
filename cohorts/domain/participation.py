"""What a participant sees of their own enrolments: places, applications, offers, clashes."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from cohorts.enums import ACTIVE_ENROLMENT_STATUSES, EnrolmentStatus, SessionStatus
from cohorts.models import Apology, Cohort, Enrolment, Session

from .attendance import check_in_is_open
from .completion import person_progress
from .enrolment import waitlist_position, with_waitlist_ahead
from .recordings import recording_watchable, recordings_visible_to
from .session_calendar import overlapping_pairs


@dataclass(frozen=True)
class SessionClash:
    session: Session
    other: Session


def _active_sessions():
    return Session.objects.exclude(status=SessionStatus.CANCELLED).select_related(
        "cohort", "module"
    )


def clashes_with_my_cohorts(*, user, cohort: Cohort) -> list[SessionClash]:
    """Sessions of `cohort` that overlap sessions of the other cohorts `user` is in or applying to.

    Two queries, whatever the number of cohorts.
    """
    if not getattr(user, "pk", None):
        return []
    mine = list(_active_sessions().filter(cohort=cohort))
    if not mine:
        return []
    window = Q(starts_at__lt=max(s.ends_at for s in mine)) & Q(
        starts_at__gt=min(s.starts_at for s in mine) - timedelta(hours=10)
    )
    others = list(
        _active_sessions()
        .filter(window)
        .exclude(cohort=cohort)
        .filter(
            Q(
                cohort__enrolments__user=user,
                cohort__enrolments__status__in=ACTIVE_ENROLMENT_STATUSES,
            )
            | Q(cohort__coordinators=user)
            | Q(cohort__facilitators=user)
        )
        .distinct()
    )
    clashes = []
    for first, second in overlapping_pairs([*mine, *others], key=lambda s: s.pk):
        if (first.cohort_id == cohort.pk) != (second.cohort_id == cohort.pk):
            ours, theirs = (first, second) if first.cohort_id == cohort.pk else (second, first)
            clashes.append(SessionClash(session=ours, other=theirs))
    return clashes


@dataclass(frozen=True)
class SessionRow:
    """A session as one enrolment shows it (several enrolments may share a session)."""

    session: Session
    is_past: bool
    join_visible: bool
    # For a confirmed place: the person's mark and completion state, whether they may check
    # in now, and the apology they sent.
    cell: object = None
    check_in_open: bool = False
    apology: object = None
    recording: object = None


@dataclass
class DashboardEntry:
    enrolment: Enrolment
    sessions: list
    rows: list = field(default_factory=list)
    position: int | None = None
    clashes: list = field(default_factory=list)
    progress: object = None


def join_link_visible(session: Session, *, now=None) -> bool:
    """Join links are shown from shortly before the start until the end of the session."""
    now = now or timezone.now()
    opens = session.starts_at - timedelta(minutes=settings.JOIN_LINK_REVEAL_MINUTES)
    return bool(session.join_url) and not session.is_cancelled and opens <= now < session.ends_at


def my_enrolments(*, user, now=None) -> tuple[list[DashboardEntry], list[DashboardEntry]]:
    """(current, past) enrolments of `user`, with sessions, waiting-list positions, clashes,
    and for confirmed places their marks, apologies and progress towards completion.

    A constant number of queries: enrolments with cohorts, tracks and waiting-list
    positions, their sessions, then the attendance evidence and apologies.
    """
    now = now or timezone.now()
    enrolments = list(
        with_waitlist_ahead(Enrolment.objects.filter(user=user))
        .select_related("cohort", "cohort__track", "cohort__region", "submission")
        .prefetch_related(
            Prefetch(
                "cohort__sessions",
                queryset=Session.objects.select_related("module").order_by("starts_at"),
            )
        )
        .order_by("-applied_at", "-pk")
    )
    progress = person_progress(user=user, enrolments=enrolments, now=now)
    apologies = {
        a.session_id: a
        for a in Apology.objects.filter(
            user=user, session__cohort__in={e.cohort_id for e in enrolments if e.pk in progress}
        )
    }
    recordings = _recordings_by_session(user, enrolments)
    current, past = [], []
    for enrolment in enrolments:
        sessions = list(enrolment.cohort.sessions.all())
        mine = progress.get(enrolment.pk)
        cells = {cell.session.pk: cell for cell in mine.cells} if mine else {}
        # Rows, not attributes on the sessions: the prefetch shares one Session object
        # between enrolments of the same cohort (a withdrawn and a current one, say).
        rows = [
            SessionRow(
                session=session,
                is_past=session.ends_at <= now,
                join_visible=enrolment.status == EnrolmentStatus.APPROVED
                and join_link_visible(session, now=now),
                cell=cells.get(session.pk),
                check_in_open=mine is not None and check_in_is_open(session, now=now),
                apology=apologies.get(session.pk) if mine else None,
                recording=recordings.get(session.pk) if mine else None,
            )
            for session in sessions
        ]
        entry = DashboardEntry(enrolment=enrolment, sessions=sessions, rows=rows, progress=mine)
        entry.position = waitlist_position(enrolment)
        (current if enrolment.is_active else past).append(entry)
    # Clashes between the person's own current cohorts, from the sessions already loaded.
    slots = [
        _Slot(session.starts_at, session.ends_at, index, session)
        for index, entry in enumerate(current)
        for session in entry.sessions
        if not session.is_cancelled
    ]
    for a, b in overlapping_pairs(slots, key=lambda slot: slot.session.pk):
        if a.entry_index != b.entry_index:
            current[a.entry_index].clashes.append(SessionClash(session=a.session, other=b.session))
            current[b.entry_index].clashes.append(SessionClash(session=b.session, other=a.session))
    return current, past


def _recordings_by_session(user, enrolments) -> dict:
    """The first recording the person may watch of each session of their confirmed places."""
    cohort_ids = {e.cohort_id for e in enrolments if e.status == EnrolmentStatus.APPROVED}
    if not cohort_ids:
        return {}
    found = {}
    for recording in (
        recordings_visible_to(user)
        .filter(recording_watchable(), session__cohort_id__in=cohort_ids)
        .order_by("session_id", "created_at", "pk")
    ):
        found.setdefault(recording.session_id, recording)
    return found


@dataclass(frozen=True)
class _Slot:
    starts_at: object
    ends_at: object
    entry_index: int
    session: Session
