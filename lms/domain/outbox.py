"""Queue e-mails through the outbox so each one goes out exactly once.

`outbox_queue` records the message in the caller's transaction and sends it
after commit; `outbox_send` sends one row under a row lock and marks it, so a
retried task, a second worker or the periodic sweep never send it twice. A
broker that is down when the transaction commits only delays the message: the
sweep (every minute) sends what no task did.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from lms.jobs import enqueue_after_commit
from lms.models import OutboxMessage

log = logging.getLogger(__name__)

# Rows younger than this are left to the task queued at commit time.
SWEEP_GRACE = timedelta(minutes=2)
MAX_ATTEMPTS = 10
# Messages to people who no longer have an account (the erasure notice): the row is deleted
# as soon as the message is sent, or after OUTBOX_KEEP_DAYS if it never could be, so the
# outbox keeps no address of someone erased.
FORGET_ONCE_SENT = "forget:"


def _one_line(text: str) -> str:
    # Header injection: nothing a person typed may break a header line.
    return " ".join(str(text).split())


def calendar_part(ical: str, *, method: str, filename: str) -> MIMEText:
    """An iCalendar invitation (RFC 6047) to attach to an e-mail: text/calendar with METHOD."""
    part = MIMEText(ical, "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def _attachments(message: EmailMessage) -> list[dict]:
    attachments = []
    for item in message.attachments:
        if isinstance(item, MIMEText):
            attachments.append(
                {
                    "filename": item.get_filename(),
                    "content": item.get_payload(decode=True).decode(
                        item.get_content_charset() or "utf-8"
                    ),
                    "mimetype": item.get_content_type(),
                    "method": item.get_param("method") or "",
                }
            )
        else:
            filename, content, mimetype = item
            attachments.append(
                {"filename": filename, "content": content, "mimetype": mimetype, "method": ""}
            )
    return attachments


def _row(*, key: str, recipient: str, message: EmailMessage, attachments: list[dict]):
    """The unsaved outbox row for `message` to `recipient`; the subject made one line, so
    nothing a person typed can inject a header."""
    return OutboxMessage(
        key=key,
        to=recipient,
        subject=_one_line(message.subject)[:300],
        body=message.body,
        attachments=attachments,
    )


def _send_after_commit(row_ids: list[int]) -> None:
    from lms.tasks import send_outbox_message

    # A broker that is down must not undo the change these messages report: the task is
    # left unqueued (lms.jobs) and the sweep sends the rows later.
    for row_id in row_ids:
        enqueue_after_commit(send_outbox_message, row_id)


def outbox_queue(
    *, key: str, message: EmailMessage, forget_once_sent: bool = False
) -> OutboxMessage | None:
    """Record `message` under `key` and send it once the transaction commits.

    A message already recorded under `key` is not recorded again (returns None).
    `forget_once_sent`: the row is deleted once sent (see FORGET_ONCE_SENT).
    """
    if forget_once_sent:
        key = FORGET_ONCE_SENT + key
    attachments = _attachments(message)
    rows = []
    for recipient in message.to:
        try:
            with transaction.atomic():
                row = _row(
                    key=key if len(message.to) == 1 else f"{key}:{recipient}",
                    recipient=recipient,
                    message=message,
                    attachments=attachments,
                )
                row.save(force_insert=True)
        except IntegrityError:
            continue
        rows.append(row)
    _send_after_commit([row.pk for row in rows])
    return rows[0] if rows else None


def outbox_queue_many(messages: Iterable[tuple[str, EmailMessage]]) -> int:
    """Record many messages, each to one person under its own key, and send them after commit.

    Like `outbox_queue` for each, in a constant number of queries. Keys already recorded
    are skipped; returns how many messages were recorded (a key someone else records at the
    same moment is skipped too, but may be counted).
    """
    rows = {}
    for key, message in messages:
        [recipient] = message.to
        rows.setdefault(
            key,
            _row(key=key, recipient=recipient, message=message, attachments=_attachments(message)),
        )
    if not rows:
        return 0
    known = set(OutboxMessage.objects.filter(key__in=rows).values_list("key", flat=True))
    new = [row for key, row in rows.items() if key not in known]
    OutboxMessage.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    # bulk_create does not give every database's ids back: read them by key.
    row_ids = list(
        OutboxMessage.objects.filter(key__in=[row.key for row in new])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    _send_after_commit(row_ids)
    return len(new)


def _as_email(row: OutboxMessage) -> EmailMessage:
    message = EmailMessage(subject=row.subject, body=row.body, to=[row.to])
    for item in row.attachments:
        if item.get("method"):
            message.attach(
                calendar_part(item["content"], method=item["method"], filename=item["filename"])
            )
        else:
            message.attach(item["filename"], item["content"], item["mimetype"])
    return message


def outbox_send(*, message_id: int) -> bool:
    """Send one recorded message unless it has been sent; True when this call sent it.

    The row stays locked while the mail server is talked to, so two workers
    cannot both send it. A failure is recorded and raised for the task to retry.
    """
    failure = None
    with transaction.atomic():
        row = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if row is None:
            return False
        row.attempts += 1
        try:
            with get_connection() as connection:
                connection.send_messages([_as_email(row)])
        except Exception as error:  # noqa: BLE001 - recorded, then raised again below
            failure = error
            row.last_error = str(error)[:500]
        else:
            row.sent_at = timezone.now()
            row.last_error = ""
            if row.key.startswith(FORGET_ONCE_SENT):
                row.delete()
                return True
        # Saved in both cases: the failure is recorded (committed), then raised for a retry.
        row.save(update_fields=["sent_at", "attempts", "last_error"])
    if failure is not None:
        raise failure
    return True


def outbox_sweep(*, now=None, limit: int = 500) -> int:
    """Send unsent messages older than the grace period; returns how many went out.

    Sent messages are kept for OUTBOX_KEEP_DAYS (to answer "did it go out?"), then deleted:
    they hold personal data. So are messages to erased people that never went out.
    """
    now = now or timezone.now()
    too_old = now - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    OutboxMessage.objects.filter(
        Q(sent_at__lt=too_old) | Q(key__startswith=FORGET_ONCE_SENT, created_at__lt=too_old)
    ).delete()
    ids = list(
        OutboxMessage.objects.filter(
            sent_at__isnull=True, created_at__lte=now - SWEEP_GRACE, attempts__lt=MAX_ATTEMPTS
        )
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for message_id in ids:
        try:
            sent += outbox_send(message_id=message_id)
        except Exception:  # noqa: BLE001 - one bad message must not stop the others
            log.warning("outbox message %s could not be sent; will retry", message_id)
    return sent
