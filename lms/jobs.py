"""Queueing background work once a change is committed, without ever failing the request.

Every task queued after a commit goes through `enqueue_after_commit`. When the broker cannot
be reached the task is not queued: that is logged (once per outage), the committed change
stands, and the work waits for the periodic sweep that looks for it (the outbox sweep for
e-mails, the certificate and recording sweeps; see CELERY_BEAT_SCHEDULE). A task may
therefore be left unqueued, and a sweep may find work whose task is only late: tasks queued
here must be safe to run twice or never.
"""

import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError

from lms.breaker import redis_server

log = logging.getLogger(__name__)

# The broker could not be reached (kombu wraps the Redis client's errors in OperationalError).
BROKER_UNREACHABLE = (OperationalError, OSError)


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Queue `task(*args, **kwargs)` when the current transaction commits (at once outside one).

    Nothing is queued if the transaction rolls back. Never raises.
    """
    transaction.on_commit(partial(enqueue, task, *args, **kwargs), robust=True)


def enqueue(task, *args, **kwargs) -> bool:
    """Queue `task(*args, **kwargs)` now; False (logged) when it could not be queued.

    One attempt, with the broker's short socket timeouts (settings), and none while the
    broker's server is marked down after a failure: a request queueing a task per person
    during an outage waits for one timeout at most. With eager tasks (no broker) the task runs
    here, and its failure is logged rather than raised, as a worker would.
    """
    conf = task.app.conf
    if conf.task_always_eager:
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:
            log.exception("task %s failed; a sweep will take up its work", task.name)
            return False
        return True
    broker = redis_server(conf.broker_write_url or conf.broker_url)
    if broker.is_down():
        log.info("task %s not queued: the broker is down; a sweep will take up its work", task.name)
        return False
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except BROKER_UNREACHABLE as error:
        broker.failed(error, by="task queue")
        log.info("task %s not queued; a sweep will take up its work", task.name)
        return False
    except Exception:
        # Not the broker's fault (an argument that cannot be serialised): say so loudly.
        log.exception("task %s could not be queued", task.name)
        return False
    broker.answered()
    return True
