"""Background work for cohorts: telling people that a session changed."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from cohorts.calendars import build_calendar, cohort_page_path, session_summary
from cohorts.domain.local_time import local_label
from cohorts.domain.membership import people_to_notify
from cohorts.domain.time_slots import user_zone_name
from cohorts.models import Session
from lms.domain.outbox import calendar_part, outbox_queue
from lms.languages import person_language

MOVED, CANCELLED, DETAILS = "moved", "cancelled", "details"


def _invitation(session, person, *, method: str, base_url: str):
    calendar = build_calendar(
        [session],
        name=session_summary(session),
        base_url=base_url,
        join_links=True,
        method=method,
        attendee_email=person.email,
    )
    return calendar_part(
        calendar.to_ical().decode(),
        method=method,
        filename=f"{session.cohort.slug}-seminar-{session.seminar_number}.ics",
    )


def session_change_message(session: Session, person, *, change: str) -> EmailMessage:
    """The e-mail telling `person` about `change`, in their language and zone."""
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    cancelled = session.is_cancelled
    change = CANCELLED if cancelled else change
    method = "CANCEL" if cancelled else "REQUEST"
    with translation.override(person_language(person)):
        context = {
            "name": person.get_short_name(),
            "change": change,
            "summary": session_summary(session),
            "when_person": local_label(session.starts_at, user_zone_name(user=person)),
            "when_cohort": local_label(session.starts_at, session.cohort.time_zone),
            "reason": session.change_reason if change in {MOVED, CANCELLED} else "",
            "venue": "" if cancelled else session.venue,
            "join_url": "" if cancelled else session.join_url,
            "cohort_url": base_url + cohort_page_path(session.cohort),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("cohorts/email/session_changed_subject.txt", context)
        body = render_to_string("cohorts/email/session_changed.txt", context)
        message = EmailMessage(subject=subject, body=body, to=[person.email])
        message.attach(_invitation(session, person, method=method, base_url=base_url))
    return message


@shared_task
def notify_session_changed(session_id: int, change: str = MOVED) -> int:
    """Record an updated invitation in the outbox for everyone in the session's cohort.

    Returns how many messages were recorded. Draft cohorts are still being planned
    and cancelled ones are over: their changes reach people's calendar feeds but
    no inboxes. Each message is keyed by the session's SEQUENCE and the person, so
    running this task twice for the same change records (and sends) nothing new.
    """
    session = Session.objects.select_related("cohort", "module").filter(pk=session_id).first()
    if session is None or not session.cohort.is_public:
        return 0
    recorded = 0
    for person in people_to_notify(session.cohort):
        row = outbox_queue(
            key=f"session:{session.pk}:{session.sequence}:{person.pk}",
            message=session_change_message(session, person, change=change),
        )
        recorded += row is not None
    return recorded


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
