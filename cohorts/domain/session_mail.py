"""The e-mails telling people a session moved, was cancelled or changed how to join.

Written in each person's language and zone, with an updated calendar invitation, and
recorded in the outbox in the transaction that makes the change: a broker that is down when
it commits delays them (the outbox sweep sends them) but cannot lose them.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from cohorts.calendars import build_calendar, cohort_page_path, session_summary
from cohorts.models import Session
from lms.domain.outbox import calendar_part, outbox_queue_many
from lms.languages import person_language

from .local_time import local_label
from .membership import people_to_notify
from .time_slots import user_zone_name

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


def session_change_notify(*, session: Session, change: str) -> int:
    """Record an updated invitation in the outbox for everyone in the session's cohort.

    Call it in the transaction that saves the change; the messages go out once it commits.
    Returns how many were recorded. Draft cohorts are still being planned and cancelled ones
    are over: their changes reach people's calendar feeds but no inboxes. Each message is
    keyed by the session's SEQUENCE and the person, so telling of the same change twice
    records (and sends) nothing new.
    """
    if not session.cohort.is_public:
        return 0
    return outbox_queue_many(
        (
            f"session:{session.pk}:{session.sequence}:{person.pk}",
            session_change_message(session, person, change=change),
        )
        for person in people_to_notify(session.cohort)
    )
