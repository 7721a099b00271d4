"""Scheduling rules for cohorts and their sessions.

Writes are keyword-only `<entity>_<action>` functions. Every rule raises a
`SchedulingError` with a translated message (and the form field it concerns),
and changes nothing when it does.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cohorts.enums import CohortStatus, SessionStatus
from cohorts.models import Cohort, Session
from courses.models import ModulePage

from .exceptions import SchedulingError
from .local_time import local_to_utc, utc_to_local
from .session_mail import CANCELLED, DETAILS, MOVED, session_change_notify

# Sessions never last longer than this: bounds the facilitator-clash window.
MAX_SESSION_MINUTES = 600


@dataclass(frozen=True)
class Clash:
    """A facilitator booked in two overlapping sessions: a warning, not an error."""

    facilitator: object
    session: Session
    other: Session

    def __str__(self):
        return _(
            "%(person)s also facilitates %(cohort)s, seminar %(number)s, at the same time."
        ) % {
            "person": self.facilitator,
            "cohort": self.other.cohort,
            "number": self.other.seminar_number,
        }


def _local_label(instant, cohort):
    return formats.date_format(utc_to_local(instant, cohort.time_zone), "DATETIME_FORMAT")


def _modules(cohort):
    return list(ModulePage.objects.child_of(cohort.track).order_by("number"))


def _check_start(cohort, starts_at, *, now=None):
    now = now or timezone.now()
    if starts_at <= now:
        raise SchedulingError(_("A session cannot start in the past."), field="starts_at")
    if cohort.ends_on and utc_to_local(starts_at, cohort.time_zone).date() > cohort.ends_on:
        raise SchedulingError(
            _("The cohort ends on %(day)s; a session cannot start after that.")
            % {"day": formats.date_format(cohort.ends_on, "DATE_FORMAT")},
            field="starts_at",
        )


def _check_no_overlap(cohort, candidate, *, exclude_pk=None):
    """Sessions of one cohort never overlap (cancelled ones do not count)."""
    others = Session.objects.filter(cohort=cohort).exclude(status=SessionStatus.CANCELLED)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    for other in others:
        if other.starts_at < candidate.ends_at and candidate.starts_at < other.ends_at:
            raise SchedulingError(
                _("This overlaps seminar %(number)s of the same cohort (%(when)s).")
                % {"number": other.seminar_number, "when": _local_label(other.starts_at, cohort)},
                field="starts_at",
            )


def _check_order(cohort, candidate, *, exclude_pk=None):
    """Seminar n+1 starts after seminar n has ended."""
    others = Session.objects.filter(cohort=cohort).exclude(status=SessionStatus.CANCELLED)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    for other in others:
        if other.seminar_number < candidate.seminar_number and other.ends_at > candidate.starts_at:
            raise SchedulingError(
                _("Seminar %(this)s must start after seminar %(other)s has ended (%(when)s).")
                % {
                    "this": candidate.seminar_number,
                    "other": other.seminar_number,
                    "when": _local_label(other.ends_at, cohort),
                },
                field="starts_at",
            )
        if other.seminar_number > candidate.seminar_number and other.starts_at < candidate.ends_at:
            raise SchedulingError(
                _("Seminar %(this)s must end before seminar %(other)s starts (%(when)s).")
                % {
                    "this": candidate.seminar_number,
                    "other": other.seminar_number,
                    "when": _local_label(other.starts_at, cohort),
                },
                field="starts_at",
            )


def facilitator_clashes(session: Session) -> list[Clash]:
    """Other sessions, in any cohort, that one of this session's facilitators is also booked in."""
    facilitators = list(session.cohort.facilitators.all())
    if not facilitators:
        return []
    window_start = session.starts_at - timedelta(minutes=MAX_SESSION_MINUTES)
    candidates = (
        Session.objects.filter(
            cohort__facilitators__in=facilitators,
            starts_at__lt=session.ends_at,
            starts_at__gt=window_start,
        )
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(cohort=session.cohort)
        .select_related("cohort")
        .prefetch_related("cohort__facilitators")
        .distinct()
    )
    clashes = []
    for other in candidates:
        if other.ends_at <= session.starts_at:
            continue
        shared = set(other.cohort.facilitators.all()) & set(facilitators)
        clashes.extend(Clash(person, session, other) for person in sorted(shared, key=str))
    return clashes


def _validate(cohort, candidate, *, exclude_pk=None):
    _check_start(cohort, candidate.starts_at)
    _check_no_overlap(cohort, candidate, exclude_pk=exclude_pk)
    if cohort.status != CohortStatus.DRAFT:
        _check_order(cohort, candidate, exclude_pk=exclude_pk)


def cohort_schedule_create(
    *,
    cohort: Cohort,
    first_start_local: datetime,
    interval_days: int = 7,
    fold: int | None = None,
    mode: str | None = None,
    join_url: str = "",
    venue: str = "",
) -> list[Session]:
    """Create one session per module of the cohort's track, `interval_days` apart.

    Later seminars keep the same wall-clock time in the cohort's zone across
    daylight-saving changes, which is what people put in their diaries.
    """
    if interval_days < 1 or interval_days > 60:
        raise SchedulingError(
            _("Choose between 1 and 60 days between seminars."), field="interval_days"
        )
    modules = _modules(cohort)
    if not modules:
        raise SchedulingError(_("The track has no published modules to schedule."))
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if cohort.sessions.exclude(status=SessionStatus.CANCELLED).exists():
            raise SchedulingError(
                _("This cohort already has sessions; move or cancel them instead.")
            )
        created = []
        for index, module in enumerate(modules):
            local = first_start_local + timedelta(days=interval_days * index)
            try:
                starts_at = local_to_utc(local, cohort.time_zone, fold=fold)
            except SchedulingError as error:
                raise SchedulingError(
                    _("Seminar %(number)s: %(problem)s")
                    % {"number": module.number, "problem": error.message},
                    field="first_start",
                ) from error
            session = Session(
                cohort=cohort,
                module=module,
                seminar_number=module.number,
                starts_at=starts_at,
                duration_minutes=cohort.track.specific.seminar_minutes,
                mode=mode or cohort.delivery_mode,
                join_url=join_url,
                venue=venue,
            )
            _check_start(cohort, session.starts_at)
            for earlier in created:
                if earlier.starts_at < session.ends_at and session.starts_at < earlier.ends_at:
                    raise SchedulingError(
                        _("Seminars %(a)s and %(b)s would overlap; leave more days between them.")
                        % {"a": earlier.seminar_number, "b": session.seminar_number},
                        field="interval_days",
                    )
            created.append(session)
        Session.objects.bulk_create(created)
    return created


def session_move(
    *, session: Session, start_local: datetime, fold: int | None = None, reason: str
) -> list[Clash]:
    """Move a session to a new local start; returns facilitator clashes to warn about."""
    reason = (reason or "").strip()
    if not reason:
        raise SchedulingError(
            _("Say why the session moves: participants will see it."), field="reason"
        )
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("cohort").get(pk=session.pk)
        if session.is_cancelled:
            raise SchedulingError(_("A cancelled session cannot be moved."))
        cohort = session.cohort
        starts_at = local_to_utc(start_local, cohort.time_zone, fold=fold)
        if starts_at == session.starts_at:
            raise SchedulingError(_("That is the time the session already has."), field="starts_at")
        session.starts_at = starts_at
        _validate(cohort, session, exclude_pk=session.pk)
        session.status = SessionStatus.MOVED
        session.change_reason = reason[:300]
        session.sequence += 1
        session.save(
            update_fields=["starts_at", "status", "change_reason", "sequence", "updated_at"]
        )
        # In the same transaction: the outbox holds the messages before anything commits, so
        # a broker that is down then delays them and loses none.
        session_change_notify(session=session, change=MOVED)
    return facilitator_clashes(session)


def session_cancel(*, session: Session, reason: str) -> Session:
    reason = (reason or "").strip()
    if not reason:
        raise SchedulingError(
            _("Say why the session is cancelled: participants will see it."), field="reason"
        )
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            raise SchedulingError(_("This session is already cancelled."))
        session.status = SessionStatus.CANCELLED
        session.change_reason = reason[:300]
        session.sequence += 1
        session.save(update_fields=["status", "change_reason", "sequence", "updated_at"])
        session_change_notify(session=session, change=CANCELLED)
    return session


def cohort_schedule_problems(cohort: Cohort) -> list[str]:
    """Why the cohort cannot open for enrolment yet (empty when it can)."""
    problems = []
    expected = [m.number for m in _modules(cohort)]
    sessions = list(cohort.sessions.exclude(status=SessionStatus.CANCELLED).order_by("starts_at"))
    numbers = [s.seminar_number for s in sessions]
    for number in expected:
        count = numbers.count(number)
        if count == 0:
            problems.append(_("Seminar %(number)s has no session.") % {"number": number})
    extra = sorted(set(numbers) - set(expected))
    if extra:
        problems.append(
            _("Sessions for seminars the track does not have: %(numbers)s.")
            % {"numbers": ", ".join(map(str, extra))}
        )
    if numbers != sorted(numbers):
        problems.append(_("The seminars are not in order: seminar 1 must come first, and so on."))
    return problems


def cohort_open_for_enrolment(*, cohort: Cohort) -> Cohort:
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if cohort.status not in {CohortStatus.DRAFT, CohortStatus.FULL}:
            raise SchedulingError(
                _("Only a draft cohort can be opened for enrolment (this one is %(status)s).")
                % {"status": cohort.get_status_display()}
            )
        problems = cohort_schedule_problems(cohort)
        if problems:
            raise SchedulingError(" ".join(problems))
        cohort.status = CohortStatus.OPEN
        cohort.save(update_fields=["status", "updated_at"])
    return cohort


def cohort_copy(
    *, cohort: Cohort, title: str, slug: str, first_start_local: datetime, fold: int | None = None
) -> Cohort:
    """A new draft cohort like `cohort`, its schedule shifted to start at `first_start_local`.

    The gaps between seminars are kept in local days and times.
    """
    source_sessions = list(
        cohort.sessions.exclude(status=SessionStatus.CANCELLED).order_by("starts_at")
    )
    with transaction.atomic():
        copy = Cohort.objects.create(
            track=cohort.track,
            region=cohort.region,
            title=title,
            slug=slug,
            description=cohort.description,
            language=cohort.language,
            interpretation_languages=list(cohort.interpretation_languages),
            time_zone=cohort.time_zone,
            capacity=cohort.capacity,
            delivery_mode=cohort.delivery_mode,
            status=CohortStatus.DRAFT,
        )
        copy.coordinators.set(cohort.coordinators.all())
        copy.facilitators.set(cohort.facilitators.all())
        if source_sessions:
            origin = utc_to_local(source_sessions[0].starts_at, cohort.time_zone).replace(
                tzinfo=None
            )
            new_sessions = []
            for source in source_sessions:
                offset = (
                    utc_to_local(source.starts_at, cohort.time_zone).replace(tzinfo=None) - origin
                )
                session = Session(
                    cohort=copy,
                    module=source.module,
                    seminar_number=source.seminar_number,
                    starts_at=local_to_utc(first_start_local + offset, copy.time_zone, fold=fold),
                    duration_minutes=source.duration_minutes,
                    mode=source.mode,
                    venue=source.venue,
                )
                _check_start(copy, session.starts_at)
                new_sessions.append(session)
            Session.objects.bulk_create(new_sessions)
    return copy


def session_update_details(*, session: Session, join_url: str, venue: str, mode: str) -> Session:
    """Change how people join a session; calendars see a new SEQUENCE when anything changed."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        changed = (session.join_url, session.venue, session.mode) != (join_url, venue, mode)
        how_to_join_changed = (session.join_url, session.venue) != (join_url, venue)
        if changed:
            session.join_url, session.venue, session.mode = join_url, venue, mode
            session.sequence += 1
            session.save(update_fields=["join_url", "venue", "mode", "sequence", "updated_at"])
            if how_to_join_changed:
                session_change_notify(session=session, change=DETAILS)
    return session
