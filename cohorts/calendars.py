"""iCalendar data for sessions: feeds people subscribe to and invitations sent by e-mail.

Every session is one VEVENT whose UID never changes and whose SEQUENCE is the
session's, so a calendar updates the event it already has instead of adding
a second one. Times are written in the cohort's zone with a VTIMEZONE, so the
event shows the wall-clock time the cohort agreed on in any client. The one
exception is an event that starts or ends in an hour the clocks repeat (the
clocks go back over it): RFC 5545 has no way to say which of the two 01:30s
is meant and clients guess differently, so such an event is written in UTC.

All text that people typed (titles, reasons, venues) goes in through
icalendar's `vText`, which escapes line breaks, semicolons and commas: no one
can add a property (an ATTENDEE, say) by typing it into a field.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from cohorts.calendar_timezones import vtimezone
from cohorts.domain.local_time import is_repeated
from cohorts.enums import CohortStatus, DeliveryMode, SessionStatus
from cohorts.models import Cohort, Session

CONTENT_TYPE = "text/calendar; charset=utf-8"


def session_uid(session: Session) -> str:
    """The event's UID: the same in every feed and invitation, for the session's whole life."""
    return f"{session.uid}@{settings.CALENDAR_UID_DOMAIN}"


def cohort_page_path(cohort: Cohort) -> str:
    return reverse("catalogue:detail", args=[cohort.slug])


def session_summary(session: Session) -> str:
    return _("%(cohort)s: seminar %(number)s – %(module)s") % {
        "cohort": session.cohort.title,
        "number": session.seminar_number,
        "module": session.module.title,
    }


def event_status(session: Session) -> str:
    cohort_status = session.cohort.status
    if session.is_cancelled or cohort_status == CohortStatus.CANCELLED:
        return "CANCELLED"
    # A draft cohort's schedule is still being built: only its staff see it.
    if cohort_status == CohortStatus.DRAFT:
        return "TENTATIVE"
    return "CONFIRMED"


def _location(session: Session, *, join_link: bool) -> str:
    if session.venue:
        return session.venue
    if join_link and session.join_url:
        return session.join_url
    if session.mode == DeliveryMode.ONLINE:
        return _("Online")
    return ""


def _description(session: Session, *, status: str, join_link: bool, location: str) -> str:
    parts = []
    if session.is_cancelled:
        parts.append(_("Cancelled: %(reason)s") % {"reason": session.change_reason})
    elif status == "CANCELLED":
        parts.append(_("The cohort has been cancelled."))
    elif session.status == SessionStatus.MOVED:
        parts.append(_("Moved: %(reason)s") % {"reason": session.change_reason})
    if session.module.summary:
        parts.append(session.module.summary)
    if join_link and session.join_url and status != "CANCELLED" and location != session.join_url:
        parts.append(_("Join online: %(url)s") % {"url": session.join_url})
    return "\n\n".join(parts)


def session_event(
    session: Session, *, base_url: str, join_link: bool, stamp: datetime | None = None
) -> Event:
    """One VEVENT for `session` (its cohort and module loaded).

    `join_link` says whether the person reading may see how to join online;
    cancelled sessions never carry the link.
    """
    zone = session.cohort.zone
    zone_name = session.cohort.time_zone
    if is_repeated(session.starts_at, zone_name) or is_repeated(session.ends_at, zone_name):
        # Either local time would name two instants: give the instant itself.
        zone = UTC
    status = event_status(session)
    join_link = join_link and status != "CANCELLED"
    location = _location(session, join_link=join_link)
    description = _description(session, status=status, join_link=join_link, location=location)

    event = Event()
    event.add("uid", vText(session_uid(session)))
    event.add("sequence", session.sequence)
    event.add("dtstamp", (stamp or timezone.now()).astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("last-modified", session.updated_at.astimezone(UTC))
    event.add("summary", vText(session_summary(session)))
    if description:
        event.add("description", vText(description))
    if location:
        event.add("location", vText(location))
    event.add("url", f"{base_url.rstrip('/')}{cohort_page_path(session.cohort)}")
    event.add("status", status)
    event.add("transp", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
    return event


def _add_timezones(calendar: Calendar, sessions: list[Session]) -> None:
    """One VTIMEZONE per zone used, covering the sessions' span, ahead of the events."""
    missing = calendar.get_missing_tzids()
    if not missing:
        return
    first = min(s.starts_at for s in sessions).year - 1
    last = max(s.ends_at for s in sessions).year + 1
    calendar.subcomponents[:0] = [vtimezone(tzid, first, last) for tzid in sorted(missing)]


def _address(email: str) -> vCalAddress:
    # Addresses are validated where they are entered; whitespace is dropped all the same.
    return vCalAddress("mailto:" + "".join(email.split()))


def _organizer() -> vCalAddress:
    organizer = _address(parseaddr(settings.DEFAULT_FROM_EMAIL)[1])
    # Parameter values cannot escape quotes or line breaks: leave them out.
    organizer.params["CN"] = " ".join(settings.WAGTAIL_SITE_NAME.replace('"', "").split())
    return organizer


def build_calendar(
    sessions: Iterable[Session],
    *,
    name: str,
    base_url: str,
    join_links: bool,
    method: str | None = None,
    attendee_email: str | None = None,
) -> Calendar:
    """A VCALENDAR with one event per session (each with its cohort and module loaded).

    Without `method` it is a feed or a download; with METHOD REQUEST or CANCEL
    it is an invitation (RFC 5546) to `attendee_email` from the platform.
    """
    sessions = list(sessions)
    calendar = Calendar()
    calendar.add("prodid", vText(f"-//{settings.WAGTAIL_SITE_NAME}//Sessions//EN"))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", vText(name))
    calendar.add("x-wr-calname", vText(name))
    if method:
        calendar.add("method", method)
    else:
        # Subscribed feeds: ask clients to look again every hour.
        calendar.add("refresh-interval", vText("PT1H"), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vText("PT1H"))
    stamp = timezone.now()
    for session in sessions:
        event = session_event(session, base_url=base_url, join_link=join_links, stamp=stamp)
        if method:
            event.add("organizer", _organizer())
            if attendee_email:
                attendee = _address(attendee_email)
                attendee.params["ROLE"] = "REQ-PARTICIPANT"
                attendee.params["RSVP"] = "FALSE"
                event.add("attendee", attendee)
        calendar.add_component(event)
    if sessions:
        _add_timezones(calendar, sessions)
    return calendar
