from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_account_erased_notice(*, email: str, language: str) -> None:
    """Confirm to a person that their account and data are gone.

    Erasure now records the notice in the outbox; this task stays for notices queued before
    that (the account no longer exists, so the task carries the address itself).
    """
    from lms.domain.people import account_erased_message

    account_erased_message(email=email, language=language).send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def send_outbox_message(message_id: int) -> bool:
    """Send one outbox row; a retry after success sends nothing."""
    from lms.domain.outbox import outbox_send

    return outbox_send(message_id=message_id)


@shared_task
def sweep_outbox() -> int:
    """Run by celery beat every minute: sends what a stopped broker left behind."""
    from lms.domain.outbox import outbox_sweep

    return outbox_sweep()
