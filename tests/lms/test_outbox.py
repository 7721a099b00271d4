"""The outbox: each e-mail recorded once with the change it reports, and sent exactly once."""

from datetime import date, timedelta
from email.mime.text import MIMEText

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone

from cohorts import tasks as cohort_tasks
from cohorts.domain.scheduling import session_move
from cohorts.enums import CohortStatus
from lms.domain.outbox import MAX_ATTEMPTS, SWEEP_GRACE, outbox_queue, outbox_send, outbox_sweep
from lms.models import OutboxMessage
from lms.tasks import send_outbox_message
from tests.cohorts.test_local_time import NEXT_YEAR, at
from tests.factories import UserFactory
from tests.factories.cohorts import open_cohort

pytestmark = pytest.mark.django_db


def message(to="ana@example.org", subject="Hello", body="Body text."):
    return EmailMessage(subject=subject, body=body, to=[to])


def row_state(row):
    row.refresh_from_db()
    return (row.sent_at is not None, row.attempts, row.last_error)


def test_a_queued_message_is_sent_once_after_commit(django_capture_on_commit_callbacks):
    email = message()
    invite = MIMEText("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "calendar", "utf-8")
    invite.set_param("method", "REQUEST")
    invite.add_header("Content-Disposition", "attachment", filename="invite.ics")
    email.attach(invite)
    email.attach("notes.txt", "Bring a laptop.", "text/plain")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        row = outbox_queue(key="test:1", message=email)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert row_state(row) == (True, 1, "")
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["ana@example.org"], "Hello", "Body text.")
    ]
    calendar, notes = mail.outbox[0].attachments
    assert (calendar.get_content_type(), calendar.get_param("method")) == (
        "text/calendar",
        "REQUEST",
    )
    assert calendar.get_filename() == "invite.ics"
    assert calendar.get_payload(decode=True).decode() == "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert notes == ("notes.txt", "Bring a laptop.", "text/plain")

    # Running the commit's work again (a retried task) sends nothing more.
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_nothing_is_recorded_or_sent_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox_queue(key="test:1", message=message())
        raise RuntimeError("the change failed")
    assert (callbacks, mail.outbox, OutboxMessage.objects.count()) == ([], [], 0)


def test_the_send_task_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        row = outbox_queue(key="test:1", message=message())
    assert send_outbox_message(row.pk) is True
    assert send_outbox_message(row.pk) is False
    assert send_outbox_message.delay(row.pk).get() is False
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert row_state(row) == (True, 1, "")


def test_a_failure_is_recorded_and_a_later_send_delivers(
    django_capture_on_commit_callbacks, monkeypatch
):
    def server_down(self, messages):
        raise OSError("Connection refused by smtp.example.org")

    with django_capture_on_commit_callbacks(execute=False):
        row = outbox_queue(key="test:1", message=message())
    monkeypatch.setattr(EmailBackend, "send_messages", server_down)
    with pytest.raises(OSError, match="Connection refused"):
        outbox_send(message_id=row.pk)
    assert row_state(row) == (False, 1, "Connection refused by smtp.example.org")
    assert mail.outbox == []

    monkeypatch.undo()
    assert outbox_send(message_id=row.pk) is True
    assert row_state(row) == (True, 2, "")
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_a_failure_after_commit_does_not_undo_the_change(
    django_capture_on_commit_callbacks, monkeypatch
):
    def server_down(self, messages):
        raise OSError("Connection refused")

    monkeypatch.setattr(EmailBackend, "send_messages", server_down)
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox_queue(key="test:1", message=message())
    # The broker's task failed (and was logged); the row waits for the sweep.
    assert row_state(row) == (False, 1, "Connection refused")
    assert mail.outbox == []
    monkeypatch.undo()
    assert outbox_sweep(now=timezone.now() + SWEEP_GRACE) == 1
    assert row_state(row) == (True, 2, "")
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_the_sweep_sends_only_what_is_older_than_the_grace_period(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        old = outbox_queue(key="test:old", message=message("old@example.org"))
        new = outbox_queue(key="test:new", message=message("new@example.org"))
        given_up = outbox_queue(key="test:given-up", message=message("gone@example.org"))
    now = timezone.now()
    OutboxMessage.objects.filter(pk=old.pk).update(created_at=now - SWEEP_GRACE)
    OutboxMessage.objects.filter(pk=new.pk).update(
        created_at=now - SWEEP_GRACE + timedelta(seconds=1)
    )
    OutboxMessage.objects.filter(pk=given_up.pk).update(
        created_at=now - timedelta(days=1), attempts=MAX_ATTEMPTS
    )
    assert outbox_sweep(now=now) == 1
    assert [m.to for m in mail.outbox] == [["old@example.org"]]
    assert [row_state(r)[0] for r in (old, new, given_up)] == [True, False, False]
    # A second sweep finds nothing left to send.
    assert outbox_sweep(now=now) == 0
    assert len(mail.outbox) == 1


def test_the_sweep_carries_on_after_a_failure(django_capture_on_commit_callbacks, monkeypatch):
    with django_capture_on_commit_callbacks(execute=False):
        first = outbox_queue(key="test:1", message=message("bad@example.org"))
        second = outbox_queue(key="test:2", message=message("good@example.org"))
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(hours=1))
    real_send = EmailBackend.send_messages

    def fails_for_bad(self, messages):
        if messages[0].to == ["bad@example.org"]:
            raise OSError("Mailbox unavailable")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", fails_for_bad)
    assert outbox_sweep() == 1
    assert [m.to for m in mail.outbox] == [["good@example.org"]]
    assert row_state(first) == (False, 1, "Mailbox unavailable")
    assert row_state(second) == (True, 1, "")


def test_a_duplicate_key_records_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = outbox_queue(key="enrolment:1:approved", message=message())
        second = outbox_queue(
            key="enrolment:1:approved", message=message(subject="Another subject")
        )
    assert first is not None and second is None
    assert len(callbacks) == 1
    assert list(OutboxMessage.objects.values_list("key", "subject")) == [
        ("enrolment:1:approved", "Hello")
    ]
    assert [m.subject for m in mail.outbox] == ["Hello"]


def test_a_subject_cannot_inject_headers(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox_queue(
            key="test:1",
            message=message(subject="Welcome\r\nBcc: evil@example.org\nX-Evil: 1\u2028end"),
        )
    assert row.subject == "Welcome Bcc: evil@example.org X-Evil: 1 end"
    [sent] = mail.outbox
    assert sent.subject == "Welcome Bcc: evil@example.org X-Evil: 1 end"
    rendered = sent.message()
    assert rendered.get_all("Bcc") is None
    assert rendered.get_all("X-Evil") is None
    assert rendered["To"] == "ana@example.org"
    assert sent.recipients() == ["ana@example.org"]


def test_a_message_to_several_people_is_recorded_once_per_person(
    django_capture_on_commit_callbacks,
):
    email = EmailMessage(subject="Hi", body="x", to=["a@example.org", "b@example.org"])
    with django_capture_on_commit_callbacks(execute=True):
        outbox_queue(key="test:many", message=email)
        outbox_queue(key="test:many", message=email)
    assert list(OutboxMessage.objects.order_by("pk").values_list("key", "to")) == [
        ("test:many:a@example.org", "a@example.org"),
        ("test:many:b@example.org", "b@example.org"),
    ]
    assert [m.to for m in mail.outbox] == [["a@example.org"], ["b@example.org"]]


def test_notifying_the_same_session_change_twice_records_nothing_new(
    curriculum, django_capture_on_commit_callbacks
):
    cohort = open_cohort(curriculum.tracks["curators"], time_zone="Europe/London")
    assert cohort.status == CohortStatus.OPEN
    cohort.coordinators.add(UserFactory(email="coord@example.org"))
    cohort.facilitators.add(UserFactory(email="facil@example.org"))
    session = cohort.sessions.get(seminar_number=2)
    with django_capture_on_commit_callbacks(execute=True):
        session_move(session=session, start_local=at(date(NEXT_YEAR, 5, 11), 15), reason="x")
    assert sorted(m.to[0] for m in mail.outbox) == ["coord@example.org", "facil@example.org"]
    session.refresh_from_db()
    keys = sorted(OutboxMessage.objects.values_list("key", flat=True))
    assert keys == sorted(
        f"session:{session.pk}:1:{person.pk}"
        for person in [cohort.coordinators.get(), cohort.facilitators.get()]
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert cohort_tasks.notify_session_changed(session.pk, "moved") == 0
    assert callbacks == []
    assert sorted(OutboxMessage.objects.values_list("key", flat=True)) == keys
    assert len(mail.outbox) == 2


def test_any_sending_failure_is_recorded_so_the_sweep_gives_up_in_time(
    django_capture_on_commit_callbacks, monkeypatch
):
    def broken(self, messages):
        raise ValueError("bad header in template")

    with django_capture_on_commit_callbacks(execute=False):
        row = outbox_queue(key="test:value-error", message=message())
    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    with pytest.raises(ValueError, match="bad header"):
        outbox_send(message_id=row.pk)
    assert row_state(row) == (False, 1, "bad header in template")
