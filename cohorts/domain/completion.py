"""Completion: who has attended every seminar and had the practical part accepted.

The programme's rule: a participant completes a cohort when every seminar is
attended (present; late or left early above the cohort's minimum share) and the
practical part is accepted. An excused absence is made up by attending the same
seminar in another cohort of the track or, where the cohort allows, by watching
its recording. Future seminars count too, so people are shown as on track, at
risk, or unable to complete while the cohort runs.

Computed for a whole cohort in a constant number of queries.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.enums import (
    ATTENDED_STATUSES,
    AttendanceStatus,
    EnrolmentStatus,
    ProgressState,
    SessionStatus,
    SubmissionStatus,
)
from cohorts.models import Attendance, Certificate, Cohort, Enrolment, Session


class SeminarState:
    ATTENDED = "attended"
    MADE_UP = "made_up"
    EXCUSED = "excused"  # excused, not (yet) made up
    MISSED = "missed"
    UNMARKED = "unmarked"  # held, but nobody has marked it
    UPCOMING = "upcoming"


SEMINAR_STATE_LABELS = {
    SeminarState.ATTENDED: gettext_lazy("Attended"),
    SeminarState.MADE_UP: gettext_lazy("Made up"),
    SeminarState.EXCUSED: gettext_lazy("Excused: to make up"),
    SeminarState.MISSED: gettext_lazy("Missed"),
    SeminarState.UNMARKED: gettext_lazy("Not yet marked"),
    SeminarState.UPCOMING: gettext_lazy("Upcoming"),
}

# The recordings hook: callables (sessions, user ids) → {(session id, user id)} of people who
# watched enough of a session's recording to make up an excused absence. Recordings register
# theirs; only cohorts that allow it consult them.
RecordingMakeups = Callable[[list[Session], set[int]], set[tuple[int, int]]]
_recording_makeup_providers: list[RecordingMakeups] = []


def register_recording_makeups(provider: RecordingMakeups) -> RecordingMakeups:
    if provider not in _recording_makeup_providers:
        _recording_makeup_providers.append(provider)
    return provider


def unregister_recording_makeups(provider: RecordingMakeups) -> None:
    if provider in _recording_makeup_providers:
        _recording_makeup_providers.remove(provider)


def counts_as_attended(
    status: str, minutes: int | None, *, duration: int, min_percent: int
) -> bool:
    """Present always counts; late or left early count from the cohort's minimum share of the
    seminar (or when the minutes are not known)."""
    if status == AttendanceStatus.PRESENT:
        return True
    if status in (AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY):
        return minutes is None or minutes * 100 >= min_percent * duration
    return False


@dataclass
class SeminarCell:
    session: Session
    state: str
    attendance: Attendance | None = None

    @property
    def label(self):
        return SEMINAR_STATE_LABELS[self.state]


@dataclass
class Progress:
    enrolment: Enrolment
    cells: list[SeminarCell]
    state: str
    reasons: list[str] = field(default_factory=list)
    certificate: Certificate | None = None

    @property
    def user(self):
        return self.enrolment.user

    @property
    def submission(self):
        return getattr(self.enrolment, "submission", None)

    @property
    def state_label(self):
        return ProgressState(self.state).label


def cohort_sessions(cohort: Cohort) -> list[Session]:
    """The cohort's seminars that count: every session not cancelled, in seminar order."""
    return list(
        Session.objects.filter(cohort=cohort)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("module")
        .order_by("seminar_number", "starts_at")
    )


@dataclass
class _Evidence:
    """What completion needs beyond a cohort's own sessions and enrolments, loaded once for
    many cohorts: marks, make-ups elsewhere, chances left to make up, recordings watched,
    valid certificates."""

    marks: dict
    # (user id, track id, seminar number, cohort id) attended in some cohort.
    attended_anywhere: set
    # (track id, seminar number, cohort id) still to be held.
    upcoming_anywhere: set
    watched: set
    certificates: dict


def _load_evidence(groups, *, user_ids, now) -> _Evidence:
    """`groups`: [(cohort, sessions, enrolments)]. `user_ids`: a list or a values() queryset
    of the people concerned. Four queries (plus one per recordings provider)."""
    session_ids = [s.pk for _cohort, sessions, _people in groups for s in sessions]
    track_ids = {cohort.track_id for cohort, _sessions, _people in groups}
    numbers = {s.seminar_number for _cohort, sessions, _people in groups for s in sessions}
    enrolment_ids = [e.pk for _cohort, _sessions, people in groups for e in people]
    marks = {
        (a.session_id, a.user_id): a
        for a in Attendance.objects.filter(session_id__in=session_ids, user_id__in=user_ids)
    }
    rows = (
        Attendance.objects.filter(
            user_id__in=user_ids,
            session__cohort__track_id__in=track_ids,
            session__seminar_number__in=numbers,
            status__in=ATTENDED_STATUSES,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .values_list(
            "user_id",
            "session__cohort__track_id",
            "session__seminar_number",
            "session__cohort_id",
            "status",
            "minutes_attended",
            "session__duration_minutes",
            "session__cohort__attended_min_percent",
        )
    )
    attended_anywhere = {
        (user_id, track_id, number, cohort_id)
        for user_id, track_id, number, cohort_id, status, minutes, duration, minimum in rows
        if counts_as_attended(status, minutes, duration=duration, min_percent=minimum)
    }
    upcoming_anywhere = set(
        Session.objects.filter(
            cohort__track_id__in=track_ids, seminar_number__in=numbers, starts_at__gt=now
        )
        .exclude(status=SessionStatus.CANCELLED)
        .values_list("cohort__track_id", "seminar_number", "cohort_id")
    )
    watched = set()
    allowing = [
        s for cohort, sessions, _p in groups if cohort.recording_makeup_allowed for s in sessions
    ]
    if allowing:
        people = {e.user_id for _c, _s, group in groups for e in group}
        for provider in _recording_makeup_providers:
            watched |= set(provider(allowing, people))
    certificates = {
        c.enrolment_id: c
        for c in Certificate.objects.filter(
            Q(revoked_at__isnull=True), enrolment_id__in=enrolment_ids
        )
    }
    return _Evidence(marks, attended_anywhere, upcoming_anywhere, watched, certificates)


def _progress_of_groups(groups, *, user_ids, now) -> list["Progress"]:
    groups = [g for g in groups if g[2]]
    if not groups:
        return []
    evidence = _load_evidence(groups, user_ids=user_ids, now=now)
    result = []
    for cohort, sessions, people in groups:
        elsewhere = {
            (user_id, number)
            for user_id, track_id, number, cohort_id in evidence.attended_anywhere
            if track_id == cohort.track_id and cohort_id != cohort.pk
        }
        chances = {
            number
            for track_id, number, cohort_id in evidence.upcoming_anywhere
            if track_id == cohort.track_id and cohort_id != cohort.pk
        }
        for enrolment in people:
            result.append(
                _progress(
                    enrolment,
                    sessions,
                    marks=evidence.marks,
                    elsewhere=elsewhere,
                    watched=evidence.watched,
                    chances=chances,
                    cohort=cohort,
                    now=now,
                    certificate=evidence.certificates.get(enrolment.pk),
                )
            )
    return result


def cohort_completion(
    cohort: Cohort, *, now=None, enrolments: Iterable[Enrolment] | None = None
) -> list[Progress]:
    """Each confirmed participant's progress in `cohort` (or only those of `enrolments`).

    Six queries, whatever the number of people and seminars (plus one per recordings
    provider where the cohort counts recordings).
    """
    now = now or timezone.now()
    sessions = cohort_sessions(cohort)
    enrolments_qs = Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.APPROVED)
    if enrolments is not None:
        enrolments_qs = enrolments_qs.filter(pk__in=[e.pk for e in enrolments])
    people = list(
        enrolments_qs.select_related("user", "user__union", "submission").order_by(
            "user__full_name", "user__email", "pk"
        )
    )
    return _progress_of_groups(
        [(cohort, sessions, people)], user_ids=enrolments_qs.values("user_id"), now=now
    )


def person_progress(*, user, enrolments: Iterable[Enrolment], now=None) -> dict[int, Progress]:
    """Progress of `user` in each cohort where their place is confirmed, keyed by enrolment id.

    The enrolments must come with their cohort, the cohort's sessions prefetched and
    `submission` selected (as "My cohorts" loads them); four queries for all of them.
    """
    now = now or timezone.now()
    groups = [
        (
            enrolment.cohort,
            sorted(
                (s for s in enrolment.cohort.sessions.all() if not s.is_cancelled),
                key=lambda s: (s.seminar_number, s.starts_at),
            ),
            [enrolment],
        )
        for enrolment in enrolments
        if enrolment.status == EnrolmentStatus.APPROVED
    ]
    return {p.enrolment.pk: p for p in _progress_of_groups(groups, user_ids=[user.pk], now=now)}


def _cell(session, attendance, *, user_id, cohort, elsewhere, watched, now) -> SeminarCell:
    if attendance is None:
        state = SeminarState.UPCOMING if session.ends_at > now else SeminarState.UNMARKED
        return SeminarCell(session=session, state=state)
    if counts_as_attended(
        attendance.status,
        attendance.minutes_attended,
        duration=session.duration_minutes,
        min_percent=cohort.attended_min_percent,
    ):
        state = SeminarState.ATTENDED
    elif attendance.status == AttendanceStatus.EXCUSED:
        made_up = (user_id, session.seminar_number) in elsewhere or (
            session.pk,
            user_id,
        ) in watched
        state = SeminarState.MADE_UP if made_up else SeminarState.EXCUSED
    else:
        state = SeminarState.MISSED
    return SeminarCell(session=session, state=state, attendance=attendance)


def _progress(
    enrolment, sessions, *, marks, elsewhere, watched, chances, cohort, now, certificate
) -> Progress:
    user_id = enrolment.user_id
    cells = [
        _cell(
            session,
            marks.get((session.pk, user_id)),
            user_id=user_id,
            cohort=cohort,
            elsewhere=elsewhere,
            watched=watched,
            now=now,
        )
        for session in sessions
    ]
    submission = getattr(enrolment, "submission", None)
    practical = submission.status if submission else None
    reasons = []
    cannot = False
    for cell in cells:
        number = cell.session.seminar_number
        if cell.state == SeminarState.MISSED:
            cannot = True
            reasons.append(_("Missed seminar %(number)s.") % {"number": number})
        elif cell.state == SeminarState.EXCUSED:
            can_make_up = number in chances or cohort.recording_makeup_allowed
            if not can_make_up:
                cannot = True
                reasons.append(
                    _("Excused from seminar %(number)s, with no way left to make it up.")
                    % {"number": number}
                )
            else:
                reasons.append(
                    _("Excused from seminar %(number)s: still to make up.") % {"number": number}
                )
        elif cell.state == SeminarState.UNMARKED:
            reasons.append(_("Seminar %(number)s is not yet marked.") % {"number": number})
    all_held = all(cell.session.ends_at <= now for cell in cells)
    if practical == SubmissionStatus.NEEDS_REVISION:
        reasons.append(_("The practical part needs revision."))
    elif practical is None and all_held:
        reasons.append(_("The practical part has not been submitted."))
    if not sessions:
        state = ProgressState.ON_TRACK
    elif cannot:
        state = ProgressState.CANNOT_COMPLETE
    elif practical == SubmissionStatus.ACCEPTED and all(
        cell.state in (SeminarState.ATTENDED, SeminarState.MADE_UP) for cell in cells
    ):
        state = ProgressState.COMPLETED
    elif reasons:
        state = ProgressState.AT_RISK
    else:
        state = ProgressState.ON_TRACK
    return Progress(
        enrolment=enrolment, cells=cells, state=state, reasons=reasons, certificate=certificate
    )


def completion_changed(cohort_id: int) -> None:
    """Marks or a review changed in a cohort: once committed, issue the certificates now due.

    Never fails the change: with the broker down the task is not queued, and the hourly
    sweep (`certificates_issue_due_recent`) issues them instead."""
    from cohorts.tasks import issue_due_certificates
    from lms.jobs import enqueue_after_commit

    enqueue_after_commit(issue_due_certificates, cohort_id)


def enrolment_progress(enrolment: Enrolment, *, now=None) -> Progress | None:
    """One participant's progress (None unless their place is confirmed)."""
    found = cohort_completion(enrolment.cohort, now=now, enrolments=[enrolment])
    return found[0] if found else None
