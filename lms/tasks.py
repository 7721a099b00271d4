from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_account_erased_notice(*, email: str, language: str) -> None:
    """Confirm to a person that their account and data are gone.

    The account no longer exists, so the task carries the address itself.
    """
    with translation.override(language):
        send_mail(
            subject=_("Your account has been deleted"),
            message=render_to_string(
                "lms/email/account_erased.txt", {"site_name": settings.WAGTAIL_SITE_NAME}
            ),
            from_email=None,
            recipient_list=[email],
        )


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
