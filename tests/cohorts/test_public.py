"""The public side of cohorts: the catalogue at /cohorts/ and each cohort's page."""

import re
import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from cohorts.domain.catalogue import month_choices, public_cohorts
from cohorts.domain.scheduling import cohort_schedule_create, session_cancel, session_move
from cohorts.enums import CohortStatus, DeliveryMode
from cohorts.models import Session
from tests.cohorts.test_local_time import NEXT_YEAR, at
from tests.factories import CohortFactory, RegionFactory, UserFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

LIST_URL = "/cohorts/"
JOIN_URL = "https://meet.example.org/never-public-7f3a9c"
# Targets from QUALITY.md: the catalogue with filters stays within 10 queries.
MAX_CATALOGUE_QUERIES = 10


def month_start(months_ahead):
    """The first day of the month `months_ahead` from now (in UTC, the visitors' zone)."""
    today = timezone.now().date()
    index = today.year * 12 + today.month - 1 + months_ahead
    return date(index // 12, index % 12 + 1, 1)


def month_value(day):
    return day.strftime("%Y-%m")


def schedule(cohort, day, hour=10, **kwargs):
    """Weekly seminars from `day` at `hour` in the cohort's zone."""
    return cohort_schedule_create(
        cohort=cohort, first_start_local=at(day, hour), fold=0, join_url=JOIN_URL, **kwargs
    )


@pytest.fixture
def catalogue(curriculum):
    europe = RegionFactory(name="Europe", slug="europe", sort_order=1)
    asia = RegionFactory(name="Asia-Pacific", slug="asia-pacific", sort_order=2)
    curators, leaders = curriculum.tracks["curators"], curriculum.tracks["leaders"]

    def cohort(title, region, track, status, **fields):
        return CohortFactory(
            title=title,
            slug=title.lower().replace(" ", "-"),
            region=region,
            track=track,
            status=status,
            **fields,
        )

    cohorts = {
        "lisbon": cohort(
            "Lisbon curators",
            europe,
            curators,
            CohortStatus.OPEN,
            language="pt",
            time_zone="Europe/Lisbon",
        ),
        "brussels": cohort(
            "Brussels leaders",
            europe,
            leaders,
            CohortStatus.RUNNING,
            delivery_mode=DeliveryMode.IN_PERSON,
            time_zone="Europe/Brussels",
        ),
        "manila": cohort(
            "Manila leaders",
            asia,
            leaders,
            CohortStatus.FULL,
            interpretation_languages=["fr", "es"],
            delivery_mode=DeliveryMode.HYBRID,
            time_zone="Asia/Manila",
            capacity=42,
        ),
        "closed": cohort(
            "Closed window curators",
            europe,
            curators,
            CohortStatus.OPEN,
            enrolment_opens_at=timezone.now() - timedelta(days=30),
            enrolment_closes_at=timezone.now() - timedelta(days=1),
        ),
        "old": cohort("Old curators", asia, curators, CohortStatus.COMPLETED),
        "draft": cohort("Draft curators", europe, curators, CohortStatus.DRAFT),
        "cancelled": cohort("Cancelled curators", europe, curators, CohortStatus.CANCELLED),
    }
    # Three days into the month, weekly: every seminar stays in that month.
    schedule(cohorts["lisbon"], month_start(2) + timedelta(days=2))
    schedule(cohorts["brussels"], month_start(3) + timedelta(days=2))
    schedule(cohorts["manila"], month_start(5) + timedelta(days=2), hour=9)
    schedule(cohorts["draft"], month_start(2) + timedelta(days=2))
    schedule(cohorts["cancelled"], month_start(2) + timedelta(days=2))
    return {"europe": europe, "asia": asia, "curators": curators, "leaders": leaders, **cohorts}


def titles(response):
    return [cohort.title for cohort in response.context["cohorts"]]


ALL_PUBLIC = [
    "Lisbon curators",
    "Brussels leaders",
    "Manila leaders",
    "Closed window curators",
    "Old curators",
]


# --- The catalogue ---------------------------------------------------------------


def test_catalogue_lists_public_cohorts_current_first_then_by_first_session(client, catalogue):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert titles(response) == ALL_PUBLIC
    content = response.content.decode()
    assert "Draft curators" not in content
    assert "Cancelled curators" not in content
    assert re.search(r"<h2 id=\"results-heading\">\s*5 cohorts\s*</h2>", content)


def test_catalogue_is_reversible_and_linked_from_the_navigation(client, catalogue):
    assert reverse("catalogue:list") == LIST_URL
    assert reverse("catalogue:detail", args=["lisbon-curators"]) == "/cohorts/lisbon-curators/"
    home = client.get("/")
    nav = home.content.decode().split('aria-label="Main"')[1].split("</nav>")[0]
    assert f'<a href="{LIST_URL}">Cohorts</a>' in nav
    listing = client.get(LIST_URL).content.decode()
    assert f'<a href="{LIST_URL}" aria-current="page">Cohorts</a>' in listing


def test_catalogue_shows_each_cohorts_facts(client, catalogue):
    response = client.get(LIST_URL)
    content = response.content.decode()
    manila = catalogue["manila"]
    sessions = list(manila.sessions.order_by("starts_at"))
    first, last = sessions[0].starts_at, sessions[-1].starts_at
    card = content.split('href="/cohorts/manila-leaders/"')[1].split("</li>")[0]
    for text in [
        "Manila leaders",
        "Full",
        "Union leaders",
        "Asia-Pacific",
        "English; interpretation into French, Spanish",
        "Hybrid",
        "42 places",
        f'<time datetime="{first.astimezone(UTC).isoformat()}">{first:%-d %b %Y}</time>',
        f'<time datetime="{last.astimezone(UTC).isoformat()}">{last:%-d %b %Y}</time>',
    ]:
        assert text in card, text
    assert "Dates are shown in your time zone, UTC." in content
    old_card = content.split('href="/cohorts/old-curators/"')[1].split("</li>")[0]
    assert "To be announced" in old_card and "Completed" in old_card


def test_language_names_are_translated(client, catalogue):
    client.cookies["django_language"] = "es"
    content = client.get(LIST_URL).content.decode()
    card = content.split('href="/cohorts/manila-leaders/"')[1].split("</li>")[0]
    assert "francés, español" in card.lower()
    lisbon = content.split('href="/cohorts/lisbon-curators/"')[1].split("</li>")[0]
    assert "portugués" in lisbon.lower()
    with translation.override("es"):
        assert translation.gettext("Portuguese") in content  # also in the language filter


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "europe"}, ["Lisbon curators", "Brussels leaders", "Closed window curators"]),
        ({"region": "asia"}, ["Manila leaders", "Old curators"]),
        ({"track": "curators"}, ["Lisbon curators", "Closed window curators", "Old curators"]),
        ({"track": "leaders"}, ["Brussels leaders", "Manila leaders"]),
        ({"language": "pt"}, ["Lisbon curators"]),
        ({"language": "en"}, [t for t in ALL_PUBLIC if t != "Lisbon curators"]),
        ({"delivery_mode": "hybrid"}, ["Manila leaders"]),
        ({"delivery_mode": "in_person"}, ["Brussels leaders"]),
        (
            {"delivery_mode": "online"},
            ["Lisbon curators", "Closed window curators", "Old curators"],
        ),
        ({"month": 2}, ["Lisbon curators"]),
        ({"month": 3}, ["Brussels leaders"]),
        ({"month": 5}, ["Manila leaders"]),
        ({"month": 0}, []),
        ({"open_only": "on"}, ["Lisbon curators"]),
        ({"open_only": ""}, ALL_PUBLIC),
        ({"region": "europe", "track": "leaders"}, ["Brussels leaders"]),
        ({"region": "asia", "open_only": "on"}, []),
    ],
)
def test_each_filter(client, catalogue, params, expected):
    query = {}
    for name, value in params.items():
        if name in {"region", "track"}:
            value = catalogue[value].pk
        elif name == "month":
            value = month_value(month_start(value))
        query[name] = value
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert titles(response) == expected
    if not expected:
        assert "No cohorts match these filters." in response.content.decode()


def test_month_choices_are_the_next_twelve_months():
    with translation.override("en"):
        choices = month_choices(today=date(2031, 11, 20))
    assert [value for value, _label in choices] == [
        "2031-11",
        "2031-12",
        *[f"2032-{month:02d}" for month in range(1, 11)],
    ]
    assert choices[0][1] == "November 2031"


def test_month_filter_reads_months_in_the_viewers_zone(client, catalogue):
    # 07:00 in Manila on the 1st is 23:00 UTC on the last day of the previous month
    # (the second seminar is two months later).
    asia = catalogue["asia"]
    early = CohortFactory(
        title="Early Manila",
        region=asia,
        track=catalogue["leaders"],
        status=CohortStatus.OPEN,
        time_zone="Asia/Manila",
    )
    schedule(early, month_start(4), hour=7, interval_days=60)
    month = month_value(month_start(4))
    assert "Early Manila" not in titles(client.get(LIST_URL, {"month": month}))
    person = UserFactory(time_zone="Asia/Manila")
    client.force_login(person)
    assert titles(client.get(LIST_URL, {"month": month})) == ["Early Manila"]


def test_cancelled_sessions_do_not_count_for_month_or_dates(client, catalogue):
    lisbon = catalogue["lisbon"]
    sessions = list(lisbon.sessions.order_by("starts_at"))
    for session in sessions:
        session_cancel(session=session, reason="Facilitator ill")
    month = month_value(month_start(2))
    assert titles(client.get(LIST_URL, {"month": month})) == []
    annotated = public_cohorts().get(pk=lisbon.pk)
    assert annotated.first_session_at is None and annotated.last_session_at is None

    session_cancel(session=catalogue["brussels"].sessions.get(seminar_number=1), reason="Strike")
    brussels = public_cohorts().get(pk=catalogue["brussels"].pk)
    second = catalogue["brussels"].sessions.get(seminar_number=2)
    assert brussels.first_session_at == brussels.last_session_at == second.starts_at


def test_open_only_respects_the_enrolment_window(client, catalogue):
    later = CohortFactory(
        title="Opens later",
        track=catalogue["curators"],
        status=CohortStatus.OPEN,
        enrolment_opens_at=timezone.now() + timedelta(days=3),
    )
    now_open = CohortFactory(
        title="Open now",
        track=catalogue["curators"],
        status=CohortStatus.OPEN,
        enrolment_opens_at=timezone.now() - timedelta(days=3),
        enrolment_closes_at=timezone.now() + timedelta(days=3),
    )
    shown = titles(client.get(LIST_URL, {"open_only": "on"}))
    assert now_open.title in shown and "Lisbon curators" in shown
    assert later.title not in shown and "Closed window curators" not in shown


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"region": "999999"}, "region"),
        ({"region": str(2**63)}, "region"),
        ({"region": "-1"}, "region"),
        ({"region": "0"}, "region"),
        ({"region": "europe"}, "region"),
        ({"track": str(2**63)}, "track"),
        ({"track": "1.5"}, "track"),
        ({"language": "xx"}, "language"),
        ({"delivery_mode": "<script>alert(1)</script>"}, "delivery_mode"),
        ({"month": "2020-01"}, "month"),
        ({"month": "2031-13"}, "month"),
        ({"month": "next month"}, "month"),
        ({"page": "abc"}, None),
        ({"page": str(2**63)}, None),
        ({"page": "-1"}, None),
    ],
)
def test_bad_filter_input_is_reported_and_ignored(client, catalogue, params, field):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert" not in content
    if field:
        assert list(response.context["form"].errors) == [field]
        assert "Some filters could not be used" in content
        assert titles(response) == ALL_PUBLIC
    else:
        assert not response.context["form"].errors
        assert len(titles(response)) == 5


def test_a_bad_filter_does_not_drop_the_good_ones(client, catalogue):
    response = client.get(LIST_URL, {"region": catalogue["asia"].pk, "month": "banana"})
    assert list(response.context["form"].errors) == ["month"]
    assert titles(response) == ["Manila leaders", "Old curators"]


def test_extra_parameters_cannot_reveal_hidden_cohorts(client, catalogue):
    response = client.get(LIST_URL, {"status": "draft", "slug": "draft-curators", "pk": "1"})
    assert titles(response) == ALL_PUBLIC
    assert 'name="status"' not in response.content.decode()


def test_catalogue_is_paginated_and_pages_keep_the_filters(client, curriculum):
    region = RegionFactory(name="Global", slug="global")
    for number in range(45):
        CohortFactory(
            title=f"Cohort {number:02d}",
            region=region,
            track=curriculum.tracks["curators"],
            status=CohortStatus.OPEN,
        )
    first = client.get(LIST_URL, {"region": region.pk})
    assert len(titles(first)) == 20
    content = first.content.decode()
    assert "45 cohorts" in content
    assert "Page 1 of 3" in content
    assert f'href="?region={region.pk}&amp;page=2"' in content
    last = client.get(LIST_URL, {"region": region.pk, "page": 3})
    assert titles(last) == [f"Cohort {number:02d}" for number in range(40, 45)]
    assert client.get(LIST_URL, {"page": 99}).context["page_obj"].number == 3


def test_no_cohorts_at_all(client, curriculum):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "0 cohorts" in content
    assert "No cohorts have been announced yet." in content


def test_filter_form_works_without_javascript(client, catalogue):
    content = client.get(LIST_URL).content.decode()
    form = content.split('class="filter-form"')[0].rsplit("<form", 1)[1]
    assert 'method="get"' in form and f'action="{LIST_URL}"' in form
    for name, label in [
        ("region", "Region"),
        ("track", "Track"),
        ("language", "Seminar language"),
        ("delivery_mode", "Delivery"),
        ("month", "Has a seminar in"),
        ("open_only", "Open for enrolment only"),
    ]:
        assert f'<label for="id_{name}">{label}</label>' in content
        assert f'name="{name}"' in content
    assert "<script" not in content


def _count_queries(client, url, params=None):
    client.get(url, params or {})  # warm Wagtail's per-process site cache first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_catalogue_query_count_does_not_grow(client, catalogue, signed_in):
    if signed_in:
        client.force_login(UserFactory(time_zone="Asia/Manila"))
    filters = {
        "region": catalogue["europe"].pk,
        "track": catalogue["curators"].pk,
        "language": "pt",
        "delivery_mode": "online",
        "month": month_value(month_start(2)),
        "open_only": "on",
    }
    assert titles(client.get(LIST_URL, filters)) == ["Lisbon curators"]
    before = _count_queries(client, LIST_URL)
    before_filtered = _count_queries(client, LIST_URL, filters)
    for number in range(25):
        cohort = CohortFactory(
            region=catalogue["europe"],
            track=catalogue["curators"],
            status=CohortStatus.OPEN,
            language="pt",
            interpretation_languages=["fr"],
        )
        schedule(cohort, month_start(2) + timedelta(days=2), hour=8 + number % 10)
    assert _count_queries(client, LIST_URL) == before
    assert _count_queries(client, LIST_URL, filters) == before_filtered
    assert len(titles(client.get(LIST_URL, filters))) == 20
    if not signed_in:
        assert before_filtered <= MAX_CATALOGUE_QUERIES


# --- A cohort's page ---------------------------------------------------------------


def detail_url(cohort):
    return reverse("catalogue:detail", args=[cohort.slug])


@pytest.mark.parametrize("key", ["draft", "cancelled"])
def test_draft_and_cancelled_cohorts_have_no_page(client, catalogue, key):
    assert client.get(detail_url(catalogue[key])).status_code == 404


def test_unknown_slug_is_404(client, catalogue):
    assert client.get("/cohorts/no-such-cohort/").status_code == 404


@pytest.mark.parametrize("key", ["lisbon", "brussels", "manila", "closed", "old"])
def test_public_cohorts_have_a_page(client, catalogue, key):
    response = client.get(detail_url(catalogue[key]))
    assert response.status_code == 200
    assert f"<h1>{catalogue[key].title}</h1>" in response.content.decode()


def test_cohort_page_shows_the_cohort_and_its_track(client, catalogue):
    manila = catalogue["manila"]
    manila.description = "Two seminars for <b>leaders</b> of the region."
    manila.enrolment_opens_at = datetime(NEXT_YEAR, 1, 4, 9, tzinfo=UTC)
    manila.enrolment_closes_at = datetime(NEXT_YEAR, 2, 1, 17, tzinfo=UTC)
    manila.save()
    content = client.get(detail_url(manila)).content.decode()
    for text in [
        "<title>Manila leaders · ",
        "Two seminars for &lt;b&gt;leaders&lt;/b&gt; of the region.",
        '<a href="/programme/leaders/">Union leaders</a>',
        "Organisers of affiliate unions.",
        '<a href="/programme/leaders/seminar-1/">Seminar 1: Union leaders seminar 1</a>',
        "Summary of seminar 2.",
        "English",
        "Simultaneous interpretation into French, Spanish",
        "Hybrid",
        "42 places",
        "Full",
        "Asia/Manila",
        f'<time datetime="{NEXT_YEAR}-01-04T09:00:00+00:00">',
        f'<time datetime="{NEXT_YEAR}-02-01T17:00:00+00:00">',
    ]:
        assert text in content, text


def _label(instant, zone):
    with translation.override("en"):
        return formats.date_format(instant.astimezone(zone), "D j M Y, H:i")


@pytest.fixture
def london(catalogue):
    """A London cohort meeting at 14:00 London time in January (GMT, so 14:00 UTC)."""
    cohort = CohortFactory(
        title="London curators",
        slug="london-curators",
        region=catalogue["europe"],
        track=catalogue["curators"],
        status=CohortStatus.OPEN,
        time_zone="Europe/London",
    )
    schedule(cohort, date(NEXT_YEAR, 1, 12), hour=14)
    return cohort


def test_visitors_see_times_in_utc_and_in_the_cohorts_zone(client, london):
    content = client.get(detail_url(london)).content.decode()
    first = london.sessions.get(seminar_number=1)
    assert first.starts_at == datetime(NEXT_YEAR, 1, 12, 14, tzinfo=UTC)
    iso = f"{NEXT_YEAR}-01-12T14:00:00+00:00"
    row = content.split("Seminar 1</th>")[1].split("</tr>")[0]
    viewer_cell, cohort_cell = re.findall(r"<td>(.*?)</td>", row, re.S)[1:3]
    assert f'<time datetime="{iso}">{_label(first.starts_at, UTC)}</time>' in viewer_cell
    assert '<span class="zone">UTC</span>' in viewer_cell
    assert f'<time datetime="{iso}">{_label(first.starts_at, london.zone)}</time>' in cohort_cell
    assert '<span class="zone">Europe/London</span>' in cohort_cell
    assert "17:00</time>" in viewer_cell  # ends three hours later
    assert "3 hours" in row


def test_signed_in_person_sees_times_in_their_own_zone(client, london):
    person = UserFactory(time_zone="Asia/Manila")
    assert client.login(email=person.email, password=PASSWORD)
    response = client.get(detail_url(london))
    content = response.content.decode()
    assert "private" in response["Cache-Control"]
    first = london.sessions.get(seminar_number=1)
    row = content.split("Seminar 1</th>")[1].split("</tr>")[0]
    viewer_cell, cohort_cell = re.findall(r"<td>(.*?)</td>", row, re.S)[1:3]
    # 14:00 in London in January is 22:00 in Manila, ending at 01:00 the next day.
    person_zone = zoneinfo.ZoneInfo("Asia/Manila")
    manila_start = _label(first.starts_at, person_zone)
    assert manila_start.endswith("22:00")
    assert f">{manila_start}</time>" in viewer_cell
    assert f">{_label(first.ends_at, person_zone)}</time>" in viewer_cell  # date included
    assert '<span class="zone">Asia/Manila</span>' in viewer_cell
    assert f">{_label(first.starts_at, london.zone)}</time>" in cohort_cell
    assert _label(first.starts_at, london.zone).endswith("14:00")
    assert '<span class="zone">Europe/London</span>' in cohort_cell
    # The list shows dates in the person's zone too.
    listing = client.get(LIST_URL).content.decode()
    assert "Dates are shown in your time zone, Asia/Manila." in listing


def test_moved_and_cancelled_sessions_are_explained(client, london):
    second = london.sessions.get(seminar_number=2)
    third = london.sessions.get(seminar_number=3)
    session_move(
        session=second, start_local=at(date(NEXT_YEAR, 1, 20), 15), reason="Room double-booked"
    )
    session_cancel(session=third, reason="Facilitator ill")
    content = client.get(detail_url(london)).content.decode()
    schedule_table, cancelled_table = content.split("<table")[1:3]
    moved_row = schedule_table.split("Seminar 2</th>")[1].split("</tr>")[0]
    assert "<strong>Moved</strong>: Room double-booked" in moved_row
    assert "Seminar 3</th>" not in schedule_table
    assert "Cancelled sessions" in content
    cancelled_row = cancelled_table.split("Seminar 3</th>")[1].split("</tr>")[0]
    assert "<strong>Cancelled</strong>" in cancelled_row
    assert "Facilitator ill" in cancelled_row


def test_join_link_is_never_public(client, catalogue, london):
    assert london.sessions.filter(join_url=JOIN_URL).count() == 3
    for url in [LIST_URL, detail_url(london), detail_url(catalogue["manila"])]:
        content = client.get(url).content.decode()
        assert JOIN_URL not in content
        assert "never-public" not in content
    person = UserFactory(time_zone="Asia/Manila")
    client.force_login(person)
    assert JOIN_URL not in client.get(detail_url(london)).content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
def test_cohort_page_query_count_does_not_grow_with_sessions(client, catalogue, signed_in):
    if signed_in:
        client.force_login(UserFactory(time_zone="Asia/Manila"))
    without_sessions = _count_queries(client, detail_url(catalogue["closed"]))
    lisbon = catalogue["lisbon"]
    moved = lisbon.sessions.get(seminar_number=2)
    later = (moved.starts_at + timedelta(hours=1)).astimezone(lisbon.zone)
    session_move(session=moved, start_local=later.replace(tzinfo=None), reason="Later")
    # Ten cancelled sessions as well as the three that take place.
    module = catalogue["curators"].get_children().specific().first()
    for number in range(10):
        Session.objects.create(
            cohort=lisbon,
            module=module,
            seminar_number=1,
            starts_at=timezone.now() + timedelta(days=40 + number),
            status="cancelled",
            change_reason=f"Reason {number}",
        )
    content_queries = _count_queries(client, detail_url(lisbon))
    assert content_queries == without_sessions
    assert "Reason 9" in client.get(detail_url(lisbon)).content.decode()
