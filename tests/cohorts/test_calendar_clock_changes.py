"""Sessions around the clocks' changes, in every calendar file and on every page.

The files are read back by two independent parsers: ical.js (Thunderbird, Nextcloud),
which reads TZIDs through the file's VTIMEZONE, and python icalendar, which reads them
through the tz database. Both must give the instant the coordinator chose.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from cohorts.calendar_timezones import vtimezone
from cohorts.calendars import session_uid
from cohorts.domain.calendar_tokens import calendar_token_issue
from cohorts.domain.local_time import local_to_utc
from cohorts.enums import CohortStatus, SessionStatus
from cohorts.models import Session
from cohorts.tasks import MOVED, session_change_message
from lms.enums import StaffRole
from tests.factories import CohortFactory, UserFactory, staff_user
from tests.factories.people import PASSWORD
from tests.helpers.calendar_parsers import icalendar_instants, icaljs_instants, require_icaljs

pytestmark = pytest.mark.django_db

THREE_HOURS = timedelta(hours=3)

# Wall-clock times that happen twice: the clocks go back over them.
REPEATED = [
    ("America/New_York", datetime(2027, 11, 7, 1, 30)),
    ("Europe/London", datetime(2027, 10, 31, 1, 30)),
    ("Australia/Sydney", datetime(2027, 4, 4, 2, 30)),
]


@pytest.fixture
def icaljs(on_ci):
    require_icaljs(on_ci=on_ci)


def cohort_with_sessions(curriculum, zone, starts, **fields):
    """An open cohort in `zone` with one session at each UTC instant of `starts`."""
    cohort = CohortFactory(
        track=curriculum.tracks["curators"], time_zone=zone, status=CohortStatus.OPEN, **fields
    )
    sessions = [
        Session.objects.create(
            cohort=cohort,
            module=curriculum.modules[("curators", number)],
            seminar_number=number,
            starts_at=start,
            join_url="https://meet.example.org/room",
        )
        for number, start in enumerate(starts, start=1)
    ]
    return cohort, sessions


def instants(*sessions):
    return {session_uid(s): (s.starts_at, s.ends_at) for s in sessions}


def read_by_both(body):
    return {"ical.js": icaljs_instants(body), "icalendar": icalendar_instants(body)}


def both(expected):
    return {"ical.js": expected, "icalendar": expected}


def utc_stamp(instant):
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


# --- Calendar files ------------------------------------------------------------------


@pytest.mark.parametrize("fold", [0, 1], ids=["first", "second"])
@pytest.mark.parametrize(("zone", "local"), REPEATED, ids=[zone for zone, _ in REPEATED])
def test_a_session_in_a_repeated_hour_is_read_at_the_chosen_instant(
    client, curriculum, icaljs, zone, local, fold
):
    starts = local_to_utc(local, zone, fold=fold)
    cohort, [session] = cohort_with_sessions(curriculum, zone, [starts])
    single = client.get(f"/calendar/sessions/{session.uid}.ics").content
    feed = client.get(f"/calendar/cohorts/{cohort.slug}.ics").content
    for body in (single, feed):
        assert read_by_both(body) == both({session_uid(session): (starts, starts + THREE_HOURS)})
        # RFC 5545 cannot name the second of two 01:30s in local time: the instant itself.
        assert f"DTSTART:{utc_stamp(starts)}".encode() in body
        assert f"DTEND:{utc_stamp(starts + THREE_HOURS)}".encode() in body


def test_a_session_ending_in_a_repeated_hour_is_read_at_the_chosen_instant(
    client, curriculum, icaljs
):
    zone = "America/New_York"
    # 22:30 EDT to 01:30 EDT, the first of the night's two 01:30s.
    starts = local_to_utc(datetime(2027, 11, 6, 22, 30), zone)
    cohort, [session] = cohort_with_sessions(curriculum, zone, [starts])
    body = client.get(f"/calendar/cohorts/{cohort.slug}.ics").content
    assert read_by_both(body) == both(
        {
            session_uid(session): (
                datetime(2027, 11, 7, 2, 30, tzinfo=UTC),
                datetime(2027, 11, 7, 5, 30, tzinfo=UTC),
            )
        }
    )


def test_a_london_feed_over_three_years_keeps_summer_and_winter_time(client, curriculum, icaljs):
    zone = "Europe/London"
    locals_ = [datetime(2026, 11, 17, 14), datetime(2027, 6, 15, 14), datetime(2028, 6, 13, 14)]
    cohort, sessions = cohort_with_sessions(
        curriculum, zone, [local_to_utc(local, zone) for local in locals_]
    )
    body = client.get(f"/calendar/cohorts/{cohort.slug}.ics").content
    assert read_by_both(body) == both(instants(*sessions))
    assert [start for start, _end in instants(*sessions).values()] == [
        datetime(2026, 11, 17, 14, tzinfo=UTC),  # GMT
        datetime(2027, 6, 15, 13, tzinfo=UTC),  # BST
        datetime(2028, 6, 13, 13, tzinfo=UTC),  # BST, two changes after the first
    ]
    # Times that happen once keep the cohort's wall clock and zone ...
    assert body.count(b"DTSTART;TZID=Europe/London:") == 3
    assert b"DTSTART;TZID=Europe/London:20280613T140000" in body
    # ... and each change of the clocks is an RDATE of its own.
    rdates = [line for line in body.split(b"\r\n") if line.startswith(b"RDATE")]
    assert len(rdates) > 4
    assert [line for line in rdates if b"," in line] == []


def test_a_personal_feed_with_a_past_and_a_future_cohort(client, curriculum, icaljs):
    person = UserFactory()
    london = "Europe/London"
    past, held = cohort_with_sessions(
        curriculum, london, [local_to_utc(datetime(2026, 11, 17, 14), london)]
    )
    future, coming = cohort_with_sessions(
        curriculum, london, [local_to_utc(datetime(2028, 6, 13, 14), london)]
    )
    repeated, twice = cohort_with_sessions(
        curriculum,
        "America/New_York",
        [
            local_to_utc(datetime(2027, 11, 7, 1, 30), "America/New_York", fold=1),
            local_to_utc(datetime(2027, 11, 14, 1, 30), "America/New_York"),
        ],
    )
    for cohort in (past, future, repeated):
        cohort.coordinators.add(person)
    body = client.get(f"/calendar/personal/{calendar_token_issue(user=person)}.ics").content
    assert read_by_both(body) == both(instants(*held, *coming, *twice))
    assert f"DTSTART:{utc_stamp(twice[0].starts_at)}".encode() in body
    assert b"DTSTART;TZID=America/New_York:20271114T013000" in body


@pytest.mark.parametrize("fold", [0, 1], ids=["first", "second"])
def test_the_email_invitation_gives_the_chosen_instant(curriculum, icaljs, fold):
    zone = "America/New_York"
    starts = local_to_utc(datetime(2027, 11, 7, 1, 30), zone, fold=fold)
    cohort, [session] = cohort_with_sessions(curriculum, zone, [starts])
    person = UserFactory(preferred_language="en", time_zone=zone)
    cohort.coordinators.add(person)
    message = session_change_message(session, person, change=MOVED)
    [part] = message.attachments
    body = part.get_payload(decode=True)
    assert read_by_both(body) == both({session_uid(session): (starts, starts + THREE_HOURS)})
    name = ["EDT", "EST"][fold]
    when = f"Nov. 7, 2027, 1:30 a.m. {name} (America/New_York)"
    assert f"Your time: {when}\nThe cohort's time: {when}\n" in message.body


def test_the_vtimezone_gives_each_change_of_the_clocks_its_own_rdate():
    """Each onset is the local time before the change (TZOFFSETFROM), as RFC 5545 says."""
    lines = vtimezone("America/New_York", 2026, 2027).to_ical().decode().split("\r\n")
    assert lines == [
        "BEGIN:VTIMEZONE",
        "TZID:America/New_York",
        "BEGIN:STANDARD",
        "DTSTART:20260101T000000",
        "TZNAME:EST",
        "TZOFFSETFROM:-0500",
        "TZOFFSETTO:-0500",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:20260308T020000",
        "RDATE:20270314T020000",
        "TZNAME:EDT",
        "TZOFFSETFROM:-0500",
        "TZOFFSETTO:-0400",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:20261101T020000",
        "RDATE:20271107T020000",
        "TZNAME:EST",
        "TZOFFSETFROM:-0400",
        "TZOFFSETTO:-0500",
        "END:STANDARD",
        "END:VTIMEZONE",
        "",
    ]


# --- Pages: which of the two times it is -----------------------------------------------


@pytest.mark.parametrize(
    ("zone", "local", "fold", "label"),
    [
        ("America/New_York", datetime(2027, 11, 7, 1, 30), 0, "Sun 7 Nov 2027, 01:30 EDT"),
        ("America/New_York", datetime(2027, 11, 7, 1, 30), 1, "Sun 7 Nov 2027, 01:30 EST"),
        ("Australia/Sydney", datetime(2027, 4, 4, 2, 30), 1, "Sun 4 Apr 2027, 02:30 AEST"),
        # The tz database calls Chile's times "-03" and "-04": the offset reads better.
        (
            "America/Santiago",
            datetime(2027, 4, 3, 23, 30),
            0,
            "Sat 3 Apr 2027, 23:30 UTC\N{MINUS SIGN}03:00",
        ),
        ("America/New_York", datetime(2027, 11, 14, 1, 30), 0, "Sun 14 Nov 2027, 01:30"),
    ],
)
def test_the_admin_names_which_of_two_times_a_session_starts(
    client, curriculum, zone, local, fold, label
):
    cohort, [session] = cohort_with_sessions(
        curriculum, zone, [local_to_utc(local, zone, fold=fold)]
    )
    coordinator = staff_user(StaffRole.COORDINATOR, cohort.region, preferred_language="en")
    assert client.login(email=coordinator.email, password=PASSWORD)
    assert session.start_in_cohort_zone() == f"{label} ({zone})"
    page = client.get(reverse("sessions:index")).content.decode()
    assert f"{label} ({zone})" in page


def test_the_cohort_page_names_which_of_two_times_a_session_has(client, curriculum):
    zone = "America/New_York"
    cohort, _sessions = cohort_with_sessions(
        curriculum,
        zone,
        [
            local_to_utc(datetime(2027, 11, 6, 22, 30), zone),  # ends at the first 01:30
            local_to_utc(datetime(2027, 11, 7, 1, 30), zone, fold=1),
            local_to_utc(datetime(2027, 11, 14, 1, 30), zone),
        ],
    )
    Session.objects.create(
        cohort=cohort,
        module=curriculum.modules[("curators", 1)],
        seminar_number=1,
        starts_at=local_to_utc(datetime(2027, 11, 7, 1, 30), zone, fold=0),
        status=SessionStatus.CANCELLED,
    )
    client.force_login(UserFactory(time_zone=zone, preferred_language="en"))
    page = client.get(f"/cohorts/{cohort.slug}/").content.decode()
    times = [
        '>Sat 6 Nov 2027, 22:30</time> – <time datetime="2027-11-07T05:30:00+00:00">'
        "Sun 7 Nov 2027, 01:30 EDT</time>",
        '>Sun 7 Nov 2027, 01:30 EST</time> – <time datetime="2027-11-07T09:30:00+00:00">'
        "04:30</time>",
        '>Sun 14 Nov 2027, 01:30</time> – <time datetime="2027-11-14T09:30:00+00:00">04:30</time>',
    ]
    # Once in the viewer's time and once in the cohort's, here the same zone.
    assert [page.count(text) for text in times] == [2, 2, 2]
    assert (
        '<strong>Cancelled</strong>: <time datetime="2027-11-07T05:30:00+00:00">'
        'Sun 7 Nov 2027, 01:30 EDT</time> <span class="zone">America/New_York</span>'
    ) in page
