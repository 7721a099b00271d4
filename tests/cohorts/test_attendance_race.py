"""One mark per person and seminar, however many check-ins and saves arrive at once.

PostgreSQL only: SQLite serialises writers, so the row locks are never contended there.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from cohorts.domain.attendance import Mark, attendance_check_in, attendance_save, check_in_code
from cohorts.domain.exceptions import AttendanceError
from cohorts.models import Attendance, AttendanceChange
from lms.enums import StaffRole
from tests.concurrency import at_once
from tests.factories import build_curriculum, staff_user
from tests.factories.cohorts import held_cohort, participant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 20


@pytest.fixture
def live_session():
    curriculum = build_curriculum()
    cohort = held_cohort(curriculum.tracks["leaders"], days_ago=0)
    session = cohort.sessions.get(seminar_number=1)
    session.starts_at = timezone.now() - timedelta(minutes=2)
    session.save()
    return session


def test_one_person_checking_in_many_times_at_once_is_marked_once(live_session):
    person = participant(live_session.cohort).user
    code = check_in_code(live_session)
    outcomes = at_once(
        [
            lambda: attendance_check_in(session=live_session, user=person, code=code)
            for _ in range(THREADS)
        ],
        refused=AttendanceError,
    )
    assert sorted(map(str, outcomes)) == ["done"] + ["refused"] * (THREADS - 1)
    assert Attendance.objects.count() == 1
    assert AttendanceChange.objects.count() == 1


def test_registers_saved_at_once_with_check_ins_keep_one_mark_each(live_session):
    people = [participant(live_session.cohort).user for _ in range(THREADS)]
    staff = [staff_user(StaffRole.PROGRAMME_ADMIN) for _ in range(3)]
    code = check_in_code(live_session)
    jobs = [
        lambda by=by: attendance_save(
            session=live_session, marks={p.pk: Mark("late", 100) for p in people}, by=by
        )
        for by in staff
    ] + [
        lambda person=person: attendance_check_in(session=live_session, user=person, code=code)
        for person in people[:5]
    ]
    outcomes = at_once(jobs, refused=AttendanceError)
    assert [o for o in outcomes if o not in ("done", "refused")] == []
    assert Attendance.objects.count() == THREADS
    # Every change was logged exactly once: each save after the first finds nothing new,
    # and a check-in either came first (then a save changed its mark: two changes) or was
    # refused.
    check_ins = outcomes[3:].count("done")
    assert AttendanceChange.objects.count() == THREADS + check_ins
    assert set(Attendance.objects.values_list("status", flat=True)) == {"late"}
