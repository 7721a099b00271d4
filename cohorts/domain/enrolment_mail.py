"""The e-mails of enrolment, written in each person's language and zone and sent via the outbox."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from cohorts.calendars import build_calendar, cohort_page_path
from cohorts.enums import SessionStatus
from lms.domain.addresses import verified_account_for
from lms.domain.outbox import calendar_part, outbox_queue
from lms.languages import interface_language, person_language

from .local_time import local_label
from .time_slots import user_zone_name

EVENTS = frozenset(
    {
        "received",
        "approved",
        "waitlisted",
        "offered",
        "declined",
        "withdrawn",
        "removed",
        "expired",
        "closed",
    }
)


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _invitations(enrolment, sessions):
    calendar = build_calendar(
        sessions,
        name=enrolment.cohort.title,
        base_url=_base_url(),
        join_links=True,
        method="REQUEST",
        attendee_email=enrolment.user.email,
    )
    return calendar_part(
        calendar.to_ical().decode(), method="REQUEST", filename=f"{enrolment.cohort.slug}.ics"
    )


def enrolment_message(enrolment, event: str) -> EmailMessage:
    """The e-mail telling the person about `event` on their enrolment."""
    from .enrolment import waitlist_position  # the rules module imports this one

    assert event in EVENTS, event
    person, cohort = enrolment.user, enrolment.cohort
    zone = user_zone_name(user=person)
    sessions = []
    if event == "approved":
        sessions = list(
            cohort.sessions.exclude(status=SessionStatus.CANCELLED)
            .select_related("cohort", "module")
            .order_by("starts_at")
        )
    with translation.override(person_language(person)):
        context = {
            "event": event,
            "name": person.get_short_name(),
            "cohort": cohort.title,
            "track": cohort.track.title,
            "reason": enrolment.decision_reason,
            "position": waitlist_position(enrolment),
            "deadline": local_label(enrolment.offer_expires_at, zone)
            if enrolment.offer_expires_at
            else "",
            "sessions": [
                {
                    "number": s.seminar_number,
                    "title": s.module.title,
                    "when": local_label(s.starts_at, zone),
                }
                for s in sessions
            ],
            "cohort_url": _base_url() + cohort_page_path(cohort),
            "dashboard_url": _base_url() + reverse("mine:dashboard"),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("cohorts/email/enrolment_subject.txt", context)
        body = render_to_string("cohorts/email/enrolment.txt", context)
        message = EmailMessage(subject=subject, body=body, to=[person.email])
        if sessions:
            message.attach(_invitations(enrolment, sessions))
    return message


def queue(enrolment, event: str) -> None:
    """Record the e-mail for `event` in the outbox; it is sent once, after commit."""
    outbox_queue(
        key=f"enrolment:{enrolment.pk}:{event}", message=enrolment_message(enrolment, event)
    )


def queue_nomination(nomination) -> None:
    """Tell the nominee: with an account, how to apply; without one, how to sign up."""

    cohort = nomination.cohort
    # Only an account that verified this address is the nominee's: anyone else who typed
    # it must not be greeted by name (or have their name shown to the address's owner).
    account = verified_account_for(nomination.email)
    language = (
        person_language(account)
        if account
        else interface_language(cohort.language, fallback=settings.LANGUAGE_CODE)
    )
    with translation.override(language):
        signup = reverse("account_signup") + "?" + urlencode({"email": nomination.email})
        context = {
            "name": account.get_short_name() if account else nomination.full_name,
            "has_account": account is not None,
            "cohort": cohort.title,
            "track": cohort.track.title,
            "region": cohort.region.name,
            "by": nomination.union.name if nomination.union_id else settings.WAGTAIL_SITE_NAME,
            "note": nomination.note,
            "apply_url": _base_url() + reverse("catalogue:apply", args=[cohort.slug]),
            "signup_url": _base_url() + signup,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("cohorts/email/nomination_subject.txt", context)
        body = render_to_string("cohorts/email/nomination.txt", context)
    outbox_queue(
        key=f"nomination:{nomination.pk}",
        message=EmailMessage(subject=" ".join(subject.split()), body=body, to=[nomination.email]),
    )
