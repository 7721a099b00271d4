"""Calendar files and feeds, read back with vobject: a parser independent of icalendar."""

import hashlib
import re
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from icalendar import Calendar

from cohorts import calendar_views
from cohorts.calendars import build_calendar
from cohorts.domain.calendar_tokens import (
    calendar_token_issue,
    calendar_token_revoke,
    calendar_token_user,
)
from cohorts.domain.membership import cohorts_for_person, people_to_notify
from cohorts.domain.scheduling import cohort_schedule_create, session_cancel, session_move
from cohorts.enums import CohortStatus
from cohorts.models import CalendarToken, Session
from tests.cohorts.test_local_time import NEXT_YEAR, SPRING, at
from tests.factories import CohortFactory, UserFactory

pytestmark = pytest.mark.django_db

JOIN = "https://meet.example.org/room-7f3a"
EVIL = "\r\nATTENDEE:mailto:evil@example.org"


def utc(day, hour, minute=0):
    return at(day, hour, minute).replace(tzinfo=UTC)


@pytest.fixture
def curators(curriculum):
    return curriculum.tracks["curators"]


def scheduled_cohort(track, *, zone="Europe/London", first, status=CohortStatus.OPEN, **fields):
    cohort = CohortFactory(track=track, time_zone=zone, **fields)
    cohort_schedule_create(cohort=cohort, first_start_local=first, join_url=JOIN)
    cohort.status = status
    cohort.save(update_fields=["status"])
    return cohort


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return vobject.readOne(response.content.decode())


def events(calendar):
    return sorted(calendar.vevent_list, key=lambda e: e.dtstart.value)


def instants(calendar):
    return [
        (e.dtstart.value.astimezone(UTC), e.dtend.value.astimezone(UTC)) for e in events(calendar)
    ]


def uid(session):
    return f"{session.uid}@union-academy.example.org"


# --- Instants in the cohort's zone -------------------------------------------------


def test_london_feed_keeps_the_wall_clock_time_across_the_spring_change(client, curators):
    first = SPRING - timedelta(days=10)
    cohort = scheduled_cohort(curators, zone="Europe/London", first=at(first, 14))
    response = client.get(f"/calendar/cohorts/{cohort.slug}.ics")
    calendar = parse(response)
    days = [first, first + timedelta(days=7), first + timedelta(days=14)]
    assert instants(calendar) == [
        (utc(days[0], 14), utc(days[0], 17)),
        (utc(days[1], 14), utc(days[1], 17)),
        (utc(days[2], 13), utc(days[2], 16)),  # BST: 14:00 in London is 13:00 UTC
    ]
    assert response.content.count(b"DTSTART;TZID=Europe/London:") == 3
    assert [(e.dtstart.value.hour, e.dtend.value.hour) for e in events(calendar)] == [(14, 17)] * 3
    assert [tz.tzid.value for tz in calendar.vtimezone_list] == ["Europe/London"]


@pytest.mark.parametrize(
    ("zone", "local_hour", "utc_hour"), [("America/Sao_Paulo", 19, 22), ("Asia/Manila", 9, 1)]
)
def test_feeds_in_zones_without_daylight_saving(client, curators, zone, local_hour, utc_hour):
    first = date(NEXT_YEAR, 3, 1)
    cohort = scheduled_cohort(curators, zone=zone, first=at(first, local_hour))
    calendar = parse(client.get(f"/calendar/cohorts/{cohort.slug}.ics"))
    assert [start for start, _end in instants(calendar)] == [
        utc(first + timedelta(days=7 * i), utc_hour) for i in range(3)
    ]
    assert [tz.tzid.value for tz in calendar.vtimezone_list] == [zone]


def test_a_feed_across_zones_has_one_vtimezone_per_zone(client, curators):
    london = scheduled_cohort(curators, zone="Europe/London", first=at(date(NEXT_YEAR, 3, 1), 9))
    manila = scheduled_cohort(curators, zone="Asia/Manila", first=at(date(NEXT_YEAR, 3, 2), 9))
    person = UserFactory()
    london.coordinators.add(person)
    manila.facilitators.add(person)
    calendar = parse(client.get(f"/calendar/personal/{calendar_token_issue(user=person)}.ics"))
    assert sorted(tz.tzid.value for tz in calendar.vtimezone_list) == [
        "Asia/Manila",
        "Europe/London",
    ]
    assert instants(calendar)[:2] == [
        (utc(date(NEXT_YEAR, 3, 1), 9), utc(date(NEXT_YEAR, 3, 1), 12)),
        (utc(date(NEXT_YEAR, 3, 2), 1), utc(date(NEXT_YEAR, 3, 2), 4)),
    ]


# --- What a feed says ----------------------------------------------------------------


def test_cohort_feed_describes_each_session(client, curators):
    cohort = scheduled_cohort(
        curators, first=at(date(NEXT_YEAR, 5, 3), 10), title="Curators, Africa; English"
    )
    response = client.get(f"/calendar/cohorts/{cohort.slug}.ics")
    calendar = parse(response)
    sessions = list(cohort.sessions.order_by("starts_at"))
    assert calendar.version.value == "2.0"
    assert calendar.prodid.value == "-//Digital Rights Union Academy//Sessions//EN"
    assert calendar.contents["x-wr-calname"][0].value == "Curators, Africa; English"
    assert calendar.contents["name"][0].value == "Curators, Africa; English"
    assert "method" not in calendar.contents
    assert [
        (
            e.uid.value,
            e.sequence.value,
            e.summary.value,
            e.description.value,
            e.location.value,
            e.url.value,
            e.status.value,
        )
        for e in events(calendar)
    ] == [
        (
            uid(s),
            "0",
            f"Curators, Africa; English: seminar {n} – Digital curators seminar {n}",
            f"Summary of seminar {n}.",
            "Online",
            f"http://testserver/cohorts/{cohort.slug}/",
            "CONFIRMED",
        )
        for n, s in enumerate(sessions, start=1)
    ]
    stamps = {e.dtstamp.value for e in events(calendar)}
    assert len(stamps) == 1
    assert abs(stamps.pop() - timezone.now()) < timedelta(minutes=1)
    assert "Content-Disposition" not in response


def test_a_move_bumps_the_sequence_and_keeps_the_uid(client, curators):
    cohort = scheduled_cohort(
        curators, zone="America/Sao_Paulo", first=at(date(NEXT_YEAR, 5, 3), 10)
    )
    session = cohort.sessions.get(seminar_number=2)
    session_move(session=session, start_local=at(date(NEXT_YEAR, 5, 11), 15), reason="Holiday")
    calendar = parse(client.get(f"/calendar/cohorts/{cohort.slug}.ics"))
    moved = events(calendar)[1]
    assert (moved.uid.value, moved.sequence.value, moved.status.value) == (
        uid(session),
        "1",
        "CONFIRMED",
    )
    assert moved.dtstart.value.astimezone(UTC) == utc(date(NEXT_YEAR, 5, 11), 18)
    assert moved.description.value == "Moved: Holiday\n\nSummary of seminar 2."
    assert [e.sequence.value for e in events(calendar)] == ["0", "1", "0"]


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(client, curators):
    cohort = scheduled_cohort(curators, first=at(date(NEXT_YEAR, 5, 3), 10))
    session = cohort.sessions.get(seminar_number=3)
    session_cancel(session=session, reason="Venue closed")
    calendar = parse(client.get(f"/calendar/cohorts/{cohort.slug}.ics"))
    assert [(e.uid.value, e.status.value, e.sequence.value) for e in events(calendar)][2] == (
        uid(session),
        "CANCELLED",
        "1",
    )
    assert (
        events(calendar)[2].description.value == "Cancelled: Venue closed\n\nSummary of seminar 3."
    )
    assert [e.status.value for e in events(calendar)] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]


def test_user_text_cannot_add_properties(client, curators):
    title = f"Curators{EVIL}"
    cohort = scheduled_cohort(curators, first=at(date(NEXT_YEAR, 5, 3), 10), title=title)
    session = cohort.sessions.get(seminar_number=1)
    Session.objects.filter(pk=session.pk).update(venue=f"Hall A{EVIL}")
    session_move(
        session=session, start_local=at(date(NEXT_YEAR, 5, 3), 11), reason=f"Strike; sorry,{EVIL}"
    )
    body = client.get(f"/calendar/cohorts/{cohort.slug}.ics").content
    unfolded = body.replace(b"\r\n ", b"")
    assert not re.search(rb"^ATTENDEE", unfolded, flags=re.MULTILINE)
    assert not [line for line in unfolded.split(b"\r\n") if b"\r" in line or b"\n" in line]

    calendar = vobject.readOne(body.decode())
    assert [c for e in calendar.vevent_list for c in e.contents if c == "attendee"] == []
    first = events(calendar)[0]
    assert first.summary.value == (
        "Curators\nATTENDEE:mailto:evil@example.org: seminar 1 – Digital curators seminar 1"
    )
    assert first.description.value == (
        "Moved: Strike; sorry,\nATTENDEE:mailto:evil@example.org\n\nSummary of seminar 1."
    )
    assert first.location.value == "Hall A\nATTENDEE:mailto:evil@example.org"
    assert calendar.contents["x-wr-calname"][0].value == title.replace("\r\n", "\n")

    # The library that writes the feed reads it back the same way.
    own = Calendar.from_ical(body)
    assert [e.get("ATTENDEE") for e in own.walk("VEVENT")] == [None, None, None]
    assert str(own.walk("VEVENT")[0]["LOCATION"]) == "Hall A\nATTENDEE:mailto:evil@example.org"


# --- Public files never carry join links -----------------------------------------------


def test_join_links_stay_out_of_public_files(client, curators):
    cohort = scheduled_cohort(curators, first=at(date(NEXT_YEAR, 5, 3), 10))
    session = cohort.sessions.get(seminar_number=1)
    feed = client.get(f"/calendar/cohorts/{cohort.slug}.ics")
    single = client.get(f"/calendar/sessions/{session.uid}.ics")
    assert JOIN.encode() not in feed.content
    assert JOIN.encode() not in single.content
    assert "room-7f3a" not in feed.content.decode() + single.content.decode()


def test_single_session_download(client, curators):
    cohort = scheduled_cohort(curators, first=at(date(NEXT_YEAR, 5, 3), 10), slug="africa-en")
    session = cohort.sessions.get(seminar_number=2)
    response = client.get(f"/calendar/sessions/{session.uid}.ics")
    calendar = parse(response)
    assert response["Content-Disposition"] == 'attachment; filename="africa-en-seminar-2.ics"'
    assert [(e.uid.value, e.dtstart.value.astimezone(UTC)) for e in events(calendar)] == [
        (uid(session), session.starts_at)
    ]
    assert calendar.contents["x-wr-calname"][0].value == (
        f"{cohort.title}: seminar 2 – Digital curators seminar 2"
    )


@pytest.mark.parametrize("status", [CohortStatus.DRAFT, CohortStatus.CANCELLED])
def test_files_of_cohorts_that_are_not_public_are_not_found(client, curators, status):
    cohort = scheduled_cohort(curators, first=at(date(NEXT_YEAR, 5, 3), 10), status=status)
    session = cohort.sessions.first()
    assert client.get(f"/calendar/cohorts/{cohort.slug}.ics").status_code == 404
    assert client.get(f"/calendar/sessions/{session.uid}.ics").status_code == 404


def test_unknown_files_are_not_found(client, curators):
    assert client.get("/calendar/cohorts/no-such-cohort.ics").status_code == 404
    assert (
        client.get("/calendar/sessions/00000000-0000-4000-8000-000000000000.ics").status_code == 404
    )
    assert client.get("/calendar/sessions/not-a-uuid.ics").status_code == 404


def test_uid_domain_comes_from_settings(client, curators, settings):
    settings.CALENDAR_UID_DOMAIN = "calendar.example.org"
    cohort = scheduled_cohort(curators, first=at(date(NEXT_YEAR, 5, 3), 10))
    session = cohort.sessions.get(seminar_number=1)
    calendar = parse(client.get(f"/calendar/sessions/{session.uid}.ics"))
    assert [e.uid.value for e in events(calendar)] == [f"{session.uid}@calendar.example.org"]


# --- Membership ----------------------------------------------------------------------


def test_membership_reads(curators):
    coordinator, facilitator, both, outsider = UserFactory.create_batch(4)
    gone = UserFactory(is_active=False)
    cohort = CohortFactory(track=curators)
    other = CohortFactory(track=curators)
    cohort.coordinators.add(coordinator, both, gone)
    cohort.facilitators.add(facilitator, both)
    other.coordinators.add(both)
    assert list(cohorts_for_person(both).order_by("pk")) == [cohort, other]
    assert list(cohorts_for_person(facilitator)) == [cohort]
    assert list(cohorts_for_person(outsider)) == []
    assert people_to_notify(cohort) == sorted(
        [coordinator, facilitator, both], key=lambda u: u.email
    )


# --- Personal feeds and their tokens ----------------------------------------------------


@pytest.fixture
def person_in_cohorts(curators):
    person = UserFactory(preferred_language="en")
    coordinated = scheduled_cohort(curators, first=at(date(NEXT_YEAR, 5, 3), 10))
    facilitated = scheduled_cohort(
        curators, zone="Asia/Manila", first=at(date(NEXT_YEAR, 6, 3), 10), status=CohortStatus.DRAFT
    )
    elsewhere = scheduled_cohort(curators, first=at(date(NEXT_YEAR, 7, 3), 10))
    coordinated.coordinators.add(person)
    facilitated.facilitators.add(person)
    elsewhere.coordinators.add(UserFactory())
    return person, coordinated, facilitated


def test_personal_feed_has_every_session_of_the_persons_cohorts_with_join_links(
    client, person_in_cohorts
):
    person, coordinated, facilitated = person_in_cohorts
    session_cancel(session=coordinated.sessions.get(seminar_number=3), reason="Strike")
    response = client.get(f"/calendar/personal/{calendar_token_issue(user=person)}.ics")
    calendar = parse(response)
    assert response["Cache-Control"] == "private, no-store"
    assert "Content-Disposition" not in response
    expected = [
        *coordinated.sessions.order_by("starts_at"),
        *facilitated.sessions.order_by("starts_at"),
    ]
    assert [(e.uid.value, e.status.value) for e in events(calendar)] == [
        (uid(expected[0]), "CONFIRMED"),
        (uid(expected[1]), "CONFIRMED"),
        (uid(expected[2]), "CANCELLED"),
        # The draft cohort's schedule is not settled yet.
        (uid(expected[3]), "TENTATIVE"),
        (uid(expected[4]), "TENTATIVE"),
        (uid(expected[5]), "TENTATIVE"),
    ]
    # Join links for the sessions that still happen; none for the cancelled one.
    assert [getattr(e, "location", None) and e.location.value for e in events(calendar)] == [
        JOIN,
        JOIN,
        "Online",
        JOIN,
        JOIN,
        JOIN,
    ]
    assert (
        calendar.contents["x-wr-calname"][0].value == "My seminars – Digital Rights Union Academy"
    )


def test_personal_feed_is_written_in_the_owners_language(client, person_in_cohorts, monkeypatch):
    """Calendar apps send no cookie and a browser's language is not the owner's."""
    person = person_in_cohorts[0]
    person.preferred_language = "es"
    person.save(update_fields=["preferred_language"])
    token = calendar_token_issue(user=person)
    languages = []

    def recording(*args, **kwargs):
        languages.append(translation.get_language())
        return build_calendar(*args, **kwargs)

    monkeypatch.setattr(calendar_views, "build_calendar", recording)
    parse(client.get(f"/calendar/personal/{token}.ics", HTTP_ACCEPT_LANGUAGE="fr"))
    person.preferred_language = "sw"  # no catalogue for it: the site's default
    person.save(update_fields=["preferred_language"])
    parse(client.get(f"/calendar/personal/{token}.ics", HTTP_ACCEPT_LANGUAGE="fr"))
    assert languages == ["es", "en"]


def test_personal_feed_costs_the_same_few_queries_for_fifty_sessions(
    client, curators, curriculum, django_assert_max_num_queries
):
    person = UserFactory()
    modules = [curriculum.modules[("curators", n)] for n in (1, 2, 3)]
    zones = ["Europe/London", "America/Sao_Paulo", "Asia/Manila"]
    start = utc(date(NEXT_YEAR, 2, 1), 9)
    cohorts = []
    for index in range(17):
        cohort = CohortFactory(track=curators, time_zone=zones[index % 3], status=CohortStatus.OPEN)
        (cohort.facilitators if index % 2 else cohort.coordinators).add(person)
        cohorts.append(cohort)
    token = calendar_token_issue(user=person)

    def add_sessions(count):
        Session.objects.bulk_create(
            Session(
                cohort=cohorts[i // 3],
                module=modules[i % 3],
                seminar_number=i % 3 + 1,
                starts_at=start + timedelta(days=i),
                join_url=JOIN,
            )
            for i in range(count)
        )

    add_sessions(1)
    with CaptureQueriesContext(connection) as one:
        assert len(events(parse(client.get(f"/calendar/personal/{token}.ics")))) == 1
    Session.objects.all().delete()
    add_sessions(50)
    with django_assert_max_num_queries(3) as fifty:
        calendar = parse(client.get(f"/calendar/personal/{token}.ics"))
    assert len(events(calendar)) == 50
    assert len(fifty.captured_queries) == len(one.captured_queries) == 2


def test_tokens_are_stored_hashed(person_in_cohorts):
    person = person_in_cohorts[0]
    raw = calendar_token_issue(user=person)
    assert len(raw) == 43
    stored = CalendarToken.objects.get(user=person)
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert stored.revoked_at is None
    assert not CalendarToken.objects.filter(token_hash__contains=raw).exists()
    assert raw not in repr(list(CalendarToken.objects.values()))
    assert calendar_token_user(raw) == person


def test_a_new_token_replaces_the_old_one(client, person_in_cohorts):
    person = person_in_cohorts[0]
    old = calendar_token_issue(user=person)
    new = calendar_token_issue(user=person)
    assert old != new
    assert client.get(f"/calendar/personal/{old}.ics").status_code == 404
    assert client.get(f"/calendar/personal/{new}.ics").status_code == 200
    tokens = CalendarToken.objects.filter(user=person).order_by("id")
    assert [token.revoked_at is None for token in tokens] == [False, True]


def test_a_revoked_token_is_not_found_and_a_new_one_works(client, person_in_cohorts):
    person = person_in_cohorts[0]
    raw = calendar_token_issue(user=person)
    assert calendar_token_revoke(user=person) == 1
    assert client.get(f"/calendar/personal/{raw}.ics").status_code == 404
    assert calendar_token_user(raw) is None
    again = calendar_token_issue(user=person)
    assert client.get(f"/calendar/personal/{again}.ics").status_code == 200


def test_tokens_of_deactivated_people_and_unknown_tokens_are_not_found(client, person_in_cohorts):
    person = person_in_cohorts[0]
    raw = calendar_token_issue(user=person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert client.get(f"/calendar/personal/{raw}.ics").status_code == 404
    assert client.get(f"/calendar/personal/{'x' * 43}.ics").status_code == 404
    assert client.get("/calendar/personal/short.ics").status_code == 404
    assert client.get(f"/calendar/personal/{'x' * 101}.ics").status_code == 404
    assert calendar_token_user("") is None


def test_each_token_shows_only_its_owners_cohorts(client, person_in_cohorts, curators):
    _person, coordinated, _facilitated = person_in_cohorts
    other = UserFactory()
    theirs = scheduled_cohort(curators, first=at(date(NEXT_YEAR, 9, 3), 10))
    theirs.facilitators.add(other)
    response = client.get(f"/calendar/personal/{calendar_token_issue(user=other)}.ics")
    assert [e.uid.value for e in events(parse(response))] == [
        uid(s) for s in theirs.sessions.order_by("starts_at")
    ]
    assert JOIN.encode() in response.content
    for session in coordinated.sessions.all():
        assert str(session.uid).encode() not in response.content


# --- The page where a person gets their link -------------------------------------------


def test_the_calendar_page_needs_a_signed_in_person(client):
    response = client.get("/calendar/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post("/calendar/").status_code == 302
    assert CalendarToken.objects.count() == 0


def test_looking_at_the_page_creates_no_link(client, person_in_cohorts):
    person = person_in_cohorts[0]
    client.force_login(person)
    response = client.get("/calendar/")
    assert response.status_code == 200
    assert CalendarToken.objects.count() == 0
    assert "Create my calendar link" in response.content.decode()
    assert "Stop my calendar link" not in response.content.decode()


def test_creating_a_link_shows_it_once(client, person_in_cohorts):
    person = person_in_cohorts[0]
    client.force_login(person)
    response = client.post("/calendar/")
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    raw = re.search(r"http://testserver/calendar/personal/([A-Za-z0-9_-]{43})\.ics", page)[1]
    assert f'href="webcal://testserver/calendar/personal/{raw}.ics"' in page
    assert calendar_token_user(raw) == person
    assert client.get(f"/calendar/personal/{raw}.ics").status_code == 200

    later = client.get("/calendar/").content.decode()
    assert raw not in later
    assert "Replace my calendar link" in later
    assert "Stop my calendar link" in later


def test_replacing_and_stopping_the_link_from_the_page(client, person_in_cohorts):
    person = person_in_cohorts[0]
    client.force_login(person)
    first = re.search(
        r"personal/([A-Za-z0-9_-]{43})\.ics", client.post("/calendar/").content.decode()
    )[1]
    second = re.search(
        r"personal/([A-Za-z0-9_-]{43})\.ics", client.post("/calendar/").content.decode()
    )[1]
    assert client.get(f"/calendar/personal/{first}.ics").status_code == 404
    assert client.get(f"/calendar/personal/{second}.ics").status_code == 200

    assert client.get("/calendar/stop/").status_code == 405
    response = client.post("/calendar/stop/", follow=True)
    assert response.redirect_chain == [("/calendar/", 302)]
    assert "Your calendar link has stopped working." in response.content.decode()
    assert client.get(f"/calendar/personal/{second}.ics").status_code == 404
    assert CalendarToken.objects.filter(user=person, revoked_at__isnull=True).count() == 0


def test_one_person_cannot_stop_anothers_link(client, person_in_cohorts):
    person = person_in_cohorts[0]
    raw = calendar_token_issue(user=person)
    client.force_login(UserFactory())
    client.post("/calendar/stop/")
    assert client.get(f"/calendar/personal/{raw}.ics").status_code == 200


def test_created_and_revoked_times_are_recorded(person_in_cohorts):
    person = person_in_cohorts[0]
    before = timezone.now()
    calendar_token_issue(user=person)
    calendar_token_revoke(user=person)
    token = CalendarToken.objects.get(user=person)
    assert before <= token.created_at <= token.revoked_at <= datetime.now(UTC)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_issuing_two_links_at_once_leaves_one_working():
    person = UserFactory()
    barrier = threading.Barrier(4)
    issued, errors = [], []

    def issue():
        try:
            barrier.wait()
            issued.append(calendar_token_issue(user=person))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (errors, len(issued)) == ([], 4)
    assert CalendarToken.objects.filter(user=person, revoked_at__isnull=True).count() == 1
    assert [calendar_token_user(raw) for raw in issued].count(person) == 1
