"""E-mails about moved, cancelled and changed sessions, each with a calendar invitation."""

import time
from datetime import UTC, date

import pytest
import vobject
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cohorts import tasks
from cohorts.domain.scheduling import (
    cohort_schedule_create,
    session_cancel,
    session_move,
    session_update_details,
)
from cohorts.enums import CohortStatus, DeliveryMode, EnrolmentStatus, SessionStatus
from lms.domain.outbox import SWEEP_GRACE, outbox_sweep
from lms.models import OutboxMessage
from tests.cohorts.test_local_time import NEXT_YEAR, at
from tests.factories import CohortFactory, UserFactory
from tests.factories.cohorts import EnrolmentFactory
from tests.helpers.redis_outage import OUTAGES, celery_broker

pytestmark = pytest.mark.django_db

JOIN = "https://meet.example.org/room-7f3a"


def utc(day, hour, minute=0):
    return at(day, hour, minute).replace(tzinfo=UTC)


@pytest.fixture
def cohort(curriculum):
    """An open São Paulo cohort; seminar 2 is on 10 May at 10:00 local time."""
    cohort = CohortFactory(
        track=curriculum.tracks["curators"],
        time_zone="America/Sao_Paulo",
        title="Curators Inter-America",
        slug="curators-inter-america",
    )
    cohort_schedule_create(
        cohort=cohort, first_start_local=at(date(NEXT_YEAR, 5, 3), 10), join_url=JOIN
    )
    cohort.status = CohortStatus.OPEN
    cohort.save(update_fields=["status"])
    return cohort


@pytest.fixture
def people(cohort, curriculum):
    spanish = UserFactory(
        email="ana@example.org", preferred_language="es", time_zone="Europe/Madrid"
    )
    french = UserFactory(email="bea@example.org", preferred_language="fr", time_zone="Asia/Manila")
    cohort.coordinators.add(spanish, UserFactory(email="gone@example.org", is_active=False))
    cohort.facilitators.add(french)
    other = CohortFactory(track=curriculum.tracks["curators"], status=CohortStatus.OPEN)
    other.coordinators.add(UserFactory(email="elsewhere@example.org"))
    return spanish, french


# Each person reads their mail in their own language.
LANGUAGE_OF = {"ana@example.org": "es", "bea@example.org": "fr"}


def by_recipient():
    return {tuple(message.to): message for message in mail.outbox}


def invitation(message):
    """The attached invitation: its MIME part and the calendar vobject reads from it."""
    [part] = message.attachments
    return part, vobject.readOne(part.get_payload(decode=True).decode())


def test_a_move_mails_everyone_once_in_their_language_and_zone(
    cohort, people, django_capture_on_commit_callbacks
):
    session = cohort.sessions.get(seminar_number=2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session_move(
            session=session, start_local=at(date(NEXT_YEAR, 5, 11), 15), reason="Public holiday"
        )
    # The messages are recorded with the change; after commit, one outbox send per person.
    assert len(callbacks) == 2
    messages = by_recipient()
    assert sorted(messages) == [("ana@example.org",), ("bea@example.org",)]

    spanish, french = messages[("ana@example.org",)], messages[("bea@example.org",)]
    # Django's own month names show each message is written in the person's language.
    assert f"11 de mayo de {NEXT_YEAR} a las 20:00 (Europe/Madrid)" in spanish.body
    assert f"11 de mayo de {NEXT_YEAR} a las 15:00 (America/Sao_Paulo)" in spanish.body
    assert f"12 mai {NEXT_YEAR} 02:00 (Asia/Manila)" in french.body
    assert f"11 mai {NEXT_YEAR} 15:00 (America/Sao_Paulo)" in french.body
    for message in (spanish, french):
        assert "Public holiday" in message.body
        assert JOIN in message.body
        assert "http://testserver/cohorts/curators-inter-america/" in message.body

        part, calendar = invitation(message)
        assert part.get_content_type() == "text/calendar"
        assert part.get_param("method") == "REQUEST"
        assert part.get_filename() == "curators-inter-america-seminar-2.ics"
        assert calendar.method.value == "REQUEST"
        [event] = calendar.vevent_list
        assert (event.uid.value, event.sequence.value, event.status.value) == (
            f"{session.uid}@union-academy.example.org",
            "1",
            "CONFIRMED",
        )
        assert event.dtstart.value.astimezone(UTC) == utc(date(NEXT_YEAR, 5, 11), 18)
        assert event.location.value == JOIN
        assert [a.value for a in event.contents["attendee"]] == [f"mailto:{message.to[0]}"]
        assert event.organizer.value == "mailto:noreply@example.org"


def test_a_cancellation_sends_a_cancel_invitation(
    cohort, people, django_capture_on_commit_callbacks
):
    session = cohort.sessions.get(seminar_number=3)
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, reason="Strike at the venue")
    assert sorted(by_recipient()) == [("ana@example.org",), ("bea@example.org",)]
    for message in mail.outbox:
        part, calendar = invitation(message)
        assert part.get_param("method") == "CANCEL"
        assert calendar.method.value == "CANCEL"
        [event] = calendar.vevent_list
        assert (event.uid.value, event.sequence.value, event.status.value) == (
            f"{session.uid}@union-academy.example.org",
            "1",
            "CANCELLED",
        )
        assert "Strike at the venue" in message.body
        assert JOIN not in message.body
        assert JOIN not in part.get_payload(decode=True).decode()


def test_the_subject_says_what_changed(cohort, people, django_capture_on_commit_callbacks):
    people[0].preferred_language = people[1].preferred_language = "en"
    for person in people:
        person.save(update_fields=["preferred_language"])
    session = cohort.sessions.get(seminar_number=2)
    with django_capture_on_commit_callbacks(execute=True):
        session_move(session=session, start_local=at(date(NEXT_YEAR, 5, 11), 15), reason="x")
    with django_capture_on_commit_callbacks(execute=True):
        session_update_details(
            session=session, join_url=JOIN + "-new", venue="", mode=DeliveryMode.ONLINE
        )
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, reason="y")
    summary = "Curators Inter-America: seminar 2 – Digital curators seminar 2"
    assert [m.subject for m in mail.outbox if m.to == ["ana@example.org"]] == [
        f"New time: {summary}",
        f"How to join has changed: {summary}",
        f"Cancelled: {summary}",
    ]


def test_changing_how_to_join_sends_the_new_link(
    cohort, people, django_capture_on_commit_callbacks
):
    session = cohort.sessions.get(seminar_number=1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session_update_details(session=session, join_url=JOIN, venue="", mode=DeliveryMode.HYBRID)
    assert (len(callbacks), mail.outbox) == (0, [])  # only the mode changed

    with django_capture_on_commit_callbacks(execute=True):
        session_update_details(
            session=session, join_url=JOIN, venue="Union House, room 4", mode=DeliveryMode.HYBRID
        )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Union House, room 4" in message.body
        part, calendar = invitation(message)
        assert part.get_param("method") == "REQUEST"
        [event] = calendar.vevent_list
        assert (event.sequence.value, event.location.value) == ("2", "Union House, room 4")
        with translation.override(LANGUAGE_OF[message.to[0]]):
            assert _("Join online: %(url)s") % {"url": JOIN} in event.description.value
        # A later change of details does not repeat an old move's reason.
        session.refresh_from_db()
        assert session.status == SessionStatus.SCHEDULED


def test_nothing_is_sent_for_a_draft_cohort(cohort, people, django_capture_on_commit_callbacks):
    cohort.status = CohortStatus.DRAFT
    cohort.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session_cancel(session=cohort.sessions.get(seminar_number=3), reason="Re-planning")
    assert callbacks == []
    assert (mail.outbox, OutboxMessage.objects.count()) == ([], 0)


def test_nothing_is_queued_when_the_change_is_rolled_back(
    cohort, people, django_capture_on_commit_callbacks
):
    session = cohort.sessions.get(seminar_number=3)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        session_cancel(session=session, reason="Strike")
        raise RuntimeError("the caller's transaction fails")
    assert (callbacks, mail.outbox) == ([], [])
    session.refresh_from_db()
    assert (session.status, session.sequence) == (SessionStatus.SCHEDULED, 0)


def test_subjects_carry_no_line_breaks_from_user_text(
    cohort, people, django_capture_on_commit_callbacks
):
    cohort.title = "Curators\r\nBcc: evil@example.org\u2028X"
    cohort.save(update_fields=["title"])
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=cohort.sessions.get(seminar_number=3), reason="Strike\r\nBcc: x")
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "\r" not in message.subject and "\n" not in message.subject
        assert "\u2028" not in message.subject
        with translation.override(LANGUAGE_OF[message.to[0]]):
            expected_end = _("%(cohort)s: seminar %(number)s – %(module)s") % {
                "cohort": "Curators Bcc: evil@example.org X",
                "number": 3,
                "module": "Digital curators seminar 3",
            }
        assert message.subject.endswith(expected_end)
        rendered = message.message()
        assert rendered.get_all("Bcc") is None
        assert rendered["To"] == message.to[0]
        _part, calendar = invitation(message)
        assert "attendee" in calendar.vevent.contents
        assert [a.value for a in calendar.vevent.contents["attendee"]] == [
            f"mailto:{message.to[0]}"
        ]


def test_a_language_the_site_does_not_speak_falls_back_to_the_default(
    cohort, people, django_capture_on_commit_callbacks
):
    spanish, french = people
    spanish.preferred_language = "de"  # Django speaks German; this site does not
    spanish.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=cohort.sessions.get(seminar_number=3), reason="Strike")
    message = by_recipient()[("ana@example.org",)]
    assert message.subject == (
        "Cancelled: Curators Inter-America: seminar 3 – Digital curators seminar 3"
    )
    assert f"May 17, {NEXT_YEAR}, 3 p.m. (Europe/Madrid)" in message.body
    assert f"May 17, {NEXT_YEAR}, 10 a.m. (America/Sao_Paulo)" in message.body


@pytest.mark.parametrize("outage", sorted(OUTAGES))
def test_a_change_made_while_the_broker_is_down_is_mailed_once_it_is_back(
    cohort, people, outage, django_capture_on_commit_callbacks
):
    spanish, french = people
    session = cohort.sessions.get(seminar_number=2)
    resolve("/")  # a process loads its URLconf once, not in the first change it makes
    with OUTAGES[outage]() as port, celery_broker(f"redis://127.0.0.1:{port}/0"):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            session_move(
                session=session, start_local=at(date(NEXT_YEAR, 5, 11), 15), reason="Holiday"
            )
        elapsed = time.monotonic() - started
    session.refresh_from_db()
    assert (session.status, session.sequence) == (SessionStatus.MOVED, 1)
    assert elapsed < 2
    assert mail.outbox == []
    assert list(OutboxMessage.objects.order_by("to").values_list("key", "to", "sent_at")) == [
        (f"session:{session.pk}:1:{spanish.pk}", "ana@example.org", None),
        (f"session:{session.pk}:1:{french.pk}", "bea@example.org", None),
    ]

    # The broker is back: the sweep sends each message, once.
    later = timezone.now() + SWEEP_GRACE
    assert (outbox_sweep(now=later), outbox_sweep(now=later)) == (2, 0)
    assert sorted(by_recipient()) == [("ana@example.org",), ("bea@example.org",)]
    assert invitation(by_recipient()[("ana@example.org",)])[1].vevent.sequence.value == "1"


def test_telling_of_a_change_costs_the_same_queries_for_a_larger_cohort(
    cohort, people, django_capture_on_commit_callbacks
):
    def move(session, day):
        with (
            django_capture_on_commit_callbacks(execute=False),
            CaptureQueriesContext(connection) as queries,
        ):
            session_move(session=session, start_local=at(date(NEXT_YEAR, 5, day), 15), reason="x")
        return len(queries)

    few = move(cohort.sessions.get(seminar_number=2), 11)
    for _number in range(10):
        EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.APPROVED)
    many = move(cohort.sessions.get(seminar_number=3), 18)
    assert OutboxMessage.objects.count() == 2 + 12
    assert many == few


def test_the_task_sends_nothing_for_a_session_that_is_gone(cohort, people):
    assert tasks.notify_session_changed(10**9) == 0
    assert mail.outbox == []


def test_the_task_counts_what_it_sent(cohort, people, django_capture_on_commit_callbacks):
    session = cohort.sessions.get(seminar_number=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notify_session_changed.delay(session.pk, change="details").get() == 2
    assert sorted(by_recipient()) == [("ana@example.org",), ("bea@example.org",)]
