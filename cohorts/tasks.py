"""Background work for cohorts: thin tasks with stable names, each calling a domain function."""

from celery import shared_task

# Re-exported: the message is built in the domain now (and tests import it from here).
from cohorts.domain.session_mail import (  # noqa: F401
    CANCELLED,
    DETAILS,
    MOVED,
    session_change_message,
)


@shared_task
def notify_session_changed(session_id: int, change: str = MOVED) -> int:
    """Record the e-mails about a session's change; returns how many were recorded.

    Changes record their e-mails themselves now, in their own transaction; this task stays
    for those queued before, and records nothing for a change already told.
    """
    from cohorts.domain.session_mail import session_change_notify
    from cohorts.models import Session

    session = Session.objects.select_related("cohort", "module").filter(pk=session_id).first()
    if session is None:
        return 0
    return session_change_notify(session=session, change=change)


@shared_task
def expire_enrolment_offers() -> int:
    """Run by celery beat every minute: lapsed offers go to the next person waiting."""
    from cohorts.domain.enrolment import enrolment_offers_expire

    return enrolment_offers_expire()


@shared_task
def advance_cohort_statuses() -> dict[str, int]:
    """Run by celery beat every few minutes (see CELERY_BEAT_SCHEDULE)."""
    from cohorts.domain.lifecycle import cohort_statuses_advance

    return cohort_statuses_advance()


@shared_task(acks_late=True)
def issue_due_certificates(cohort_id: int) -> int:
    """Issue the certificates now due in a cohort; returns how many were issued."""
    from cohorts.domain.certificates import certificates_issue_due
    from cohorts.models import Cohort

    cohort = Cohort.objects.filter(pk=cohort_id).first()
    if cohort is None:
        return 0
    return len(certificates_issue_due(cohort=cohort))


@shared_task
def issue_missed_certificates() -> int:
    """Run by celery beat hourly: issue the certificates due in cohorts that are running or
    ended lately, in case a stopped broker lost the task a change queued."""
    from cohorts.domain.certificates import certificates_issue_due_recent

    return certificates_issue_due_recent()


@shared_task
def purge_attendance_imports() -> int:
    """Delete uploaded video-call reports past their keeping time."""
    from cohorts.domain.attendance_import import attendance_imports_purge

    return attendance_imports_purge()


@shared_task(acks_late=True)
def process_recording(recording_id: int) -> str:
    """Read an uploaded recording's length and make its poster and audio-only version.

    Returns the recording's processing status afterwards, or "" when there was nothing to do
    (deleted, a link, or already processed or being processed by another worker)."""
    from cohorts.domain.recording_processing import recording_process

    recording = recording_process(recording_id=recording_id)
    return recording.processing_status if recording is not None else ""


@shared_task
def process_waiting_recordings() -> int:
    """Run by celery beat every 15 minutes: queue processing for uploaded recordings still
    waiting long after their upload (a stopped broker lost their task); returns how many."""
    from cohorts.domain.recording_processing import recordings_queue_waiting

    return recordings_queue_waiting()


@shared_task
def purge_expired_recordings() -> int:
    """Run daily by celery beat: delete recordings past their keep-until date (with their
    files), except those kept for training colleagues."""
    from cohorts.domain.recording_processing import recordings_purge_expired

    return recordings_purge_expired()


@shared_task
def purge_stale_recording_uploads() -> int:
    """Remove partial recording uploads abandoned for more than a day."""
    from cohorts.domain.recording_upload import recording_uploads_purge

    return recording_uploads_purge()
