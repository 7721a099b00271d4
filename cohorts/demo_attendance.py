"""Demo attendance, practical work and certificates.

The running cohort gets marks for its held seminars (a mix of statuses, with notes), an
apology for its next seminar and practical submissions to review; a pilot cohort of
union leaders, finished two months ago, shows completion and certificates (the demo
participant holds one). Rows are written directly: no e-mails go out for demo data.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cohorts.domain.certificates import certificate_code_new
from cohorts.domain.scheduling import cohort_schedule_create
from cohorts.enums import (
    AttendanceSource,
    AttendanceStatus,
    CohortStatus,
    EnrolmentStatus,
    SubmissionStatus,
)
from cohorts.models import (
    Apology,
    Attendance,
    AttendanceChange,
    Certificate,
    Cohort,
    Enrolment,
    Session,
    Submission,
)
from courses.models import TrackPage
from lms.enums import UnionRole
from lms.models import Region, User

from .demo_enrolment import demo_members

# What the demo register says of the n-th person (cycled): mostly present, some not.
MARK_PATTERN = [
    (AttendanceStatus.PRESENT, 180, ""),
    (AttendanceStatus.PRESENT, 176, ""),
    (AttendanceStatus.LATE, 150, "Joined after the first break: connection problems"),
    (AttendanceStatus.PRESENT, 180, ""),
    (AttendanceStatus.LEFT_EARLY, 120, "Called away to a workplace meeting"),
    (AttendanceStatus.PRESENT, 172, ""),
    (AttendanceStatus.EXCUSED, None, "Union congress delegation"),
    (AttendanceStatus.PRESENT, 180, ""),
]
PILOT_SLUG = "global-union-leaders-pilot"


@transaction.atomic
def seed_attendance():
    """Add the demo attendance once (sessions already marked are left alone)."""
    now = timezone.now()
    _seed_running_registers(now)
    _seed_pilot_cohort(now)


def _coordinator(cohort):
    return cohort.coordinators.first() or User.objects.filter(is_superuser=True).first()


def _mark_everyone(session, enrolments, by, now, *, pattern):
    rows = []
    for index, enrolment in enumerate(enrolments):
        status, minutes, note = pattern[index % len(pattern)]
        rows.append(
            Attendance(
                session=session,
                user_id=enrolment.user_id,
                status=status,
                minutes_attended=minutes,
                note=note,
                source=AttendanceSource.REGISTER,
                updated_by=by,
                updated_at=now,
            )
        )
    Attendance.objects.bulk_create(rows)
    AttendanceChange.objects.bulk_create(
        AttendanceChange(
            attendance=row,
            changed_by=by,
            changed_at=now,
            source=row.source,
            status_after=row.status,
            minutes_after=row.minutes_attended,
            note_after=row.note,
        )
        for row in rows
    )


def _seed_running_registers(now):
    cohort = Cohort.objects.filter(slug="global-digital-curators").first()
    if cohort is None or cohort.status != CohortStatus.RUNNING:
        return
    enrolments = list(
        cohort.enrolments.filter(status=EnrolmentStatus.APPROVED).order_by("user__email")
    )
    by = _coordinator(cohort)
    for session in cohort.sessions.filter(starts_at__lt=now - timedelta(hours=3)):
        if not session.attendances.exists():
            _mark_everyone(session, enrolments, by, now, pattern=MARK_PATTERN)
    upcoming = cohort.sessions.filter(starts_at__gt=now).order_by("starts_at").first()
    if upcoming is not None and len(enrolments) > 3:
        Apology.objects.get_or_create(
            session=upcoming,
            user_id=enrolments[3].user_id,
            defaults={"reason": "Our union's annual conference falls on the same day."},
        )
    for enrolment, status, feedback in (
        (enrolments[0] if enrolments else None, SubmissionStatus.SUBMITTED, ""),
        (
            enrolments[1] if len(enrolments) > 1 else None,
            SubmissionStatus.NEEDS_REVISION,
            "Please add which data your employer collects today, and who may see it.",
        ),
    ):
        if enrolment is None or Submission.objects.filter(enrolment=enrolment).exists():
            continue
        Submission.objects.create(
            enrolment=enrolment,
            text=(
                "Draft model clause for our sector: the employer lists every digital tool "
                "that collects workers' data, explains what each one decides, and consults "
                "the union before introducing a new one."
            ),
            status=status,
            feedback=feedback,
            submitted_at=now - timedelta(days=2),
            reviewed_at=now - timedelta(days=1) if feedback else None,
            reviewed_by=by if feedback else None,
        )


def _seed_pilot_cohort(now):
    """A finished cohort of union leaders: everyone attended, most completed."""
    if Cohort.objects.filter(slug=PILOT_SLUG).exists():
        return
    track = TrackPage.objects.live().filter(kind="leader").first()
    region = Region.objects.filter(slug="global").first()
    if track is None or region is None:
        return
    cohort = Cohort.objects.create(
        track=track,
        region=region,
        title=f"{track.title} – {region.name} (pilot)",
        slug=PILOT_SLUG,
        language="en",
        time_zone="UTC",
        capacity=20,
        status=CohortStatus.DRAFT,
    )
    cohort.coordinators.set(
        User.objects.filter(role_assignments__role="coordinator", role_assignments__region=region)
    )
    # Scheduling refuses the past: plan it ahead, then move it back to two months ago.
    ahead = timedelta(days=400)
    first_day = timezone.localdate() - timedelta(days=60) + ahead
    cohort_schedule_create(
        cohort=cohort, first_start_local=datetime.combine(first_day, time(12)), fold=0
    )
    Session.objects.filter(cohort=cohort).update(starts_at=F("starts_at") - ahead)
    cohort.status = CohortStatus.COMPLETED
    cohort.save(update_fields=["status", "updated_at"])
    people = demo_members(region, UnionRole.LEADER, 7, 200)
    participant = User.objects.filter(email="participant@example.org").first()
    if participant is not None:
        people.insert(0, participant)
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            cohort=cohort,
            user=person,
            status=EnrolmentStatus.APPROVED,
            commitment_confirmed=True,
            recording_consent=True,
            decided_at=now - timedelta(days=80),
        )
        for person in people
    )
    by = _coordinator(cohort)
    everyone_there = [(AttendanceStatus.PRESENT, 180, "")]
    sessions = list(cohort.sessions.order_by("seminar_number"))
    for session in sessions:
        _mark_everyone(session, enrolments, by, now, pattern=everyone_there)
    last_day = sessions[-1].starts_at.date()
    # All but the last person had their practical part accepted and hold a certificate.
    for enrolment in enrolments[:-1]:
        Submission.objects.create(
            enrolment=enrolment,
            text="A one-page plan for negotiating data rights in our next agreement.",
            status=SubmissionStatus.ACCEPTED,
            submitted_at=sessions[-1].starts_at + timedelta(days=3),
            reviewed_at=sessions[-1].starts_at + timedelta(days=5),
            reviewed_by=by,
        )
        Certificate.objects.create(
            enrolment=enrolment,
            code=certificate_code_new(),
            full_name=enrolment.user.full_name,
            track_title=track.title,
            region_name=region.name,
            language=enrolment.user.preferred_language,
            completed_on=last_day + timedelta(days=5),
            issued_by=by,
        )
