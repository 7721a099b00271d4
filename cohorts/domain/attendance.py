"""Attendance rules: the register, self check-in, apologies and make-up guests.

Every write locks the session's row first, so two people saving one register,
a check-in and an import queue up instead of overwriting each other; a unique
constraint keeps one mark per person and session. Every change to a mark is
recorded as an `AttendanceChange` (who, when, before → after); saving a mark
that is already there records nothing.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.enums import AttendanceSource, AttendanceStatus, EnrolmentStatus
from cohorts.models import (
    Apology,
    Attendance,
    AttendanceChange,
    CheckInFailure,
    Enrolment,
    Session,
)

from .completion import completion_changed
from .exceptions import AttendanceError
from .local_time import local_label

CODE_DIGITS = 6
NOTE_MAX = 500


@dataclass(frozen=True)
class Mark:
    """What a register, a check-in or an import says of one person at one session."""

    status: str
    minutes: int | None = None
    note: str = ""


@dataclass
class RegisterRow:
    user: object
    enrolment: Enrolment | None
    attendance: Attendance | None
    apology: Apology | None

    @property
    def is_guest(self):
        """Marked at this session without a place in its cohort (a make-up, or withdrawn since)."""
        return self.enrolment is None


def _lock_session(session_id: int) -> Session:
    return (
        Session.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=session_id)
    )


def register_rows(session: Session) -> list[RegisterRow]:
    """Everyone on `session`'s register: the cohort's confirmed participants by name, then
    anyone else already marked (make-up guests, people who withdrew after being marked).

    Three queries, whatever the number of people.
    """
    enrolments = list(
        Enrolment.objects.filter(cohort_id=session.cohort_id, status=EnrolmentStatus.APPROVED)
        .select_related("user", "user__union")
        .order_by("user__full_name", "user__email", "pk")
    )
    marks = {
        a.user_id: a
        for a in Attendance.objects.filter(session=session).select_related("user", "user__union")
    }
    apologies = {a.user_id: a for a in Apology.objects.filter(session=session)}
    rows = [
        RegisterRow(
            user=e.user,
            enrolment=e,
            attendance=marks.pop(e.user_id, None),
            apology=apologies.get(e.user_id),
        )
        for e in enrolments
    ]
    for attendance in sorted(marks.values(), key=lambda a: (a.user.full_name, a.user.email)):
        rows.append(
            RegisterRow(
                user=attendance.user,
                enrolment=None,
                attendance=attendance,
                apology=apologies.get(attendance.user_id),
            )
        )
    return rows


def mark_problem(mark: Mark, *, session: Session) -> str | None:
    """Why `mark` cannot be saved for `session`, translated, or None."""
    if mark.status not in AttendanceStatus.values:
        return _("Choose one of the statuses offered.")
    if mark.minutes is not None and not 0 <= mark.minutes <= session.duration_minutes:
        return _("Minutes attended must be between 0 and %(max)s, the seminar's length.") % {
            "max": session.duration_minutes
        }
    if len(mark.note) > NOTE_MAX:
        return _("A note can be at most %(max)s characters long.") % {"max": NOTE_MAX}
    return None


def _apply(*, session, marks: dict[int, Mark], by, source, now, makeup_ids=frozenset()):
    """Write `marks` (person id → mark) for the locked `session`; return the number changed.

    Once committed, the completion of the session's cohort is looked at again, and that of
    the home cohorts of make-up guests whose marks changed.
    """
    existing = {
        a.user_id: a for a in Attendance.objects.filter(session=session, user_id__in=list(marks))
    }
    created, updated, changes = [], [], []
    for user_id, mark in marks.items():
        current = existing.get(user_id)
        if current is None:
            attendance = Attendance(
                session=session,
                user_id=user_id,
                status=mark.status,
                minutes_attended=mark.minutes,
                note=mark.note,
                source=source,
                is_makeup=user_id in makeup_ids,
                checked_in_at=now if source == AttendanceSource.CHECK_IN else None,
                updated_by=by,
                updated_at=now,
            )
            created.append(attendance)
            changes.append((attendance, "", None, ""))
            continue
        if mark_matches(current, mark):
            continue
        changes.append((current, current.status, current.minutes_attended, current.note))
        current.status, current.minutes_attended, current.note = (
            mark.status,
            mark.minutes,
            mark.note,
        )
        current.source, current.updated_by, current.updated_at = source, by, now
        updated.append(current)
    Attendance.objects.bulk_create(created)
    if updated:
        Attendance.objects.bulk_update(
            updated, ["status", "minutes_attended", "note", "source", "updated_by", "updated_at"]
        )
    AttendanceChange.objects.bulk_create(
        AttendanceChange(
            attendance=attendance,
            changed_by=by,
            changed_at=now,
            source=source,
            status_before=status_before,
            status_after=attendance.status,
            minutes_before=minutes_before,
            minutes_after=attendance.minutes_attended,
            note_before=note_before,
            note_after=attendance.note,
        )
        for attendance, status_before, minutes_before, note_before in changes
    )
    if changes:
        guests = [attendance.user_id for attendance, *_ in changes if attendance.is_makeup]
        _completion_changed(session, guest_ids=guests)
    return len(changes)


def mark_matches(attendance: Attendance, mark: Mark) -> bool:
    """Whether `attendance` already says what `mark` says (saving it would change nothing)."""
    return (attendance.status, attendance.minutes_attended, attendance.note) == (
        mark.status,
        mark.minutes,
        mark.note,
    )


def _completion_changed(session: Session, *, guest_ids) -> None:
    cohort_ids = {session.cohort_id}
    if guest_ids:
        # A guest's mark here makes up a seminar of their own cohort: look at that one too.
        cohort_ids |= set(
            Enrolment.objects.filter(
                user_id__in=guest_ids,
                status=EnrolmentStatus.APPROVED,
                cohort__track_id=session.cohort.track_id,
            )
            .exclude(cohort_id=session.cohort_id)
            .values_list("cohort_id", flat=True)
        )
    for cohort_id in sorted(cohort_ids):
        completion_changed(cohort_id)


def register_version(session: Session) -> int:
    """The latest change to `session`'s marks (0: none), sent with a register so that saving
    a page someone else has changed since it was loaded can be noticed."""
    latest = (
        AttendanceChange.objects.filter(attendance__session=session)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return latest or 0


def register_user_ids(session: Session) -> set[int]:
    """People who may be marked on `session`'s register (two queries)."""
    enrolled = Enrolment.objects.filter(
        cohort_id=session.cohort_id, status=EnrolmentStatus.APPROVED
    ).values_list("user_id", flat=True)
    marked = Attendance.objects.filter(session=session).values_list("user_id", flat=True)
    return {*enrolled, *marked}


class AttendanceConflict(AttendanceError):
    """Someone else changed some of these marks after the page was loaded."""

    def __init__(self, message, *, current: dict[int, Attendance]):
        super().__init__(message)
        self.current = current


def attendance_save(
    *,
    session: Session,
    marks: dict[int, Mark],
    by,
    source=AttendanceSource.REGISTER,
    since_version: int | None = None,
    now=None,
) -> int:
    """Save a register (or an import) for `session` in one transaction; return how many marks
    changed. Refuses the whole lot, changing nothing, if any mark is invalid or names someone
    who is not on the register, or (given the `register_version` the page was made from) if
    it would overwrite a mark someone else changed since."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session.pk)
        allowed = register_user_ids(session)
        if set(marks) - allowed:
            raise AttendanceError(
                _("Some of these people are not on this seminar's register. Nothing was saved.")
            )
        for mark in marks.values():
            problem = mark_problem(mark, session=session)
            if problem:
                raise AttendanceError(problem)
        if since_version is not None:
            _refuse_lost_updates(session, marks, since_version)
        return _apply(session=session, marks=marks, by=by, source=source, now=now)


def _refuse_lost_updates(session, marks, since_version) -> None:
    touched = set(
        AttendanceChange.objects.filter(
            attendance__session=session, pk__gt=since_version
        ).values_list("attendance__user_id", flat=True)
    )
    if not touched & set(marks):
        return
    current = {
        a.user_id: a
        for a in Attendance.objects.filter(session=session, user_id__in=touched & set(marks))
    }
    conflicts = {uid: a for uid, a in current.items() if not mark_matches(a, marks[uid])}
    if conflicts:
        raise AttendanceConflict(
            _(
                "Someone else changed some of these marks while you were editing. Nothing was "
                "saved: check the marked rows and save again."
            ),
            current=conflicts,
        )


def makeup_home_enrolment(*, session: Session, user) -> Enrolment | None:
    """The enrolment `user` makes up by attending `session`: a confirmed place in another
    cohort of the same track whose seminar of the same number they were excused from."""
    return (
        Enrolment.objects.filter(
            user=user,
            status=EnrolmentStatus.APPROVED,
            cohort__track_id=session.cohort.track_id,
            cohort__sessions__seminar_number=session.seminar_number,
            cohort__sessions__attendances__user=user,
            cohort__sessions__attendances__status=AttendanceStatus.EXCUSED,
        )
        .exclude(cohort_id=session.cohort_id)
        .select_related("cohort")
        .first()
    )


def attendance_add_makeup(*, session: Session, user, status: str, by, now=None) -> Attendance:
    """Put `user`, excused from the same seminar in another cohort of the track, on
    `session`'s register as a make-up guest with `status`."""
    now = now or timezone.now()
    mark = Mark(status=status)
    problem = mark_problem(mark, session=session)
    if problem:
        raise AttendanceError(problem, field="status")
    with transaction.atomic():
        session = _lock_session(session.pk)
        if user.pk in register_user_ids(session):
            raise AttendanceError(_("This person is already on the register."), field="email")
        if makeup_home_enrolment(session=session, user=user) is None:
            raise AttendanceError(
                _(
                    "Only someone with a place in another cohort of this track, excused from "
                    "seminar %(number)s there, can make it up here."
                )
                % {"number": session.seminar_number},
                field="email",
            )
        _apply(
            session=session,
            marks={user.pk: mark},
            by=by,
            source=AttendanceSource.REGISTER,
            now=now,
            makeup_ids={user.pk},
        )
        return Attendance.objects.get(session=session, user=user)


# --- Self check-in ---------------------------------------------------------------


def _has_place(session: Session, user) -> bool:
    return Enrolment.objects.filter(
        cohort_id=session.cohort_id, user=user, status=EnrolmentStatus.APPROVED
    ).exists()


def check_in_window(session: Session) -> tuple[datetime, datetime]:
    """When people may check themselves in: from shortly before the start to the end."""
    return (
        session.starts_at - timedelta(minutes=settings.CHECK_IN_OPENS_MINUTES),
        session.ends_at,
    )


def check_in_is_open(session: Session, *, now=None) -> bool:
    opens, closes = check_in_window(session)
    return not session.is_cancelled and opens <= (now or timezone.now()) < closes


def _step(at: datetime) -> int:
    return int(at.timestamp()) // settings.CHECK_IN_CODE_SECONDS


def _code_for_step(session: Session, step: int) -> str:
    # Derived, not stored: the code cannot leak from the database, and changes by itself.
    message = f"check-in:{session.uid}:{step}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


def check_in_code(session: Session, *, now=None) -> str:
    """The code the facilitator shows (and reads out) at `now`."""
    return _code_for_step(session, _step(now or timezone.now()))


def check_in_code_expires_at(*, now=None) -> datetime:
    now = now or timezone.now()
    seconds = settings.CHECK_IN_CODE_SECONDS
    return datetime.fromtimestamp((_step(now) + 1) * seconds, tz=now.tzinfo)


def normalise_code(raw: str) -> str:
    """Digits only: people type spaces or dashes between groups of three."""
    return "".join(ch for ch in str(raw) if not ch.isspace() and ch != "-")


def _code_matches(session: Session, code: str, now: datetime) -> bool:
    step = _step(now)
    # The previous code still counts: someone may have started typing just before it changed.
    return any(
        hmac.compare_digest(code, _code_for_step(session, candidate))
        for candidate in (step, step - 1)
    )


def check_in_attempts_left(*, session: Session, user, now=None) -> int:
    now = now or timezone.now()
    since = now - timedelta(minutes=settings.CHECK_IN_LOCKOUT_MINUTES)
    failures = CheckInFailure.objects.filter(
        session=session, user=user, attempted_at__gte=since
    ).count()
    return max(settings.CHECK_IN_MAX_ATTEMPTS - failures, 0)


def attendance_check_in(*, session: Session, user, code: str, now=None) -> Attendance:
    """Record `user` present (or late) at `session` with the facilitator's current code.

    Once per person; wrong codes are counted and, past the limit, refused for a while.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session.pk)
        if not _has_place(session, user):
            raise AttendanceError(_("Only people with a place in this cohort can check in."))
        opens, closes = check_in_window(session)
        if session.is_cancelled:
            raise AttendanceError(_("This seminar was cancelled."))
        if now < opens:
            raise AttendanceError(
                _("Check-in opens at %(time)s.")
                % {"time": local_label(opens, user.time_zone, fmt="H:i")}
            )
        if now >= closes:
            raise AttendanceError(_("Check-in for this seminar has closed."))
        existing = Attendance.objects.filter(session=session, user=user).first()
        if existing is not None:
            raise AttendanceError(
                _("Your attendance is already recorded: %(status)s.")
                % {"status": existing.get_status_display()}
            )
        if check_in_attempts_left(session=session, user=user, now=now) == 0:
            raise AttendanceError(
                _(
                    "Too many wrong codes. Wait %(minutes)s minutes, or ask the facilitator to "
                    "mark you on the register."
                )
                % {"minutes": settings.CHECK_IN_LOCKOUT_MINUTES}
            )
        code = normalise_code(code)
        if not (len(code) == CODE_DIGITS and code.isascii() and code.isdigit()) or not (
            _code_matches(session, code, now)
        ):
            # Counted in this transaction, which commits: the error is raised after it.
            CheckInFailure.objects.create(session=session, user=user)
            raise_after = True
        else:
            raise_after = False
            late = now > session.starts_at + timedelta(minutes=settings.CHECK_IN_LATE_AFTER_MINUTES)
            status = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
            _apply(
                session=session,
                marks={user.pk: Mark(status=status)},
                by=user,
                source=AttendanceSource.CHECK_IN,
                now=now,
            )
    if raise_after:
        raise AttendanceError(
            _("That code is wrong or has expired. Check the code the facilitator shows now."),
            field="code",
        )
    return Attendance.objects.get(session=session, user=user)


# --- Apologies -------------------------------------------------------------------


def apology_send(*, session: Session, user, reason: str, now=None) -> Apology:
    """Tell the cohort's coordinators and facilitators in advance that `user` will miss
    `session`, and why. Sending again replaces the reason."""
    now = now or timezone.now()
    reason = " ".join(str(reason).split())
    if not reason:
        raise AttendanceError(_("Say briefly why you cannot attend."), field="reason")
    if len(reason) > NOTE_MAX:
        raise AttendanceError(
            _("A reason can be at most %(max)s characters long.") % {"max": NOTE_MAX},
            field="reason",
        )
    if session.is_cancelled:
        raise AttendanceError(_("This seminar was cancelled."))
    if session.starts_at <= now:
        raise AttendanceError(
            _("This seminar has started; tell your coordinator directly."), field="reason"
        )
    if not _has_place(session, user):
        raise AttendanceError(_("Only people with a place in this cohort can send apologies."))
    apology, _created = Apology.objects.update_or_create(
        session=session, user=user, defaults={"reason": reason}
    )
    return apology


def apology_withdraw(*, session: Session, user, now=None) -> None:
    """Take back an apology before the seminar starts (the person will attend after all)."""
    now = now or timezone.now()
    if session.starts_at <= now:
        raise AttendanceError(_("This seminar has started; tell your coordinator directly."))
    Apology.objects.filter(session=session, user=user).delete()
