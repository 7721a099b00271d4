import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from config.celery_app import app
from lms.tasks import send_account_erased_notice


def test_erasure_notice_is_sent_in_the_persons_language():
    send_account_erased_notice.delay(email="gone@example.org", language="es")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gone@example.org"]
    assert message.subject == "Se ha eliminado su cuenta"


@pytest.mark.redis
def test_a_real_worker_runs_the_task_through_redis():
    """The task travels through the real Redis broker to a real worker thread."""
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.REDIS_URL
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            send_account_erased_notice.delay(email="worker@example.org", language="en")
            deadline = time.monotonic() + 30
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
    assert [m.to for m in mail.outbox] == [["worker@example.org"]]
    assert mail.outbox[0].subject == "Your account has been deleted"
