"""Enrolments and calendars: a participant's sessions reach their personal feed and the
change e-mails only while their place is approved."""

from datetime import timedelta

import pytest
import vobject
from django.core import mail

from cohorts.domain.calendar_tokens import calendar_token_issue
from cohorts.domain.enrolment import (
    enrolment_apply,
    enrolment_approve,
    enrolment_withdraw,
)
from cohorts.domain.scheduling import session_move
from cohorts.enums import EnrolmentStatus
from lms.enums import StaffRole, UnionRole
from tests.cohorts.test_calendars import JOIN, scheduled_cohort, uid
from tests.cohorts.test_local_time import SPRING, at
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(curriculum):
    return scheduled_cohort(
        curriculum.tracks["leaders"],
        zone="America/Sao_Paulo",
        first=at(SPRING + timedelta(days=30), 14),
        capacity=1,
    )


@pytest.fixture
def coordinator(cohort):
    return staff_user(StaffRole.COORDINATOR, cohort.region)


def leader(**fields):
    return UserFactory(union_role=UnionRole.LEADER, **fields)


def apply(cohort, person):
    return enrolment_apply(
        cohort=cohort, user=person, profile={}, commitment=True, recording_consent=False
    )


def feed_uids(client, person):
    token = calendar_token_issue(user=person)
    response = client.get(f"/calendar/personal/{token}.ics")
    assert response.status_code == 200
    calendar = vobject.readOne(response.content.decode())
    return sorted(event.uid.value for event in getattr(calendar, "vevent_list", []))


def test_the_feed_has_the_cohort_only_while_the_place_is_approved(
    client, cohort, coordinator, django_capture_on_commit_callbacks
):
    first, second = leader(), leader()
    expected = sorted(uid(session) for session in cohort.sessions.all())

    with django_capture_on_commit_callbacks(execute=True):
        first_enrolment = apply(cohort, first)
        second_enrolment = apply(cohort, second)
    assert feed_uids(client, first) == []

    with django_capture_on_commit_callbacks(execute=True):
        enrolment_approve(enrolment=first_enrolment, by=coordinator)
        enrolment_approve(enrolment=second_enrolment, by=coordinator)
    second_enrolment.refresh_from_db()
    assert second_enrolment.status == EnrolmentStatus.WAITLISTED
    assert feed_uids(client, first) == expected
    assert feed_uids(client, second) == []

    # The join link is in the owner's feed.
    token = calendar_token_issue(user=first)
    assert JOIN in client.get(f"/calendar/personal/{token}.ics").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment=first_enrolment, by=first)
    assert feed_uids(client, first) == []
    # The freed place is offered, not yet taken: no feed until it is accepted.
    second_enrolment.refresh_from_db()
    assert second_enrolment.status == EnrolmentStatus.OFFERED
    assert feed_uids(client, second) == []


def test_a_moved_session_is_mailed_to_approved_participants_only(
    cohort, coordinator, django_capture_on_commit_callbacks
):
    approved, waiting = leader(email="approved@example.org"), leader(email="waiting@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_approve(enrolment=apply(cohort, approved), by=coordinator)
        enrolment_approve(enrolment=apply(cohort, waiting), by=coordinator)
    mail.outbox.clear()

    session = cohort.sessions.get(seminar_number=2)
    with django_capture_on_commit_callbacks(execute=True):
        session_move(
            session=session,
            start_local=at(SPRING + timedelta(days=38), 15),
            reason="Room booked",
        )
    # The coordinator here approves but is not one of the cohort's own coordinators.
    assert [message.to for message in mail.outbox] == [["approved@example.org"]]
    [to_participant] = mail.outbox
    assert "Room booked" in to_participant.body


# --- The person's own data: export and erasure -------------------------------------


def test_export_lists_the_persons_enrolments_and_nominations(cohort, coordinator):
    import json

    from cohorts.domain.enrolment import nomination_create
    from lms.domain.people import person_export

    person = leader(email="dalia@example.org")
    nomination_create(
        cohort=cohort, email="Dalia@Example.org", full_name="Dalia K", by=coordinator, note="Hi"
    )
    enrolment_approve(enrolment=apply(cohort, person), by=coordinator)
    data = json.loads(person_export(user=person))
    assert [(row["cohort"], row["status"]) for row in data["enrolments"]] == [
        (cohort.title, EnrolmentStatus.APPROVED)
    ]
    assert [(row["cohort"], row["note"]) for row in data["nominations"]] == [(cohort.title, "Hi")]


def test_erasure_gives_the_place_to_the_next_person_and_forgets_the_mail(
    cohort, coordinator, django_capture_on_commit_callbacks
):
    from cohorts.models import Enrolment, Nomination
    from lms.domain.people import person_erase
    from lms.models import OutboxMessage

    leaving, waiting = leader(email="leaving@example.org"), leader(email="waiting@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_approve(enrolment=apply(cohort, leaving), by=coordinator)
        waiting_enrolment = enrolment_approve(enrolment=apply(cohort, waiting), by=coordinator)
    Nomination.objects.create(cohort=cohort, email="LEAVING@example.org", full_name="L")
    assert OutboxMessage.objects.filter(to="leaving@example.org").count() == 2
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(user=leaving)

    waiting_enrolment.refresh_from_db()
    assert waiting_enrolment.status == EnrolmentStatus.OFFERED
    assert not Enrolment.objects.filter(user__email="leaving@example.org").exists()
    assert not Nomination.objects.filter(email__iexact="leaving@example.org").exists()
    assert not OutboxMessage.objects.filter(to="leaving@example.org").exists()
    # The next person hears of the place; the erased person gets only the erasure notice.
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("leaving@example.org", "Your account has been deleted"),
        ("waiting@example.org", f"A place is free for you: {cohort.title}"),
    ]
