"""Attendance rules: saving a register, the change log, check-in codes, apologies, make-ups."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cohorts.domain import attendance as domain
from cohorts.domain.attendance import Mark
from cohorts.domain.exceptions import AttendanceError
from cohorts.enums import AttendanceSource, AttendanceStatus, EnrolmentStatus
from cohorts.models import Apology, Attendance, AttendanceChange, CheckInFailure
from lms.enums import StaffRole
from tests.factories import UnionFactory, UserFactory, staff_user
from tests.factories.cohorts import held_cohort, open_cohort, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(curriculum):
    return held_cohort(curriculum.tracks["curators"], days_ago=10)


@pytest.fixture
def coordinator(cohort):
    return staff_user(StaffRole.COORDINATOR, cohort.region)


def _sessions(cohort):
    return list(cohort.sessions.order_by("seminar_number"))


def _state(session):
    return sorted(
        Attendance.objects.filter(session=session).values_list(
            "user__email", "status", "minutes_attended", "note", "source"
        )
    )


def test_every_status_is_saved_and_logged(cohort, coordinator):
    first = _sessions(cohort)[0]
    people = [participant(cohort, email=f"p{i}@example.org").user for i in range(5)]
    statuses = list(AttendanceStatus.values)
    changed = domain.attendance_save(
        session=first,
        marks={
            person.pk: Mark(status=status, minutes=100 if status == "late" else None)
            for person, status in zip(people, statuses, strict=True)
        },
        by=coordinator,
    )
    assert changed == 5
    assert _state(first) == [
        ("p0@example.org", "present", None, "", "register"),
        ("p1@example.org", "late", 100, "", "register"),
        ("p2@example.org", "left_early", None, "", "register"),
        ("p3@example.org", "absent", None, "", "register"),
        ("p4@example.org", "excused", None, "", "register"),
    ]
    assert sorted(
        AttendanceChange.objects.values_list(
            "attendance__user__email", "status_before", "status_after", "changed_by"
        )
    ) == [(f"p{i}@example.org", "", statuses[i], coordinator.pk) for i in range(5)]


def test_a_change_records_before_and_after_and_an_unchanged_save_records_nothing(
    cohort, coordinator
):
    first = _sessions(cohort)[0]
    person = participant(cohort).user
    domain.attendance_save(session=first, marks={person.pk: Mark("absent")}, by=coordinator)
    assert (
        domain.attendance_save(session=first, marks={person.pk: Mark("absent")}, by=coordinator)
        == 0
    )
    assert AttendanceChange.objects.count() == 1
    domain.attendance_save(
        session=first, marks={person.pk: Mark("late", 150, "Train delayed")}, by=coordinator
    )
    latest = AttendanceChange.objects.order_by("-pk").first()
    assert (
        latest.status_before,
        latest.status_after,
        latest.minutes_before,
        latest.minutes_after,
        latest.note_before,
        latest.note_after,
    ) == ("absent", "late", None, 150, "", "Train delayed")
    assert AttendanceChange.objects.count() == 2


@pytest.mark.parametrize(
    ("mark", "message"),
    [
        (Mark("asleep"), "Choose one of the statuses offered."),
        (Mark("late", 181), "Minutes attended must be between 0 and 180, the seminar's length."),
        (Mark("late", -1), "Minutes attended must be between 0 and 180, the seminar's length."),
        (Mark("present", None, "x" * 501), "A note can be at most 500 characters long."),
    ],
)
def test_an_invalid_mark_saves_nothing(cohort, coordinator, mark, message):
    first = _sessions(cohort)[0]
    good, bad = participant(cohort).user, participant(cohort).user
    with pytest.raises(AttendanceError) as caught:
        domain.attendance_save(
            session=first, marks={good.pk: Mark("present"), bad.pk: mark}, by=coordinator
        )
    assert caught.value.message == message
    assert Attendance.objects.count() == 0
    assert AttendanceChange.objects.count() == 0


def test_people_not_on_the_register_are_refused(cohort, coordinator, curriculum):
    first = _sessions(cohort)[0]
    enrolled = participant(cohort).user
    withdrawn = participant(cohort)
    withdrawn.status = EnrolmentStatus.WITHDRAWN
    withdrawn.save()
    other_cohort = held_cohort(curriculum.tracks["curators"], days_ago=10)
    stranger = participant(other_cohort).user
    for outsider in (withdrawn.user, stranger):
        with pytest.raises(AttendanceError) as caught:
            domain.attendance_save(
                session=first,
                marks={enrolled.pk: Mark("present"), outsider.pk: Mark("present")},
                by=coordinator,
            )
        assert caught.value.message == (
            "Some of these people are not on this seminar's register. Nothing was saved."
        )
    assert Attendance.objects.count() == 0


def test_register_lists_people_by_name_with_apologies_and_guests(cohort, coordinator):
    first, second = _sessions(cohort)[:2]
    union = UnionFactory(name="Health Workers Union")
    zoe = participant(cohort, full_name="Zoe Okafor", union=union).user
    amal = participant(cohort, full_name="Amal Haddad").user
    leaver = participant(cohort, full_name="Bruno Lima")
    domain.attendance_save(session=second, marks={leaver.user.pk: Mark("present")}, by=coordinator)
    leaver.status = EnrolmentStatus.WITHDRAWN
    leaver.save()
    Apology.objects.create(session=second, user=zoe, reason="Union congress")
    rows = domain.register_rows(second)
    assert [(r.user.full_name, r.is_guest, r.apology is not None) for r in rows] == [
        ("Amal Haddad", False, False),
        ("Zoe Okafor", False, True),
        ("Bruno Lima", True, False),
    ]
    assert rows[1].user.union.name == "Health Workers Union"
    assert [r.user for r in domain.register_rows(first)] == [amal, zoe]


def test_register_rows_take_three_queries_whatever_the_size(
    cohort, coordinator, django_assert_num_queries
):
    first = _sessions(cohort)[0]
    for size in (2, 20):
        people = [participant(cohort).user for _ in range(size)]
        domain.attendance_save(
            session=first, marks={p.pk: Mark("present") for p in people}, by=coordinator
        )
        with django_assert_num_queries(3):
            rows = domain.register_rows(first)
            [row.user.union for row in rows]


# --- Check-in --------------------------------------------------------------------------


@pytest.fixture
def live_session(curriculum):
    """A session that started five minutes ago, with one confirmed participant."""
    cohort = held_cohort(curriculum.tracks["leaders"], days_ago=0)
    session = cohort.sessions.get(seminar_number=1)
    session.starts_at = timezone.now() - timedelta(minutes=5)
    session.save()
    return session


def test_check_in_with_the_current_code_marks_present_once(live_session):
    person = participant(live_session.cohort).user
    code = domain.check_in_code(live_session)
    attendance = domain.attendance_check_in(session=live_session, user=person, code=code)
    assert (attendance.status, attendance.source, attendance.updated_by) == (
        AttendanceStatus.PRESENT,
        AttendanceSource.CHECK_IN,
        person,
    )
    assert attendance.checked_in_at is not None
    with pytest.raises(AttendanceError) as caught:
        domain.attendance_check_in(session=live_session, user=person, code=code)
    assert caught.value.message == "Your attendance is already recorded: Present."
    assert Attendance.objects.count() == 1
    assert AttendanceChange.objects.count() == 1


def test_check_in_after_the_grace_period_is_late(live_session, settings):
    person = participant(live_session.cohort).user
    later = live_session.starts_at + timedelta(minutes=settings.CHECK_IN_LATE_AFTER_MINUTES + 1)
    code = domain.check_in_code(live_session, now=later)
    attendance = domain.attendance_check_in(session=live_session, user=person, code=code, now=later)
    assert attendance.status == AttendanceStatus.LATE


def test_codes_accept_spaces_and_the_previous_code_but_not_older_ones(live_session, settings):
    person = participant(live_session.cohort).user
    now = timezone.now()
    step = timedelta(seconds=settings.CHECK_IN_CODE_SECONDS)
    expired = domain.check_in_code(live_session, now=now - 2 * step)
    previous = domain.check_in_code(live_session, now=now - step)
    with pytest.raises(AttendanceError) as caught:
        domain.attendance_check_in(session=live_session, user=person, code=expired, now=now)
    assert caught.value.message == (
        "That code is wrong or has expired. Check the code the facilitator shows now."
    )
    assert caught.value.field == "code"
    spaced = f"{previous[:3]} {previous[3:]}"
    attendance = domain.attendance_check_in(session=live_session, user=person, code=spaced, now=now)
    assert attendance.status == AttendanceStatus.PRESENT


def test_codes_differ_between_sessions_and_over_time(live_session, curriculum, settings):
    other = held_cohort(curriculum.tracks["leaders"], days_ago=0).sessions.get(seminar_number=1)
    now = timezone.now()
    later = now + timedelta(seconds=settings.CHECK_IN_CODE_SECONDS)
    codes = {
        domain.check_in_code(live_session, now=now),
        domain.check_in_code(live_session, now=later),
        domain.check_in_code(other, now=now),
    }
    assert len(codes) == 3
    assert all(len(code) == 6 and code.isdigit() for code in codes)


@pytest.mark.parametrize("wrong", ["", "12345", "abcdef", "1234567", "١٢٣٤٥٦"])
def test_wrong_codes_are_counted_and_then_refused(live_session, settings, wrong):
    person = participant(live_session.cohort).user
    for _ in range(settings.CHECK_IN_MAX_ATTEMPTS):
        with pytest.raises(AttendanceError):
            domain.attendance_check_in(session=live_session, user=person, code=wrong)
    assert CheckInFailure.objects.filter(user=person).count() == settings.CHECK_IN_MAX_ATTEMPTS
    right = domain.check_in_code(live_session)
    with pytest.raises(AttendanceError) as caught:
        domain.attendance_check_in(session=live_session, user=person, code=right)
    assert caught.value.message == (
        "Too many wrong codes. Wait 10 minutes, or ask the facilitator to mark you on the register."
    )
    assert Attendance.objects.count() == 0
    after_lockout = timezone.now() + timedelta(minutes=settings.CHECK_IN_LOCKOUT_MINUTES + 1)
    attendance = domain.attendance_check_in(
        session=live_session,
        user=person,
        code=domain.check_in_code(live_session, now=after_lockout),
        now=after_lockout,
    )
    assert attendance.status == AttendanceStatus.LATE


def test_check_in_outside_the_window_is_refused(live_session, settings):
    person = participant(live_session.cohort).user
    person.time_zone = "Asia/Tokyo"
    person.save()
    too_early = live_session.starts_at - timedelta(minutes=settings.CHECK_IN_OPENS_MINUTES + 1)
    too_late = live_session.ends_at
    opens = live_session.starts_at - timedelta(minutes=settings.CHECK_IN_OPENS_MINUTES)
    for moment, message in (
        (
            too_early,
            f"Check-in opens at {opens.astimezone(ZoneInfo('Asia/Tokyo')):%H:%M} (Asia/Tokyo).",
        ),
        (too_late, "Check-in for this seminar has closed."),
    ):
        with pytest.raises(AttendanceError) as caught:
            domain.attendance_check_in(
                session=live_session,
                user=person,
                code=domain.check_in_code(live_session, now=moment),
                now=moment,
            )
        assert caught.value.message == message
    assert Attendance.objects.count() == 0
    assert CheckInFailure.objects.count() == 0


def test_only_people_with_a_place_can_check_in(live_session):
    applicant = participant(live_session.cohort)
    applicant.status = EnrolmentStatus.APPLIED
    applicant.save()
    with pytest.raises(AttendanceError) as caught:
        domain.attendance_check_in(
            session=live_session, user=applicant.user, code=domain.check_in_code(live_session)
        )
    assert caught.value.message == "Only people with a place in this cohort can check in."


# --- Apologies -------------------------------------------------------------------------


def test_apologies_are_sent_replaced_and_withdrawn_before_the_seminar(curriculum):
    cohort = open_cohort(curriculum.tracks["leaders"])
    session = cohort.sessions.get(seminar_number=1)
    person = participant(cohort).user
    domain.apology_send(session=session, user=person, reason="  Union\r\nconference  ")
    domain.apology_send(session=session, user=person, reason="Strike committee")
    assert list(Apology.objects.values_list("user", "reason")) == [(person.pk, "Strike committee")]
    domain.apology_withdraw(session=session, user=person)
    assert Apology.objects.count() == 0


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("   ", "Say briefly why you cannot attend."),
        ("x" * 501, "A reason can be at most 500 characters long."),
    ],
)
def test_apology_needs_a_reason(curriculum, reason, message):
    cohort = open_cohort(curriculum.tracks["leaders"])
    person = participant(cohort).user
    with pytest.raises(AttendanceError) as caught:
        domain.apology_send(
            session=cohort.sessions.get(seminar_number=1), user=person, reason=reason
        )
    assert caught.value.message == message
    assert Apology.objects.count() == 0


def test_no_apology_once_the_seminar_started_or_without_a_place(live_session):
    person = participant(live_session.cohort).user
    with pytest.raises(AttendanceError) as caught:
        domain.apology_send(session=live_session, user=person, reason="Ill")
    assert caught.value.message == "This seminar has started; tell your coordinator directly."
    later = live_session.cohort.sessions.get(seminar_number=2)
    later.starts_at = timezone.now() + timedelta(days=3)
    later.save()
    with pytest.raises(AttendanceError) as caught:
        domain.apology_send(session=later, user=UserFactory(), reason="Ill")
    assert caught.value.message == "Only people with a place in this cohort can send apologies."
    assert Apology.objects.count() == 0


# --- Make-up guests --------------------------------------------------------------------


def test_an_excused_person_can_make_up_the_seminar_in_another_cohort(curriculum):
    track = curriculum.tracks["curators"]
    home = held_cohort(track, days_ago=20)
    other = held_cohort(track, days_ago=10)
    coordinator = staff_user(StaffRole.COORDINATOR, other.region)
    person = participant(home).user
    home_first = home.sessions.get(seminar_number=1)
    domain.attendance_save(session=home_first, marks={person.pk: Mark("excused")}, by=coordinator)
    other_first = other.sessions.get(seminar_number=1)
    attendance = domain.attendance_add_makeup(
        session=other_first, user=person, status="present", by=coordinator
    )
    assert (attendance.is_makeup, attendance.status) == (True, "present")
    rows = domain.register_rows(other_first)
    assert [(r.user, r.is_guest) for r in rows] == [(person, True)]
    with pytest.raises(AttendanceError) as caught:
        domain.attendance_add_makeup(
            session=other_first, user=person, status="present", by=coordinator
        )
    assert caught.value.message == "This person is already on the register."


def test_make_up_needs_an_excused_absence_from_the_same_seminar(curriculum):
    track = curriculum.tracks["curators"]
    home = held_cohort(track, days_ago=20)
    other = held_cohort(track, days_ago=10)
    coordinator = staff_user(StaffRole.COORDINATOR, other.region)
    person = participant(home).user
    domain.attendance_save(
        session=home.sessions.get(seminar_number=2),
        marks={person.pk: Mark("excused")},
        by=coordinator,
    )
    domain.attendance_save(
        session=home.sessions.get(seminar_number=1),
        marks={person.pk: Mark("absent")},
        by=coordinator,
    )
    with pytest.raises(AttendanceError) as caught:
        domain.attendance_add_makeup(
            session=other.sessions.get(seminar_number=1),
            user=person,
            status="present",
            by=coordinator,
        )
    assert caught.value.message == (
        "Only someone with a place in another cohort of this track, excused from seminar 1 "
        "there, can make it up here."
    )
    assert Attendance.objects.filter(session__cohort=other).count() == 0
