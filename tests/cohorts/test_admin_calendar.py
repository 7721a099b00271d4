"""The coordinators' session calendar and time-slot helper in the admin: only their regions."""

import re
import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.domain.time_slots import REGION_MAIN_ZONES, is_night, time_slot_rows
from cohorts.enums import SessionStatus
from cohorts.models import Session
from lms.enums import StaffRole
from tests.cohorts.test_local_time import AUTUMN, NEXT_YEAR, SPRING
from tests.factories import CohortFactory, RegionFactory, staff_user
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

CALENDAR = "session_calendar:index"
TIME_SLOTS = "session_calendar:time_slots"
JULY = date(NEXT_YEAR, 7, 1)


def utc(month, day, hour, minute=0):
    return datetime(NEXT_YEAR, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def world(curriculum, client):
    europe = RegionFactory(name="Europe", slug="europe")
    asia = RegionFactory(name="Asia-Pacific", slug="asia-pacific")
    track = curriculum.tracks["curators"]
    coordinator = staff_user(
        StaffRole.COORDINATOR, europe, full_name="Ingrid Coordinator", time_zone="Europe/Brussels"
    )
    fatima = staff_user(StaffRole.FACILITATOR, full_name="Fatima Facilitator")
    goran = staff_user(StaffRole.FACILITATOR, full_name="Goran Facilitator")
    cohorts = {
        name: CohortFactory(track=track, region=region, title=title, time_zone=zone)
        for name, region, title, zone in [
            ("london", europe, "London", "Europe/London"),
            ("lisbon", europe, "Lisbon", "Europe/Lisbon"),
            ("brussels", europe, "Brussels", "Europe/Brussels"),
            ("porto", europe, "Porto", "Europe/Lisbon"),
            ("quezon", asia, "Quezon", "Asia/Manila"),
        ]
    }
    cohorts["london"].coordinators.add(coordinator)
    cohorts["lisbon"].facilitators.add(fatima, goran)
    cohorts["brussels"].facilitators.add(fatima)
    cohorts["quezon"].facilitators.add(goran)
    assert client.login(email=coordinator.email, password=PASSWORD)
    return {
        "europe": europe,
        "asia": asia,
        "track": track,
        "modules": curriculum.modules,
        "coordinator": coordinator,
        "fatima": fatima,
        "goran": goran,
        **cohorts,
    }


def make(world, cohort, number, starts_at, status=SessionStatus.SCHEDULED, minutes=180):
    """A session written directly, bypassing the scheduling rules (as old or imported data)."""
    return Session.objects.create(
        cohort=world[cohort],
        module=world["modules"][("curators", number)],
        seminar_number=number,
        starts_at=starts_at,
        duration_minutes=minutes,
        status=status,
    )


@pytest.fixture
def july(world):
    """Sessions around July, read in Brussels (UTC+2 in summer), the coordinator's own zone."""
    return {
        # 00:30 on 1 July in Brussels, still 30 June in UTC.
        "porto_1": make(world, "porto", 1, utc(6, 30, 22, 30)),
        # Two seminars of one cohort that overlap: written directly, the rules would refuse.
        "london_1": make(world, "london", 1, utc(7, 7, 9)),
        "london_2": make(world, "london", 2, utc(7, 7, 10)),
        # Fatima facilitates both Lisbon and Brussels; Goran both Lisbon and Quezon (Asia).
        "lisbon_1": make(world, "lisbon", 1, utc(7, 14, 13)),
        "brussels_1": make(world, "brussels", 1, utc(7, 14, 14)),
        "quezon_1": make(world, "quezon", 1, utc(7, 14, 12)),
        "london_3": make(world, "london", 3, utc(7, 21, 9), status=SessionStatus.CANCELLED),
        # 01:30 on 1 August in Brussels, still 31 July in UTC.
        "porto_2": make(world, "porto", 2, utc(7, 31, 23, 30)),
    }


def shown(response):
    """The sessions the page lists, by id, in the order shown; checked against the HTML."""
    ids = [entry.session.pk for entry in response.context["entries"]]
    html = response.content.decode()
    assert [int(pk) for pk in re.findall(r'data-session="(\d+)"', html)] == ids
    return ids


def ids(july, *names):
    return [july[name].pk for name in names]


def fragment(response, session):
    html = response.content.decode()
    start = html.rindex("<div", 0, html.index(f'data-session="{session.pk}"'))
    return html[start : html.index("</div>", start)]


def conflicts(response):
    return {entry.session.pk: entry.conflicts for entry in response.context["entries"]}


def test_month_lists_exactly_the_regions_sessions_in_the_viewers_zone(client, world, july):
    response = client.get(reverse(CALENDAR), {"date": JULY.isoformat()})
    assert response.status_code == 200
    assert response.context["zone_name"] == "Europe/Brussels"
    assert shown(response) == ids(
        july, "porto_1", "london_1", "london_2", "lisbon_1", "brussels_1", "london_3"
    )
    html = response.content.decode()
    assert "Quezon" not in html
    assert f"Sessions in July {NEXT_YEAR}, times in Europe/London" not in html
    assert f"Sessions in July {NEXT_YEAR}, times in Europe/Brussels" in html
    assert "00:30–03:30" in fragment(response, july["porto_1"])
    assert "11:00–14:00" in fragment(response, july["london_1"])
    # An accessible month grid: caption and column headers.
    table = html[html.index('<table class="sc-month">') :]
    table = table[: table.index("</table>")]
    assert "<caption>" in table
    assert re.findall(r'<th scope="col">(\w+)</th>', table) == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]


def test_month_in_another_zone_moves_sessions_across_the_month_edges(client, world, july):
    response = client.get(reverse(CALENDAR), {"date": JULY.isoformat(), "tz": "UTC"})
    assert response.context["zone_name"] == "UTC"
    assert shown(response) == ids(
        july, "london_1", "london_2", "lisbon_1", "brussels_1", "london_3", "porto_2"
    )
    assert "09:00–12:00" in fragment(response, july["london_1"])
    assert "Times are shown in <strong>UTC</strong>." in response.content.decode()


def test_week_lists_the_days_sessions(client, world, july):
    response = client.get(
        reverse(CALENDAR), {"view": "week", "date": date(NEXT_YEAR, 7, 14).isoformat()}
    )
    assert response.status_code == 200
    assert shown(response) == ids(july, "lisbon_1", "brussels_1")
    days = response.context["days"]
    assert [day for day, _entries in days] == [
        date(NEXT_YEAR, 7, 14) - timedelta(days=date(NEXT_YEAR, 7, 14).weekday() - i)
        for i in range(7)
    ]
    assert [[e.session.pk for e in entries] for _day, entries in days if entries] == [
        ids(july, "lisbon_1", "brussels_1")
    ]
    assert "Quezon" not in response.content.decode()


@pytest.mark.parametrize("view", ["month", "week"])
def test_another_regions_id_is_not_found(client, world, july, view):
    params = {"view": view, "date": date(NEXT_YEAR, 7, 14).isoformat()}
    response = client.get(reverse(CALENDAR), {**params, "region": world["asia"].pk})
    assert response.status_code == 404
    assert b"Quezon" not in response.content
    own = client.get(reverse(CALENDAR), {**params, "region": world["europe"].pk})
    assert own.status_code == 200
    assert july["quezon_1"].pk not in shown(own)
    assert july["lisbon_1"].pk in shown(own)


def test_region_filter_offers_only_the_viewers_regions(client, world, july):
    response = client.get(reverse(CALENDAR))
    field = response.context["filter_form"].fields["region"]
    assert list(field.choices) == [("", "All my regions"), (world["europe"].pk, "Europe")]


def test_programme_admin_sees_every_region_and_can_filter(client, world, july):
    admin = staff_user(StaffRole.PROGRAMME_ADMIN, time_zone="UTC")
    client.force_login(admin)
    params = {"view": "week", "date": date(NEXT_YEAR, 7, 14).isoformat()}
    response = client.get(reverse(CALENDAR), params)
    assert shown(response) == ids(july, "quezon_1", "lisbon_1", "brussels_1")
    # Every region is the admin's: the clash is named.
    assert conflicts(response)[july["lisbon_1"].pk] == [
        "Fatima Facilitator also facilitates Brussels, seminar 1, at the same time.",
        "Goran Facilitator also facilitates Quezon, seminar 1, at the same time.",
    ]
    asia_only = client.get(reverse(CALENDAR), {**params, "region": world["asia"].pk})
    assert shown(asia_only) == ids(july, "quezon_1")


def test_conflicts_are_labelled_in_words(client, world, july):
    response = client.get(reverse(CALENDAR), {"date": JULY.isoformat()})
    assert conflicts(response) == {
        july["porto_1"].pk: [],
        july["london_1"].pk: ["Overlaps seminar 2 of the same cohort."],
        july["london_2"].pk: ["Overlaps seminar 1 of the same cohort."],
        july["lisbon_1"].pk: [
            "Fatima Facilitator also facilitates Brussels, seminar 1, at the same time.",
            # Quezon is in Asia: the clash is reported, the other region's session is not shown.
            "Goran Facilitator also facilitates a session in another region at the same time.",
        ],
        july["brussels_1"].pk: [
            "Fatima Facilitator also facilitates Lisbon, seminar 1, at the same time."
        ],
        july["london_3"].pk: [],
    }
    html = response.content.decode()
    assert html.count('<strong class="sc-tag sc-tag--conflict">Conflict</strong>') == 5
    assert "4 sessions have a conflict." in html
    london_1 = fragment(response, july["london_1"])
    assert "sc-session--conflict" in london_1
    assert "Conflict</strong> Overlaps seminar 2 of the same cohort." in london_1
    assert "sc-session--conflict" not in fragment(response, july["porto_1"])


def test_conflicts_reach_across_the_edge_of_the_period(client, world):
    # Seminar 1 late on Sunday, seminar 2 overlapping it early on Monday: different weeks.
    sunday = date(NEXT_YEAR, 7, 11) + timedelta(days=6 - date(NEXT_YEAR, 7, 11).weekday())
    # 23:00 on Sunday in Brussels, until 02:00 on Monday.
    late = make(world, "london", 1, datetime(sunday.year, sunday.month, sunday.day, 21, tzinfo=UTC))
    early = make(world, "london", 2, late.starts_at + timedelta(hours=2))  # 01:00 on Monday
    this_week = client.get(reverse(CALENDAR), {"view": "week", "date": sunday.isoformat()})
    assert shown(this_week) == [late.pk]
    assert conflicts(this_week) == {late.pk: ["Overlaps seminar 2 of the same cohort."]}
    next_week = client.get(
        reverse(CALENDAR), {"view": "week", "date": (sunday + timedelta(days=1)).isoformat()}
    )
    assert shown(next_week) == [early.pk]
    assert conflicts(next_week) == {early.pk: ["Overlaps seminar 1 of the same cohort."]}


def test_cancelled_sessions_are_labelled_and_never_in_conflict(client, world, july):
    # A cancelled session at the same time as London 1 is not a conflict.
    make(world, "london", 1, utc(7, 7, 9), status=SessionStatus.CANCELLED)
    response = client.get(reverse(CALENDAR), {"date": JULY.isoformat()})
    cancelled = fragment(response, july["london_3"])
    assert "sc-session--cancelled" in cancelled
    assert '<strong class="sc-tag sc-tag--cancelled">Cancelled</strong>' in cancelled
    assert reverse("sessions:move", args=[july["london_3"].pk]) not in cancelled
    assert reverse("sessions:edit", args=[july["london_3"].pk]) in cancelled
    assert conflicts(response)[july["london_1"].pk] == ["Overlaps seminar 2 of the same cohort."]
    assert "2 cancelled." in response.content.decode()


def test_each_session_links_to_its_edit_and_move_pages(client, world, july):
    response = client.get(reverse(CALENDAR), {"date": JULY.isoformat()})
    lisbon = fragment(response, july["lisbon_1"])
    assert f'href="{reverse("sessions:edit", args=[july["lisbon_1"].pk])}"' in lisbon
    assert f'href="{reverse("sessions:move", args=[july["lisbon_1"].pk])}"' in lisbon


def test_previous_and_next_keep_the_choices(client, world, july):
    region = world["europe"].pk
    response = client.get(
        reverse(CALENDAR),
        {"view": "month", "date": date(NEXT_YEAR, 1, 31).isoformat(), "region": region},
    )
    tz = "Europe%2FBrussels"
    assert response.context["previous_url"] == (
        f"?view=month&date={NEXT_YEAR - 1}-12-01&tz={tz}&region={region}"
    )
    assert (
        response.context["next_url"]
        == f"?view=month&date={NEXT_YEAR}-02-01&tz={tz}&region={region}"
    )
    week = client.get(reverse(CALENDAR), {"view": "week", "date": f"{NEXT_YEAR}-07-14"})
    assert week.context["next_url"] == f"?view=week&date={NEXT_YEAR}-07-21&tz={tz}"
    assert week.context["previous_url"] == f"?view=week&date={NEXT_YEAR}-07-07&tz={tz}"


def test_page_has_a_constant_number_of_queries(client, world, july):
    params = {"date": JULY.isoformat()}
    client.get(reverse(CALENDAR), params)  # warm caches (content types, menus)
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse(CALENDAR), params)
    assert len(response.context["entries"]) == 6
    for index in range(12):
        cohort = CohortFactory(track=world["track"], region=world["europe"])
        cohort.facilitators.add(world["fatima"] if index % 2 else world["goran"])
        for number in (1, 2, 3):
            make({**world, "x": cohort}, "x", number, utc(7, 2 + index, 6 + 3 * number))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(CALENDAR), params)
    assert len(response.context["entries"]) == 6 + 36
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"date": "garbage"}, "That date was not understood; showing today."),
        ({"date": "9999-99-99"}, "That date was not understood; showing today."),
        ({"date": "9999-12-31"}, "That date was not understood; showing today."),
        ({"date": "0001-01-01"}, "That date was not understood; showing today."),
        ({"date": f"{NEXT_YEAR}-02-30"}, "That date was not understood; showing today."),
        ({"view": "year"}, "That view is not available; showing the month."),
        ({"tz": "Mars/Olympus"}, "That time zone is not known; showing your own."),
        ({"view": "week", "date": "2199-12-31"}, None),
        ({"view": "month", "date": "2000-01-01"}, None),
    ],
)
def test_bad_input_falls_back_to_defaults(client, world, params, notice):
    response = client.get(reverse(CALENDAR), params)
    assert response.status_code == 200
    assert response.context["notices"] == ([notice] if notice else [])
    if notice and "date" in params:
        brussels = zoneinfo.ZoneInfo("Europe/Brussels")
        assert response.context["day"] == timezone.now().astimezone(brussels).date()
    if "tz" in params:
        assert response.context["zone_name"] == "Europe/Brussels"
    if params.get("view") == "year":
        assert response.context["view"] == "month"


@pytest.mark.parametrize("region", ["abc", str(2**63), str(-1), "0", "1.5", "<script>"])
def test_a_nonsense_region_is_not_found(client, world, region):
    assert client.get(reverse(CALENDAR), {"region": region}).status_code == 404


def test_only_people_who_may_see_sessions_get_the_calendar(client, world):
    client.logout()
    assert client.get(reverse(CALENDAR)).status_code == 302
    # A facilitator may enter the admin but has no session permission: Wagtail sends them
    # back to the dashboard (its answer to PermissionDenied), and the menu leaves the item out.
    client.force_login(world["fatima"])
    for url in (reverse(CALENDAR), reverse(TIME_SLOTS)):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert reverse(CALENDAR) not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_calendar_is_in_the_admin_menu(client, world):
    response = client.get(reverse("wagtailadmin_home"))
    assert reverse(CALENDAR) in response.content.decode()


# ---------------------------------------------------------------------------
# The time-slot helper
# ---------------------------------------------------------------------------


def rows_of(response):
    return [
        (
            row.zone,
            row.local_start.strftime("%Y-%m-%d %H:%M"),
            row.local_end.strftime("%H:%M"),
            row.is_night,
            row.day_label,
        )
        for row in response.context["rows"]
    ]


def test_time_slots_of_a_cohort_in_its_regions_and_peoples_zones(client, world):
    london = world["london"]
    for zone in [
        "America/Los_Angeles",
        "America/Mexico_City",
        "Asia/Dhaka",
        "Asia/Bangkok",
        "Pacific/Auckland",
        "Pacific/Auckland",
    ]:
        london.facilitators.add(staff_user(StaffRole.FACILITATOR, time_zone=zone))
    # 14:00 in London in July is 13:00 UTC (BST).
    response = client.get(
        reverse(TIME_SLOTS), {"cohort": london.pk, "start": f"{NEXT_YEAR}-07-14T14:00"}
    )
    assert response.status_code == 200
    assert response.context["starts_at_utc"] == datetime(NEXT_YEAR, 7, 14, 13)
    day, next_day = f"{NEXT_YEAR}-07-14", f"{NEXT_YEAR}-07-15"
    assert rows_of(response) == [
        ("America/Los_Angeles", f"{day} 06:00", "09:00", True, ""),  # UTC-7
        ("America/Mexico_City", f"{day} 07:00", "10:00", False, ""),  # UTC-6, no DST
        ("Europe/Lisbon", f"{day} 14:00", "17:00", False, ""),
        ("Europe/London", f"{day} 14:00", "17:00", False, ""),
        ("Europe/Brussels", f"{day} 15:00", "18:00", False, ""),
        ("Europe/Istanbul", f"{day} 16:00", "19:00", False, ""),
        ("Europe/Kyiv", f"{day} 16:00", "19:00", False, ""),
        ("Asia/Dhaka", f"{day} 19:00", "22:00", False, ""),  # ends at 22:00: not night
        ("Asia/Bangkok", f"{day} 20:00", "23:00", True, ""),  # ends after 22:00
        ("Pacific/Auckland", f"{next_day} 01:00", "04:00", True, "next day"),  # NZST, UTC+12
    ]
    by_zone = {row.zone: row for row in response.context["rows"]}
    assert by_zone["Europe/London"].is_reference and by_zone["Europe/London"].is_main
    assert (by_zone["Europe/Brussels"].people, by_zone["Europe/Brussels"].is_main) == (1, True)
    assert (by_zone["Pacific/Auckland"].people, by_zone["Pacific/Auckland"].is_main) == (2, False)
    assert by_zone["Europe/Kyiv"].people == 0
    html = response.content.decode()
    assert html.count('<strong class="sc-tag sc-tag--night">Night</strong>') == 3
    assert '<strong class="sc-tag">next day</strong>' in html
    assert "3 time zones have this seminar at night." in html


def test_time_slots_for_a_region_from_another_zone_mark_the_previous_day(client, world):
    # 01:00 in Tokyo (UTC+9) on 14 July is 16:00 UTC on 13 July.
    response = client.get(
        reverse(TIME_SLOTS),
        {
            "region": world["europe"].pk,
            "time_zone": "Asia/Tokyo",
            "start": f"{NEXT_YEAR}-07-14T01:00",
        },
    )
    assert response.status_code == 200
    day_before, day = f"{NEXT_YEAR}-07-13", f"{NEXT_YEAR}-07-14"
    assert rows_of(response) == [
        ("Europe/Lisbon", f"{day_before} 17:00", "20:00", False, "previous day"),
        ("Europe/London", f"{day_before} 17:00", "20:00", False, "previous day"),
        ("Europe/Brussels", f"{day_before} 18:00", "21:00", False, "previous day"),
        ("Europe/Istanbul", f"{day_before} 19:00", "22:00", False, "previous day"),
        ("Europe/Kyiv", f"{day_before} 19:00", "22:00", False, "previous day"),
        ("Asia/Tokyo", f"{day} 01:00", "04:00", True, ""),
    ]
    assert response.context["minutes"] == 180


def test_time_slots_default_to_the_viewers_zone_without_a_cohort(client, world):
    response = client.get(
        reverse(TIME_SLOTS), {"region": world["europe"].pk, "start": f"{NEXT_YEAR}-01-14T09:00"}
    )
    # Brussels in January is UTC+1.
    assert response.context["zone_name"] == "Europe/Brussels"
    assert response.context["starts_at_utc"] == datetime(NEXT_YEAR, 1, 14, 8)


def test_a_time_that_does_not_exist_is_refused_with_the_reason(client, world):
    response = client.get(
        reverse(TIME_SLOTS),
        {"cohort": world["london"].pk, "start": f"{SPRING.isoformat()}T01:30"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["start"]
    assert len(errors) == 1
    assert "does not exist in Europe/London" in errors[0]
    assert "clocks go forward" in errors[0]
    assert "rows" not in response.context
    assert "does not exist in Europe/London" in response.content.decode()


def test_a_repeated_time_needs_the_choice(client, world):
    params = {"cohort": world["london"].pk, "start": f"{AUTUMN.isoformat()}T01:30"}
    response = client.get(reverse(TIME_SLOTS), params)
    assert "happens twice in Europe/London" in response.context["form"].errors["start"][0]
    response = client.get(reverse(TIME_SLOTS), {**params, "fold": "1"})
    assert response.context["starts_at_utc"] == datetime(
        AUTUMN.year, AUTUMN.month, AUTUMN.day, 1, 30
    )


def test_time_slots_offer_only_the_viewers_cohorts(client, world):
    response = client.get(reverse(TIME_SLOTS))
    assert response.status_code == 200
    choices = [label for _value, label in response.context["form"].fields["cohort"].choices]
    assert choices == [
        "---------",
        "Brussels (Europe)",
        "Lisbon (Europe)",
        "London (Europe)",
        "Porto (Europe)",
    ]
    assert "Quezon" not in response.content.decode()
    regions = [label for _value, label in response.context["form"].fields["region"].choices]
    assert regions == ["---------", "Europe"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"cohort": "quezon"}, "cohort", "Select a valid choice."),
        ({"cohort": str(2**63)}, "cohort", "Select a valid choice."),
        ({"cohort": "-1"}, "cohort", "Select a valid choice."),
        ({"cohort": "abc"}, "cohort", "Select a valid choice."),
        ({"region": "asia"}, "region", "Select a valid choice."),
        ({"region": str(2**63)}, "region", "Select a valid choice."),
        ({}, "__all__", "Choose a cohort or a region."),
        ({"cohort": "london", "region": "asia"}, "region", "Select a valid choice."),
        ({"cohort": "london", "start": "9999-99-99T99:99"}, "start", "Enter a valid date/time."),
        ({"cohort": "london", "start": ""}, "start", "This field is required."),
        ({"cohort": "london", "fold": "7"}, "fold", "Select a valid choice."),
        ({"region": "europe", "time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice."),
    ],
)
def test_time_slot_bad_input_is_a_form_error(client, world, params, field, message):
    named = {name: world[name] for name in ("quezon", "london", "asia", "europe")}
    data = {"start": f"{NEXT_YEAR}-07-14T14:00"}
    data.update(
        {key: named[value].pk if value in named else value for key, value in params.items()}
    )
    response = client.get(reverse(TIME_SLOTS), data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert len(errors) == 1 and errors[0].startswith(message), errors
    assert "rows" not in response.context


def test_night_is_any_part_between_22_and_7_local():
    def night(start, end):
        return is_night(datetime(2030, 1, 1, *start), datetime(2030, 1, 1, *end))

    assert night((6, 59), (9, 59)) is True
    assert night((7, 0), (10, 0)) is False
    assert night((19, 0), (22, 0)) is False
    assert night((19, 1), (22, 1)) is True
    assert night((4, 0), (7, 0)) is True
    assert night((12, 0), (15, 0)) is False
    # Longer than the night: starts before 22:00, ends after 07:00 the next day.
    assert is_night(datetime(2030, 1, 1, 21), datetime(2030, 1, 2, 7, 30)) is True


def test_every_region_has_real_main_zones():
    rows = time_slot_rows(
        starts_at=datetime(2030, 1, 1, 12, tzinfo=UTC),
        duration_minutes=180,
        reference_zone="UTC",
        main_zones=[zone for zones in REGION_MAIN_ZONES.values() for zone in zones],
    )
    assert {row.zone for row in rows} == {"UTC"} | {
        zone for zones in REGION_MAIN_ZONES.values() for zone in zones
    }


def test_time_slots_count_participants_holding_a_place_but_not_applicants(client, world):
    from cohorts.enums import EnrolmentStatus
    from cohorts.models import Enrolment
    from tests.factories import UserFactory

    london = world["london"]
    now = datetime(NEXT_YEAR, 1, 1, tzinfo=UTC)
    for zone, status, extra in [
        ("Asia/Manila", EnrolmentStatus.APPROVED, {}),
        ("Asia/Manila", EnrolmentStatus.OFFERED, {"offer_expires_at": now}),
        ("America/Lima", EnrolmentStatus.APPLIED, {}),
        ("America/Lima", EnrolmentStatus.WAITLISTED, {"waitlisted_at": now}),
        ("America/Lima", EnrolmentStatus.WITHDRAWN, {}),
    ]:
        Enrolment.objects.create(
            cohort=london, user=UserFactory(time_zone=zone), status=status, **extra
        )
    response = client.get(
        reverse(TIME_SLOTS), {"cohort": london.pk, "start": f"{NEXT_YEAR}-07-14T14:00"}
    )
    by_zone = {row.zone: row for row in response.context["rows"]}
    # 13:00 UTC is 21:00 in Manila: the two people there with a place are counted.
    assert (by_zone["Asia/Manila"].people, by_zone["Asia/Manila"].local_start.hour) == (2, 21)
    assert "America/Lima" not in by_zone
