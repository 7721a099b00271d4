"""The outbox through a real Celery worker and Redis: a task delivered twice sends once."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction

from config.celery_app import app
from lms.domain.outbox import outbox_queue
from lms.models import OutboxMessage
from lms.tasks import send_outbox_message


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_an_outbox_message_once_however_often_it_is_queued():
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.REDIS_URL
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            with transaction.atomic():
                row = outbox_queue(
                    key="test:worker:1",
                    message=EmailMessage(
                        subject="Seminar 2 has moved", body="New time.", to=["kofi@example.org"]
                    ),
                )
            # As if the broker redelivered it, and the sweep found it too.
            send_outbox_message.delay(row.pk)
            send_outbox_message.delay(row.pk)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                row.refresh_from_db()
                if row.sent_at is not None:
                    break
                time.sleep(0.1)
            # Give the two redelivered tasks time to run (they find the row sent).
            time.sleep(2)
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
    row.refresh_from_db()
    assert row.sent_at is not None
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["kofi@example.org"], "Seminar 2 has moved")
    ]
    assert OutboxMessage.objects.count() == 1
