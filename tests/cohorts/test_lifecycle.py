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


def test_when_a_cohort_starts_its_applications_and_waiting_list_end_with_a_message(
    open_cohort, django_capture_on_commit_callbacks
):
    from django.core import mail

    from cohorts.domain.enrolment import (
        enrolment_approve,
        enrolment_offer_accept,
        nomination_create,
    )
    from cohorts.domain.exceptions import EnrolmentError
    from cohorts.enums import EnrolmentStatus
    from cohorts.models import Enrolment
    from tests.factories import UserFactory

    now = utc(date(NEXT_YEAR, 1, 5), 9)
    waiting_at = utc(date(NEXT_YEAR, 1, 4), 9)
    pending = Enrolment.objects.create(
        cohort=open_cohort, user=UserFactory(email="pending@example.org")
    )
    waiting = Enrolment.objects.create(
        cohort=open_cohort,
        user=UserFactory(email="waiting@example.org", preferred_language="es"),
        status=EnrolmentStatus.WAITLISTED,
        waitlisted_at=waiting_at,
    )
    offered = Enrolment.objects.create(
        cohort=open_cohort,
        user=UserFactory(email="offered@example.org"),
        status=EnrolmentStatus.OFFERED,
        offer_expires_at=utc(date(NEXT_YEAR, 3, 2), 10),
    )
    approved = Enrolment.objects.create(
        cohort=open_cohort, user=UserFactory(), status=EnrolmentStatus.APPROVED
    )
    assert now < utc(date(NEXT_YEAR, 3, 2), 9)

    with django_capture_on_commit_callbacks(execute=True):
        cohort_statuses_advance(now=utc(date(NEXT_YEAR, 3, 2), 9))
    assert status(open_cohort) == CohortStatus.RUNNING
    assert [
        Enrolment.objects.get(pk=e.pk).status for e in (pending, waiting, offered, approved)
    ] == [EnrolmentStatus.DECLINED] * 3 + [EnrolmentStatus.APPROVED]
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (
            "offered@example.org",
            f"The cohort has begun without a place for you: {open_cohort.title}",
        ),
        (
            "pending@example.org",
            f"The cohort has begun without a place for you: {open_cohort.title}",
        ),
        (
            "waiting@example.org",
            f"La cohorte ha comenzado sin una plaza para usted: {open_cohort.title}",
        ),
    ]

    # A running cohort gives no more places and takes no nominations.
    late = Enrolment.objects.create(cohort=open_cohort, user=UserFactory())
    with pytest.raises(EnrolmentError, match="no more places"):
        enrolment_approve(enrolment=late, by=None)
    with pytest.raises(EnrolmentError, match="no place on offer"):
        enrolment_offer_accept(enrolment=offered)
    # Even an offer left open (written directly here) cannot be taken once seminars began.
    stray = Enrolment.objects.create(
        cohort=open_cohort,
        user=UserFactory(),
        status=EnrolmentStatus.OFFERED,
        offer_expires_at=utc(date(NEXT_YEAR + 1, 1, 1), 9),
    )
    with pytest.raises(EnrolmentError, match="This offer has expired."):
        enrolment_offer_accept(enrolment=stray)
    assert Enrolment.objects.get(pk=stray.pk).status == EnrolmentStatus.OFFERED
    with pytest.raises(EnrolmentError, match="no longer takes nominations"):
        nomination_create(cohort=open_cohort, email="x@example.org", full_name="X", by=None)
    assert Enrolment.objects.get(pk=late.pk).status == EnrolmentStatus.APPLIED
