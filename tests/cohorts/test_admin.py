"""Coordinators schedule cohorts in the admin, only in their own regions."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from cohorts.domain.scheduling import cohort_schedule_create
from cohorts.enums import CohortStatus, SessionStatus
from cohorts.models import Cohort, Session
from lms.enums import StaffRole
from tests.cohorts.test_local_time import AUTUMN, NEXT_YEAR, SPRING, at
from tests.cohorts.test_scheduling import utc
from tests.factories import CohortFactory, RegionFactory, staff_user
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(curriculum, client):
    europe = RegionFactory(name="Europe", slug="europe")
    asia = RegionFactory(name="Asia-Pacific", slug="asia-pacific")
    track = curriculum.tracks["curators"]
    coordinator = staff_user(StaffRole.COORDINATOR, europe, full_name="Ingrid Coordinator")
    assert client.login(email=coordinator.email, password=PASSWORD)
    return {
        "europe": europe,
        "asia": asia,
        "track": track,
        "coordinator": coordinator,
        "london": CohortFactory(
            track=track, region=europe, title="London", time_zone="Europe/London"
        ),
        "manila": CohortFactory(track=track, region=asia, title="Manila", time_zone="Asia/Manila"),
    }


def local_input(day, hour, minute=0):
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def test_cohort_listing_shows_only_own_region(client, setting):
    response = client.get(reverse("cohorts:index"))
    assert [c.title for c in response.context["object_list"]] == ["London"]


def test_coordinator_creates_a_cohort_in_own_region_only(client, setting):
    data = {
        "title": "Lisbon curators",
        "slug": "lisbon-curators",
        "track": setting["track"].pk,
        "region": setting["europe"].pk,
        "language": "pt",
        "interpretation_languages": ["en", "es"],
        "time_zone": "Europe/Lisbon",
        "capacity": "25",
        "delivery_mode": "online",
        "description": "",
        "present_percent": "80",
        "attended_min_percent": "60",
        "recording_makeup_allowed": "on",
    }
    response = client.post(reverse("cohorts:add"), data)
    assert response.status_code == 302
    created = Cohort.objects.get(slug="lisbon-curators")
    assert (created.region, created.interpretation_languages, created.status) == (
        setting["europe"],
        ["en", "es"],
        CohortStatus.DRAFT,
    )
    assert (
        created.present_percent,
        created.attended_min_percent,
        created.recording_makeup_allowed,
    ) == (80, 60, True)
    response = client.post(
        reverse("cohorts:add"), {**data, "slug": "elsewhere", "region": setting["asia"].pk}
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Cohort.objects.filter(slug="elsewhere").exists()


@pytest.mark.parametrize(
    "field", ["capacity", "time_zone", "present_percent", "attended_min_percent"]
)
def test_bad_cohort_input_is_refused(client, setting, field):
    data = {
        "title": "Bad",
        "slug": "bad",
        "track": setting["track"].pk,
        "region": setting["europe"].pk,
        "language": "en",
        "time_zone": "Europe/London",
        "capacity": "10",
        "delivery_mode": "online",
        "present_percent": "75",
        "attended_min_percent": "50",
    }
    data[field] = {
        "capacity": "0",
        "time_zone": "Mars/Olympus",
        "present_percent": "101",
        # More than the share that counts as present.
        "attended_min_percent": "76",
    }[field]
    response = client.post(reverse("cohorts:add"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Cohort.objects.filter(slug="bad").exists()


def test_every_way_into_another_regions_cohort_is_not_found(client, setting):
    manila = setting["manila"]
    cohort_schedule_create(cohort=manila, first_start_local=at(date(NEXT_YEAR, 5, 3), 9))
    session = manila.sessions.first()
    for name in (
        "cohorts:edit",
        "cohorts:delete",
        "cohorts:history",
        "cohorts:usage",
        "cohorts:schedule",
        "cohorts:open",
        "cohorts:copy_to",
    ):
        assert client.get(reverse(name, args=[manila.pk])).status_code == 404, name
    for name in ("sessions:edit", "sessions:move", "sessions:cancel", "sessions:history"):
        assert client.get(reverse(name, args=[session.pk])).status_code == 404, name
    response = client.post(reverse("sessions:cancel", args=[session.pk]), {"reason": "nope"})
    assert response.status_code == 404
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED
    listing = client.get(reverse("sessions:index"))
    assert [s.cohort.title for s in listing.context["object_list"]] == []


def test_schedule_is_built_from_local_wall_clock_time(client, setting):
    london = setting["london"]
    first = SPRING - timedelta(days=10)
    response = client.post(
        reverse("cohorts:schedule", args=[london.pk]),
        {
            "first_start": local_input(first, 14),
            "fold": "",
            "interval_days": "7",
            "join_url": "https://meet.example.org/curators",
            "venue": "",
        },
    )
    assert response.status_code == 302
    assert response.url == f"{reverse('sessions:index')}?cohort={london.pk}"
    assert list(london.sessions.order_by("seminar_number").values_list("starts_at", flat=True)) == [
        utc(first, 14),
        utc(first + timedelta(days=7), 14),
        utc(first + timedelta(days=14), 13),
    ]


def test_schedule_in_a_missing_hour_shows_the_error_and_creates_nothing(client, setting):
    london = setting["london"]
    response = client.post(
        reverse("cohorts:schedule", args=[london.pk]),
        {"first_start": local_input(SPRING, 1, 30), "fold": "", "interval_days": "7"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["first_start"]
    assert len(errors) == 1 and "does not exist in Europe/London" in errors[0]
    assert london.sessions.count() == 0


def test_schedule_in_a_repeated_hour_needs_the_choice(client, setting):
    london = setting["london"]
    url = reverse("cohorts:schedule", args=[london.pk])
    first = AUTUMN - timedelta(days=14)
    data = {"first_start": local_input(first, 1, 30), "fold": "", "interval_days": "7"}
    response = client.post(url, data)
    assert "happens twice" in response.context["form"].errors["first_start"][0]
    assert london.sessions.count() == 0
    assert client.post(url, {**data, "fold": "1"}).status_code == 302
    assert london.sessions.get(seminar_number=3).starts_at == utc(AUTUMN, 1, 30)


@pytest.mark.parametrize("bad", ["", "yesterday", "2026-13-40T10:00", "-1", "9" * 30])
def test_schedule_rejects_malformed_dates(client, setting, bad):
    response = client.post(
        reverse("cohorts:schedule", args=[setting["london"].pk]),
        {"first_start": bad, "interval_days": "7"},
    )
    assert response.status_code == 200
    assert "first_start" in response.context["form"].errors
    assert Session.objects.count() == 0


@pytest.fixture
def scheduled(setting):
    london = setting["london"]
    cohort_schedule_create(cohort=london, first_start_local=at(date(NEXT_YEAR, 5, 3), 10))
    return london


def test_move_and_cancel_through_the_admin(client, scheduled):
    second = scheduled.sessions.get(seminar_number=2)
    response = client.post(
        reverse("sessions:move", args=[second.pk]),
        {"new_start": local_input(date(NEXT_YEAR, 5, 12), 16), "fold": "", "reason": "Holiday"},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.starts_at, second.status, second.sequence) == (
        utc(date(NEXT_YEAR, 5, 12), 15),
        SessionStatus.MOVED,
        1,
    )
    third = scheduled.sessions.get(seminar_number=3)
    response = client.post(reverse("sessions:cancel", args=[third.pk]), {"reason": "Strike day"})
    assert response.status_code == 302
    third.refresh_from_db()
    assert (third.status, third.change_reason) == (SessionStatus.CANCELLED, "Strike day")


def test_move_without_reason_changes_nothing(client, scheduled):
    second = scheduled.sessions.get(seminar_number=2)
    before = second.starts_at
    response = client.post(
        reverse("sessions:move", args=[second.pk]),
        {"new_start": local_input(date(NEXT_YEAR, 5, 12), 16), "reason": ""},
    )
    assert response.context["form"].errors["reason"] == ["This field is required."]
    second.refresh_from_db()
    assert (second.starts_at, second.sequence) == (before, 0)


def test_editing_the_join_link_bumps_the_calendar_sequence(client, scheduled):
    first = scheduled.sessions.get(seminar_number=1)
    response = client.post(
        reverse("sessions:edit", args=[first.pk]),
        {"mode": "online", "join_url": "https://meet.example.org/new", "venue": ""},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.join_url, first.sequence) == ("https://meet.example.org/new", 1)


def test_join_link_must_be_a_web_address(client, scheduled):
    first = scheduled.sessions.get(seminar_number=1)
    response = client.post(
        reverse("sessions:edit", args=[first.pk]),
        {"mode": "online", "join_url": "javascript:alert(1)", "venue": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["join_url"] == ["Enter a valid URL."]


def test_sessions_are_never_added_or_deleted_by_hand(client, scheduled):
    first = scheduled.sessions.get(seminar_number=1)
    assert client.get(reverse("sessions:add")).status_code == 302
    assert client.post(reverse("sessions:delete", args=[first.pk])).status_code == 302
    assert scheduled.sessions.count() == 3


def test_open_for_enrolment_in_the_admin(client, setting, scheduled):
    empty = CohortFactory(track=setting["track"], region=setting["europe"], title="Empty")
    response = client.post(reverse("cohorts:open", args=[empty.pk]), {})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Seminar 1 has no session. Seminar 2 has no session. Seminar 3 has no session."
    ]
    assert client.post(reverse("cohorts:open", args=[scheduled.pk]), {}).status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.status == CohortStatus.OPEN


def test_copy_to_new_dates_in_the_admin(client, scheduled):
    response = client.post(
        reverse("cohorts:copy_to", args=[scheduled.pk]),
        {
            "title": "London, autumn",
            "slug": "london-autumn",
            "first_start": local_input(date(NEXT_YEAR, 9, 6), 10),
            "fold": "",
        },
    )
    assert response.status_code == 302
    copy = Cohort.objects.get(slug="london-autumn")
    assert copy.sessions.count() == 3
    again = client.post(
        reverse("cohorts:copy_to", args=[scheduled.pk]),
        {
            "title": "Again",
            "slug": "london-autumn",
            "first_start": local_input(date(NEXT_YEAR, 9, 6), 10),
        },
    )
    assert again.context["form"].errors["slug"] == ["Another cohort already uses this slug."]


def test_listings_have_a_constant_query_count(client, setting, django_assert_max_num_queries):
    cohort_schedule_create(cohort=setting["london"], first_start_local=at(date(NEXT_YEAR, 3, 2), 9))
    for url in (reverse("cohorts:index"), reverse("sessions:index")):
        client.get(url)
    with django_assert_max_num_queries(40) as small_cohorts:
        client.get(reverse("cohorts:index"))
    with django_assert_max_num_queries(40) as small_sessions:
        client.get(reverse("sessions:index"))
    for n in range(6):
        cohort = CohortFactory(track=setting["track"], region=setting["europe"])
        cohort_schedule_create(cohort=cohort, first_start_local=at(date(NEXT_YEAR, 4, 1 + n), 9))
    with django_assert_max_num_queries(len(small_cohorts.captured_queries)):
        response = client.get(reverse("cohorts:index"))
    assert response.context["paginator"].count == 7
    with django_assert_max_num_queries(len(small_sessions.captured_queries)):
        response = client.get(reverse("sessions:index"))
    assert response.context["paginator"].count == 21


def test_building_a_schedule_warns_about_facilitator_double_bookings(client, setting):
    facilitator = staff_user(StaffRole.FACILITATOR, None, full_name="Noor Haddad")
    london, other = (
        setting["london"],
        CohortFactory(
            track=setting["track"],
            region=setting["europe"],
            title="Paris",
            time_zone="Europe/Paris",
        ),
    )
    for cohort in (london, other):
        cohort.facilitators.add(facilitator)
    cohort_schedule_create(cohort=other, first_start_local=at(date(NEXT_YEAR, 6, 7), 11))
    response = client.post(
        reverse("cohorts:schedule", args=[london.pk]),
        {"first_start": local_input(date(NEXT_YEAR, 6, 7), 10), "fold": "", "interval_days": "7"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Noor Haddad also facilitates Paris, seminar 1, at the same time.",
        "Noor Haddad also facilitates Paris, seminar 2, at the same time.",
        "Noor Haddad also facilitates Paris, seminar 3, at the same time.",
        "3 sessions created in Europe/London.",
    ]
