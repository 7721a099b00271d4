from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from cohorts.domain.exceptions import SchedulingError
from cohorts.domain.scheduling import (
    cohort_copy,
    cohort_open_for_enrolment,
    cohort_schedule_create,
    cohort_schedule_problems,
    facilitator_clashes,
    session_cancel,
    session_move,
)
from cohorts.enums import CohortStatus, SessionStatus
from cohorts.models import Session
from lms.enums import StaffRole
from tests.cohorts.test_local_time import AUTUMN, NEXT_YEAR, SPRING, at
from tests.factories import CohortFactory, staff_user

pytestmark = pytest.mark.django_db


def utc(day, hour, minute=0):
    return at(day, hour, minute).replace(tzinfo=UTC)


@pytest.fixture
def curators(curriculum):
    return curriculum.tracks["curators"]


def starts(cohort):
    return list(cohort.sessions.order_by("seminar_number").values_list("starts_at", flat=True))


def test_weekly_schedule_keeps_local_time_across_the_spring_change(curators):
    cohort = CohortFactory(track=curators, time_zone="Europe/London")
    first = SPRING - timedelta(days=10)
    sessions = cohort_schedule_create(cohort=cohort, first_start_local=at(first, 14))
    assert [s.seminar_number for s in sessions] == [1, 2, 3]
    assert starts(cohort) == [
        utc(first, 14),
        utc(first + timedelta(days=7), 14),
        utc(first + timedelta(days=14), 13),  # now BST: 14:00 local is 13:00 UTC
    ]
    assert {s.duration_minutes for s in sessions} == {180}
    assert [s.module.number for s in cohort.sessions.order_by("seminar_number")] == [1, 2, 3]


@pytest.mark.parametrize(
    ("zone", "local_hour", "utc_hour"),
    [("America/Sao_Paulo", 19, 22), ("Asia/Manila", 9, 1)],
)
def test_schedules_in_zones_without_daylight_saving(curators, zone, local_hour, utc_hour):
    cohort = CohortFactory(track=curators, time_zone=zone)
    first = date(NEXT_YEAR, 3, 1)
    cohort_schedule_create(cohort=cohort, first_start_local=at(first, local_hour))
    assert starts(cohort) == [utc(first + timedelta(days=7 * i), utc_hour) for i in range(3)]


def test_schedule_landing_in_a_missing_hour_is_refused_whole(curators):
    cohort = CohortFactory(track=curators, time_zone="Europe/London")
    with pytest.raises(SchedulingError) as error:
        cohort_schedule_create(
            cohort=cohort, first_start_local=at(SPRING - timedelta(days=7), 1, 30)
        )
    assert error.value.message.startswith("Seminar 2: ")
    assert "does not exist in Europe/London" in error.value.message
    assert cohort.sessions.count() == 0


def test_schedule_in_a_repeated_hour_needs_a_choice(curators):
    cohort = CohortFactory(track=curators, time_zone="Europe/London")
    first = AUTUMN - timedelta(days=14)
    with pytest.raises(SchedulingError) as error:
        cohort_schedule_create(cohort=cohort, first_start_local=at(first, 1, 30))
    assert "happens twice" in error.value.message
    cohort_schedule_create(cohort=cohort, first_start_local=at(first, 1, 30), fold=1)
    assert starts(cohort)[2] == utc(AUTUMN, 1, 30)


def test_sessions_cannot_start_in_the_past(curators):
    cohort = CohortFactory(track=curators)
    with pytest.raises(SchedulingError) as error:
        cohort_schedule_create(cohort=cohort, first_start_local=datetime(2020, 1, 6, 10))
    assert error.value.message == "A session cannot start in the past."
    assert cohort.sessions.count() == 0


def test_schedule_must_fit_before_the_cohort_ends(curators):
    first = date(NEXT_YEAR, 5, 3)
    cohort = CohortFactory(track=curators, ends_on=first + timedelta(days=10))
    with pytest.raises(SchedulingError) as error:
        cohort_schedule_create(cohort=cohort, first_start_local=at(first, 10))
    assert error.value.message.startswith("The cohort ends on ")
    assert cohort.sessions.count() == 0


def test_seminars_too_close_together_are_refused(curators):
    cohort = CohortFactory(track=curators)
    with pytest.raises(SchedulingError) as error:
        cohort_schedule_create(
            cohort=cohort, first_start_local=at(date(NEXT_YEAR, 5, 3), 22), interval_days=0
        )
    assert error.value.message == "Choose between 1 and 60 days between seminars."


def test_a_cohort_with_sessions_cannot_be_scheduled_again(curators):
    cohort = CohortFactory(track=curators)
    cohort_schedule_create(cohort=cohort, first_start_local=at(date(NEXT_YEAR, 5, 3), 10))
    with pytest.raises(SchedulingError):
        cohort_schedule_create(cohort=cohort, first_start_local=at(date(NEXT_YEAR, 6, 3), 10))
    assert cohort.sessions.count() == 3


@pytest.fixture
def scheduled(curators):
    cohort = CohortFactory(track=curators, time_zone="America/Sao_Paulo")
    cohort_schedule_create(cohort=cohort, first_start_local=at(date(NEXT_YEAR, 5, 3), 10))
    return cohort


def test_move_bumps_sequence_and_records_reason(scheduled):
    session = scheduled.sessions.get(seminar_number=2)
    session_move(
        session=session, start_local=at(date(NEXT_YEAR, 5, 11), 15), reason="Public holiday"
    )
    session.refresh_from_db()
    assert session.starts_at == utc(date(NEXT_YEAR, 5, 11), 18)
    assert (session.status, session.sequence, session.change_reason) == (
        SessionStatus.MOVED,
        1,
        "Public holiday",
    )


def test_move_requires_a_reason_and_a_different_time(scheduled):
    session = scheduled.sessions.get(seminar_number=2)
    with pytest.raises(SchedulingError) as error:
        session_move(session=session, start_local=at(date(NEXT_YEAR, 5, 11), 15), reason="  ")
    assert error.value.field == "reason"
    with pytest.raises(SchedulingError):
        session_move(session=session, start_local=at(date(NEXT_YEAR, 5, 10), 10), reason="x")
    session.refresh_from_db()
    assert (session.sequence, session.status) == (0, SessionStatus.SCHEDULED)


def test_sessions_of_a_cohort_never_overlap(scheduled):
    session = scheduled.sessions.get(seminar_number=2)
    with pytest.raises(SchedulingError) as error:
        # Seminar 1 runs 10:00-13:00 on 3 May; 12:00 overlaps it.
        session_move(session=session, start_local=at(date(NEXT_YEAR, 5, 3), 12), reason="Clash")
    assert error.value.message.startswith("This overlaps seminar 1 of the same cohort")
    session.refresh_from_db()
    assert session.starts_at == utc(date(NEXT_YEAR, 5, 10), 13)


def test_open_cohort_keeps_seminars_in_order(scheduled):
    cohort_open_for_enrolment(cohort=scheduled)
    session = scheduled.sessions.get(seminar_number=3)
    with pytest.raises(SchedulingError) as error:
        session_move(session=session, start_local=at(date(NEXT_YEAR, 5, 5), 10), reason="Earlier")
    assert error.value.message.startswith("Seminar 3 must start after seminar 2 has ended")


def test_move_into_the_past_is_refused(scheduled):
    session = scheduled.sessions.get(seminar_number=1)
    with pytest.raises(SchedulingError) as error:
        session_move(session=session, start_local=datetime(2020, 1, 1, 10), reason="Oops")
    assert error.value.message == "A session cannot start in the past."


def test_cancel_then_the_cohort_cannot_open_until_rescheduled(scheduled):
    session = scheduled.sessions.get(seminar_number=2)
    session_cancel(session=session, reason="Facilitator ill")
    session.refresh_from_db()
    assert (session.status, session.sequence) == (SessionStatus.CANCELLED, 1)
    assert cohort_schedule_problems(scheduled) == ["Seminar 2 has no session."]
    with pytest.raises(SchedulingError) as error:
        cohort_open_for_enrolment(cohort=scheduled)
    assert error.value.message == "Seminar 2 has no session."
    scheduled.refresh_from_db()
    assert scheduled.status == CohortStatus.DRAFT
    with pytest.raises(SchedulingError):
        session_cancel(session=session, reason="again")


def test_open_for_enrolment_needs_every_seminar(curators):
    cohort = CohortFactory(track=curators)
    with pytest.raises(SchedulingError) as error:
        cohort_open_for_enrolment(cohort=cohort)
    assert error.value.message == (
        "Seminar 1 has no session. Seminar 2 has no session. Seminar 3 has no session."
    )


def test_open_for_enrolment(scheduled):
    cohort_open_for_enrolment(cohort=scheduled)
    scheduled.refresh_from_db()
    assert scheduled.status == CohortStatus.OPEN


def test_draft_with_seminars_out_of_order_cannot_open(scheduled):
    one = scheduled.sessions.get(seminar_number=1)
    session_move(session=one, start_local=at(date(NEXT_YEAR, 5, 20), 10), reason="Later")
    assert cohort_schedule_problems(scheduled) == [
        "The seminars are not in order: seminar 1 must come first, and so on."
    ]


def test_database_refuses_two_active_sessions_for_one_seminar(scheduled):
    existing = scheduled.sessions.get(seminar_number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            cohort=scheduled,
            module=existing.module,
            seminar_number=1,
            starts_at=existing.starts_at + timedelta(days=30),
        )


def test_facilitator_booked_twice_is_warned(curators, curriculum):
    facilitator = staff_user(StaffRole.FACILITATOR, None, full_name="Noor Haddad")
    first = CohortFactory(track=curators, time_zone="Europe/London", title="London curators")
    second = CohortFactory(track=curators, time_zone="Asia/Manila", title="Manila curators")
    for cohort in (first, second):
        cohort.facilitators.add(facilitator)
    cohort_schedule_create(cohort=first, first_start_local=at(date(NEXT_YEAR, 6, 7), 10))
    # 18:00 in Manila on 7 June is 11:00 in London, during London's seminar 1 (10:00-13:00).
    cohort_schedule_create(cohort=second, first_start_local=at(date(NEXT_YEAR, 6, 14), 17))
    moved = second.sessions.get(seminar_number=1)
    clashes = session_move(session=moved, start_local=at(date(NEXT_YEAR, 6, 7), 18), reason="Align")
    assert [str(clash) for clash in clashes] == [
        "Noor Haddad also facilitates London curators, seminar 1, at the same time."
    ]
    assert facilitator_clashes(first.sessions.get(seminar_number=2)) == []


def test_copy_shifts_the_schedule_in_local_days(scheduled):
    copy = cohort_copy(
        cohort=scheduled,
        title="Second run",
        slug="second-run",
        first_start_local=at(date(NEXT_YEAR, 9, 6), 10),
    )
    assert copy.status == CohortStatus.DRAFT
    assert starts(copy) == [
        utc(date(NEXT_YEAR, 9, 6), 13),
        utc(date(NEXT_YEAR, 9, 13), 13),
        utc(date(NEXT_YEAR, 9, 20), 13),
    ]
    assert set(copy.sessions.values_list("sequence", flat=True)) == {0}
