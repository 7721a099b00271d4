from datetime import date, timedelta

import pytest

from cohorts.domain.lifecycle import cohort_statuses_advance
from cohorts.domain.scheduling import cohort_open_for_enrolment, cohort_schedule_create
from cohorts.enums import CohortStatus
from cohorts.tasks import advance_cohort_statuses
from tests.cohorts.test_local_time import NEXT_YEAR, at
from tests.cohorts.test_scheduling import utc
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_cohort(curriculum):
    cohort = CohortFactory(track=curriculum.tracks["leaders"], time_zone="UTC")
    cohort_schedule_create(cohort=cohort, first_start_local=at(date(NEXT_YEAR, 3, 2), 9))
    return cohort_open_for_enrolment(cohort=cohort)


def status(cohort):
    cohort.refresh_from_db()
    return cohort.status


def test_cohort_runs_when_its_first_seminar_starts_and_completes_after_the_last(open_cohort):
    first, last = utc(date(NEXT_YEAR, 3, 2), 9), utc(date(NEXT_YEAR, 3, 9), 9)
    assert cohort_statuses_advance(now=first - timedelta(minutes=1)) == {
        "running": 0,
        "completed": 0,
    }
    assert status(open_cohort) == CohortStatus.OPEN
    assert cohort_statuses_advance(now=first) == {"running": 1, "completed": 0}
    assert status(open_cohort) == CohortStatus.RUNNING
    # The last seminar lasts three hours.
    assert cohort_statuses_advance(now=last + timedelta(hours=2, minutes=59)) == {
        "running": 0,
        "completed": 0,
    }
    assert cohort_statuses_advance(now=last + timedelta(hours=3)) == {"running": 0, "completed": 1}
    assert status(open_cohort) == CohortStatus.COMPLETED


def test_drafts_and_cancelled_cohorts_are_left_alone(curriculum):
    draft = CohortFactory(track=curriculum.tracks["leaders"], time_zone="UTC")
    cohort_schedule_create(cohort=draft, first_start_local=at(date(NEXT_YEAR, 3, 2), 9))
    cancelled = CohortFactory(
        track=curriculum.tracks["leaders"], time_zone="UTC", status=CohortStatus.CANCELLED
    )
    cohort_statuses_advance(now=utc(date(NEXT_YEAR, 12, 1), 0))
    assert (status(draft), status(cancelled)) == (CohortStatus.DRAFT, CohortStatus.CANCELLED)


def test_the_beat_task_runs_the_same_rule(open_cohort):
    assert advance_cohort_statuses.delay().get() == {"running": 0, "completed": 0}
