"""Many people applying and being approved at the same moment never overfill a cohort.

PostgreSQL only: SQLite serialises writers, so the row locks are never contended there.
"""

import threading

import pytest
from django.db import connection

from cohorts.domain.enrolment import enrolment_apply, enrolment_approve, waitlist_position
from cohorts.domain.exceptions import EnrolmentError
from cohorts.enums import SEAT_HOLDING_STATUSES, EnrolmentStatus
from cohorts.models import Enrolment
from lms.enums import UnionRole
from lms.models import ConsentRecord, OutboxMessage, User
from tests.concurrency import DONE, REFUSED, at_once
from tests.factories import UserFactory, build_curriculum
from tests.factories.cohorts import EnrolmentFactory, open_cohort

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CAPACITY = 5
TAKEN = 2
THREADS = 50


def leader(email):
    return UserFactory(email=email, union_role=UnionRole.LEADER)


class SeatWatcher(threading.Thread):
    """Counts the cohort's approved places over and over while the race runs."""

    def __init__(self, cohort_id):
        super().__init__()
        self.cohort_id = cohort_id
        self.stop = threading.Event()
        self.most = 0
        self.looks = 0

    def run(self):
        try:
            while not self.stop.is_set():
                approved = Enrolment.objects.filter(
                    cohort_id=self.cohort_id, status=EnrolmentStatus.APPROVED
                ).count()
                self.most = max(self.most, approved)
                self.looks += 1
        finally:
            connection.close()


@pytest.fixture
def cohort():
    curriculum = build_curriculum()
    cohort = open_cohort(curriculum.tracks["leaders"], capacity=CAPACITY, slug="race")
    for n in range(TAKEN):
        EnrolmentFactory(
            cohort=cohort, user=leader(f"seated{n}@example.org"), status=EnrolmentStatus.APPROVED
        )
    return cohort


def test_approvals_and_applications_at_once_never_overfill(cohort):
    coordinator = UserFactory(email="coordinator@example.org")
    pending = [
        EnrolmentFactory(cohort=cohort, user=leader(f"pending{n}@example.org"))
        for n in range(THREADS // 2)
    ]
    newcomers = [leader(f"new{n}@example.org") for n in range(THREADS - len(pending))]

    def approve(enrolment):
        return lambda: enrolment_approve(enrolment=enrolment, by=coordinator)

    def apply(person_id):
        return lambda: enrolment_apply(
            cohort=cohort,
            user=User.objects.get(pk=person_id),
            profile={},
            commitment=True,
            recording_consent=True,
        )

    jobs = []
    for enrolment, person in zip(pending, newcomers, strict=True):
        jobs += [approve(enrolment), apply(person.pk)]

    watcher = SeatWatcher(cohort.pk)
    watcher.start()
    try:
        outcomes = at_once(jobs, refused=EnrolmentError)
    finally:
        watcher.stop.set()
        watcher.join(timeout=30)

    assert [o for o in outcomes if o not in (DONE, REFUSED)] == []
    assert outcomes == [DONE] * THREADS  # every one of these changes is allowed
    assert watcher.looks > 0
    assert watcher.most <= CAPACITY

    enrolments = Enrolment.objects.filter(cohort=cohort)
    assert enrolments.filter(status__in=SEAT_HOLDING_STATUSES).count() == CAPACITY
    assert enrolments.filter(status=EnrolmentStatus.APPROVED).count() == CAPACITY
    free_at_start = CAPACITY - TAKEN
    assert enrolments.filter(status=EnrolmentStatus.WAITLISTED).count() == (
        len(pending) - free_at_start
    )
    assert sorted(
        enrolments.filter(status=EnrolmentStatus.APPLIED).values_list("user_id", flat=True)
    ) == sorted(p.pk for p in newcomers)

    waiting = list(
        enrolments.filter(status=EnrolmentStatus.WAITLISTED).order_by("waitlisted_at", "pk")
    )
    stamps = [e.waitlisted_at for e in waiting]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert len({e.user_id for e in waiting}) == len(waiting)
    assert [waitlist_position(e) for e in waiting] == list(range(1, len(waiting) + 1))
    # The order of the list is the order people joined it: the position each was told
    # by e-mail is still their position.
    told = {row.key: row.body for row in OutboxMessage.objects.filter(key__endswith=":waitlisted")}
    assert sorted(told) == sorted(f"enrolment:{e.pk}:waitlisted" for e in waiting)
    for position, enrolment in enumerate(waiting, start=1):
        assert (
            f"You are number {position} on the waiting list."
            in told[f"enrolment:{enrolment.pk}:waitlisted"]
        )
    # Every e-mail was recorded once and sent once.
    assert OutboxMessage.objects.count() == THREADS
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0


def test_the_same_person_applying_twenty_times_at_once_applies_once(cohort):
    person = leader("eager@example.org")

    def apply():
        enrolment_apply(
            cohort=cohort,
            user=User.objects.get(pk=person.pk),
            profile={"interpretation_needs": "Spanish"},
            commitment=True,
            recording_consent=False,
        )

    outcomes = at_once([apply] * 20, refused=EnrolmentError)

    assert sorted(outcomes, key=str) == [DONE] + [REFUSED] * 19
    assert list(
        Enrolment.objects.filter(cohort=cohort, user=person).values_list("status", flat=True)
    ) == [EnrolmentStatus.APPLIED]
    assert ConsentRecord.objects.filter(user=person).count() == 1
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == ["eager@example.org"]
