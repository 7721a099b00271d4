"""Reports: a cohort's attendance matrix and completion by region and track, in scope only."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.models import F, Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.charts import completion_chart
from cohorts.domain.access import attendance_cohorts
from cohorts.domain.attendance import Mark, attendance_add_makeup, attendance_save
from cohorts.domain.exceptions import AttendanceError
from cohorts.domain.reports import attendance_matrix, completion_report
from cohorts.enums import CohortStatus, EnrolmentStatus, SessionStatus
from cohorts.models import Certificate, Cohort, Session
from lms.enums import StaffRole
from tests.factories import RegionFactory, UnionFactory, staff_user
from tests.factories.cohorts import held_cohort, participant
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

MATRIX, COMPLETION = "reports_admin:matrix", "reports_admin:completion"


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def sessions_of(cohort):
    return list(cohort.sessions.order_by("seminar_number"))


@pytest.fixture
def europe():
    return RegionFactory(name="Europe", slug="europe", sort_order=2)


@pytest.fixture
def africa():
    return RegionFactory(name="Africa", slug="africa", sort_order=1)


@pytest.fixture
def small(curriculum, europe):
    """A union leaders' cohort in Europe with both seminars held, marked in every way."""
    coordinator = staff_user(StaffRole.COORDINATOR, europe, full_name="Coord Europe")
    cohort = held_cohort(curriculum.tracks["leaders"], days_ago=14, region=europe, title="Lisbon")
    union = UnionFactory(name="Nordic Health Union", region=europe, country="SE")
    ana = participant(cohort, full_name="Ana Present", union=union).user
    ben = participant(cohort, full_name="Ben Excused").user
    cara = participant(cohort, full_name="Cara Absent").user
    dan = participant(cohort, full_name="Dan Madeup").user
    eve = participant(cohort, full_name="Eve Withdrawn")
    eve.status = EnrolmentStatus.WITHDRAWN
    eve.save(update_fields=["status"])
    first, second = sessions_of(cohort)
    attendance_save(
        session=first,
        marks={
            ana.pk: Mark(status="present", minutes=170),
            ben.pk: Mark(status="excused", note="Family emergency"),
            cara.pk: Mark(status="absent"),
            dan.pk: Mark(status="excused"),
        },
        by=coordinator,
    )
    attendance_save(
        session=second,
        marks={
            ana.pk: Mark(status="late", minutes=100),
            cara.pk: Mark(status="present", minutes=180),
            dan.pk: Mark(status="present"),
        },
        by=coordinator,
    )
    # Dan makes up seminar 1 in another cohort of the track.
    other = held_cohort(curriculum.tracks["leaders"], days_ago=10, region=europe, title="Porto")
    attendance_add_makeup(session=sessions_of(other)[0], user=dan, status="present", by=coordinator)
    return {"cohort": cohort, "coordinator": coordinator, "europe": europe}


def cells(matrix):
    return [
        (
            row.person.full_name,
            row.union_name,
            [(cell.label, cell.minutes, cell.note) for cell in row.cells],
            row.state_label,
        )
        for row in matrix.rows
    ]


def test_matrix_shows_each_mark_minutes_and_state(small):
    cohort = small["cohort"]
    matrix = attendance_matrix(cohort)
    first, second = sessions_of(cohort)
    assert [(c.number, c.title, c.date_label, c.attended) for c in matrix.columns] == [
        (1, "Union leaders seminar 1", first.starts_at.strftime("%a %-d %b %Y") + " (UTC)", 1),
        (2, "Union leaders seminar 2", second.starts_at.strftime("%a %-d %b %Y") + " (UTC)", 3),
    ]
    assert cells(matrix) == [
        (
            "Ana Present",
            "Nordic Health Union",
            [("Present", 170, ""), ("Late", 100, "")],
            "At risk",
        ),
        (
            "Ben Excused",
            "",
            [("Excused", None, "Family emergency"), ("Not yet marked", None, "")],
            "Unable to complete",
        ),
        ("Cara Absent", "", [("Absent", None, ""), ("Present", 180, "")], "Unable to complete"),
        ("Dan Madeup", "", [("Made up", None, ""), ("Present", None, "")], "At risk"),
    ]
    assert matrix.totals == [1, 3]


def test_matrix_page_shows_the_table_with_totals(client, small):
    login(client, small["coordinator"])
    response = client.get(reverse(MATRIX, args=[small["cohort"].pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Ana Present",
        "Nordic Health Union",
        "Present, 170 min",
        "Late, 100 min",
        "Family emergency",
        "Not yet marked",
        "Made up",
        "Unable to complete",
        "Union leaders seminar 2",
        "?format=csv",
        "?format=xlsx",
    ):
        assert text in content
    assert "Eve Withdrawn" not in content
    tfoot = content[content.index("<tfoot>") : content.index("</tfoot>")]
    assert [cell.split("<")[0] for cell in tfoot.split("<td>")[2:4]] == ["1", "3"]


def test_matrix_of_a_cohort_without_participants(client, curriculum, europe):
    cohort = held_cohort(curriculum.tracks["curators"], days_ago=14, region=europe)
    matrix = attendance_matrix(cohort)
    assert [c.number for c in matrix.columns] == [1, 2, 3]
    assert matrix.rows == [] and matrix.totals == [0, 0, 0]
    login(client, staff_user(StaffRole.COORDINATOR, europe))
    response = client.get(reverse(MATRIX, args=[cohort.pk]))
    assert "Nobody has a confirmed place in this cohort." in response.content.decode()


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _marked_cohort(track, region, coordinator, people):
    cohort = held_cohort(track, days_ago=14, region=region)
    users = [participant(cohort).user for _ in range(people)]
    for session in sessions_of(cohort):
        attendance_save(
            session=session,
            marks={u.pk: Mark(status="present", minutes=170) for u in users},
            by=coordinator,
        )
    return cohort


def test_matrix_page_queries_do_not_grow_with_participants(
    client, curriculum, europe, django_assert_max_num_queries
):
    coordinator = staff_user(StaffRole.COORDINATOR, europe)
    track = curriculum.tracks["leaders"]
    two = _marked_cohort(track, europe, coordinator, 2)
    ten = _marked_cohort(track, europe, coordinator, 10)
    login(client, coordinator)
    client.get(reverse(MATRIX, args=[two.pk]))  # warm the session and caches
    few = _page_queries(client, reverse(MATRIX, args=[two.pk]))
    many = _page_queries(client, reverse(MATRIX, args=[ten.pk]))
    assert few == many
    with django_assert_max_num_queries(30):
        client.get(reverse(MATRIX, args=[ten.pk]))
    for fmt in ("csv", "xlsx"):
        few = _page_queries(client, reverse(MATRIX, args=[two.pk]) + f"?format={fmt}")
        many = _page_queries(client, reverse(MATRIX, args=[ten.pk]) + f"?format={fmt}")
        assert few == many


# --- Completion ----------------------------------------------------------------------


def ending(cohort, last_start):
    """Move `cohort`'s seminars so that its last one starts at `last_start` (UTC)."""
    current = cohort.sessions.exclude(status=SessionStatus.CANCELLED).aggregate(
        last=Max("starts_at")
    )["last"]
    Session.objects.filter(cohort=cohort).update(starts_at=F("starts_at") + (last_start - current))
    return cohort


def people(cohort, confirmed, certified, *, revoked=0):
    """`confirmed` confirmed participants, the first `certified` holding a valid certificate
    and the next `revoked` a revoked one."""
    enrolments = [participant(cohort) for _ in range(confirmed)]
    for index, enrolment in enumerate(enrolments[: certified + revoked]):
        Certificate.objects.create(
            enrolment=enrolment,
            code=f"C{cohort.pk}-{index}",
            full_name=enrolment.user.full_name,
            track_title=cohort.track.title,
            region_name=cohort.region.name,
            language="en",
            completed_on=date(2025, 1, 31),
            revoked_at=timezone.now() if index >= certified else None,
            revoke_reason="Issued by mistake" if index >= certified else "",
        )
    return enrolments


def at(month, day, hour=10):
    return datetime(2025, month, day, hour, tzinfo=UTC)


@pytest.fixture
def spread(curriculum, europe, africa):
    """Cohorts of two tracks in two regions ending in January and February 2025 (and some
    that must not count)."""
    leaders, curators = curriculum.tracks["leaders"], curriculum.tracks["curators"]
    lisbon = ending(held_cohort(leaders, region=europe, title="Lisbon"), at(1, 14))
    people(lisbon, 3, 2, revoked=1)
    withdrawn = participant(lisbon)
    withdrawn.status = EnrolmentStatus.WITHDRAWN
    withdrawn.save(update_fields=["status"])
    # The last hour of January in UTC is still January.
    late_january = ending(held_cohort(leaders, region=europe), at(1, 31, hour=23))
    people(late_january, 1, 1)
    people(ending(held_cohort(curators, region=africa), at(2, 3)), 2, 0)
    people(ending(held_cohort(curators, region=europe), at(2, 20)), 1, 1)
    # Its February seminar was cancelled: it ended in January.
    nairobi = ending(held_cohort(leaders, region=africa, title="Nairobi"), at(1, 20))
    Session.objects.filter(cohort=nairobi, seminar_number=2).update(
        status=SessionStatus.CANCELLED, starts_at=at(2, 25)
    )
    people(nairobi, 2, 1)
    # Outside the months asked for, or not counted at all.
    people(ending(held_cohort(leaders, region=africa), at(3, 2)), 4, 4)
    cancelled = ending(held_cohort(leaders, region=europe), at(1, 10))
    Cohort.objects.filter(pk=cancelled.pk).update(status=CohortStatus.CANCELLED)
    people(cancelled, 5, 5)
    return {"leaders": leaders, "curators": curators}


def rows(report):
    return [(r.month, r.region_name, r.track_title, r.confirmed, r.completed) for r in report.rows]


def test_completion_report_by_month_region_and_track(spread):
    report = completion_report(
        cohorts_qs=Cohort.objects.all(), start=date(2025, 1, 15), end=date(2025, 2, 1)
    )
    assert report.months == [date(2025, 1, 1), date(2025, 2, 1)]
    assert rows(report) == [
        (date(2025, 1, 1), "Africa", "Union leaders", 2, 1),
        (date(2025, 1, 1), "Europe", "Union leaders", 4, 3),
        (date(2025, 2, 1), "Africa", "Digital curators", 2, 0),
        (date(2025, 2, 1), "Europe", "Digital curators", 1, 1),
    ]
    assert [r.rate for r in report.rows] == [0.5, 0.75, 0.0, 1.0]
    assert [(s.title, s.points) for s in report.series] == [
        ("Digital curators", {date(2025, 2, 1): (1, 3)}),
        ("Union leaders", {date(2025, 1, 1): (4, 6)}),
    ]
    assert report.regions == ["Africa", "Europe"]


def test_completion_report_counts_only_the_cohorts_given(spread, africa):
    coordinator = staff_user(StaffRole.COORDINATOR, africa)
    report = completion_report(
        cohorts_qs=attendance_cohorts(coordinator), start=date(2025, 1, 1), end=date(2025, 3, 1)
    )
    assert rows(report) == [
        (date(2025, 1, 1), "Africa", "Union leaders", 2, 1),
        (date(2025, 2, 1), "Africa", "Digital curators", 2, 0),
        (date(2025, 3, 1), "Africa", "Union leaders", 4, 4),
    ]


def test_completion_report_refuses_backwards_and_overlong_periods():
    with pytest.raises(AttendanceError) as error:
        completion_report(
            cohorts_qs=Cohort.objects.all(), start=date(2025, 3, 1), end=date(2025, 2, 1)
        )
    assert error.value.field == "start"
    with pytest.raises(AttendanceError):
        completion_report(
            cohorts_qs=Cohort.objects.all(), start=date(2020, 1, 1), end=date(2025, 1, 1)
        )


def test_completion_page_filters_and_shows_the_chart_with_its_table(client, spread, europe):
    login(client, staff_user(StaffRole.PROGRAMME_ADMIN))
    url = reverse(COMPLETION)
    response = client.get(url, {"start": "2025-01", "end": "2025-02"})
    assert response.status_code == 200
    assert rows(response.context["report"]) == [
        (date(2025, 1, 1), "Africa", "Union leaders", 2, 1),
        (date(2025, 1, 1), "Europe", "Union leaders", 4, 3),
        (date(2025, 2, 1), "Africa", "Digital curators", 2, 0),
        (date(2025, 2, 1), "Europe", "Digital curators", 1, 1),
    ]
    content = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in content
    table = [(r.label, r.cells) for r in response.context["chart_rows"]]
    assert table == [
        ("Jan 2025", [(0, 0, "—"), (4, 6, "67%")]),
        ("Feb 2025", [(1, 3, "33%"), (0, 0, "—")]),
    ]
    assert "67% (4 of 6)" in content and "33% (1 of 3)" in content
    filtered = client.get(
        url,
        {"start": "2025-01", "end": "2025-02", "region": europe.pk, "track": spread["leaders"].pk},
    )
    assert rows(filtered.context["report"]) == [(date(2025, 1, 1), "Europe", "Union leaders", 4, 3)]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"start": "2025-13"}, "start"),
        ({"start": "January"}, "start"),
        ({"start": "2025-01" * 500}, "start"),
        ({"start": "1999-12"}, "start"),
        ({"start": "2025-03", "end": "2025-01"}, "start"),
        ({"start": "2015-01", "end": "2025-01"}, "start"),
        ({"region": "abc"}, "region"),
        ({"region": "0"}, "region"),
        ({"region": str(2**63)}, "region"),
        ({"track": "-1"}, "track"),
    ],
)
def test_completion_filters_refuse_bad_input(client, spread, africa, params, field):
    login(client, staff_user(StaffRole.COORDINATOR, africa))
    response = client.get(reverse(COMPLETION), params)
    assert response.status_code == 200
    assert response.context["report"] is None
    assert list(response.context["form"].errors) == [field]


def test_completion_filter_does_not_offer_or_accept_another_region(client, spread, europe, africa):
    login(client, staff_user(StaffRole.COORDINATOR, africa))
    response = client.get(reverse(COMPLETION), {"region": europe.pk})
    assert list(response.context["form"].errors) == ["region"]
    assert list(response.context["form"].fields["region"].queryset) == [africa]


def test_completion_page_queries_do_not_grow_with_cohorts(
    client, curriculum, europe, django_assert_max_num_queries
):
    coordinator = staff_user(StaffRole.COORDINATOR, europe)
    login(client, coordinator)
    track = curriculum.tracks["leaders"]
    url = reverse(COMPLETION)
    people(held_cohort(track, days_ago=14, region=europe), 2, 1)
    client.get(url)
    one = _page_queries(client, url)
    for _ in range(3):
        people(held_cohort(curriculum.tracks["curators"], days_ago=20, region=europe), 3, 2)
    four = _page_queries(client, url)
    assert one == four
    report = client.get(url).context["report"]
    # Sorted: the two tracks' last seminars may fall in different months near a month's start.
    assert sorted((r.track_title, r.confirmed, r.completed) for r in report.rows) == [
        ("Digital curators", 9, 6),
        ("Union leaders", 2, 1),
    ]
    with django_assert_max_num_queries(30):
        client.get(url)
    assert _page_queries(client, url + "?format=csv") == _page_queries(client, url + "?format=xlsx")


def test_chart_escapes_names_and_is_accessible(client, curriculum):
    evil = RegionFactory(name="<script>alert(1)</script>", slug="evil")
    track = curriculum.tracks["leaders"]
    track.title = 'Leaders "&" <b>bold</b>'
    track.save()
    people(ending(held_cohort(track, region=evil), at(1, 14)), 2, 1)
    report = completion_report(
        cohorts_qs=Cohort.objects.all(), start=date(2025, 1, 1), end=date(2025, 1, 1)
    )
    svg = str(completion_chart(report))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    assert "<title id=" in svg and "<desc id=" in svg
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "Leaders &quot;&amp;&quot; &lt;b&gt;bold&lt;/b&gt;" in svg
    assert ">50%</text>" in svg
    login(client, staff_user(StaffRole.PROGRAMME_ADMIN))
    content = client.get(reverse(COMPLETION), {"start": "2025-01", "end": "2025-01"}).content
    assert b"<script>alert(1)" not in content and b"<b>bold" not in content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_empty_period_says_so(client, spread):
    login(client, staff_user(StaffRole.PROGRAMME_ADMIN))
    response = client.get(reverse(COMPLETION), {"start": "2030-01", "end": "2030-02"})
    assert response.context["report"].rows == []
    assert "None of your cohorts had its last seminar in these months." in response.content.decode()
    assert "completion-chart" not in response.content.decode()


# --- Access ----------------------------------------------------------------------------


def test_matrix_access(client, small, curriculum, africa):
    cohort, europe = small["cohort"], small["europe"]
    url = reverse(MATRIX, args=[cohort.pk])
    missing = reverse(MATRIX, args=[cohort.pk + 1000])
    # Outside the admin: the same sign-in redirect whether the cohort exists or not.
    anonymous, anonymous_missing = client.get(url), client.get(missing)
    assert anonymous.status_code == anonymous_missing.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    participant_user = cohort.enrolments.get(user__full_name="Ana Present").user
    withdrawn = cohort.enrolments.get(user__full_name="Eve Withdrawn").user
    for outsider in (participant_user, withdrawn):
        login(client, outsider)
        assert client.get(url).status_code == client.get(missing).status_code == 302
    # In the admin, but not theirs.
    for outsider in (
        staff_user(StaffRole.COORDINATOR, africa),
        staff_user(StaffRole.FACILITATOR, europe),
        staff_user(StaffRole.CURATOR, europe),
    ):
        login(client, outsider)
        assert client.get(url).status_code == 404
        assert client.get(url + "?format=csv").status_code == 404
    facilitator = staff_user(StaffRole.FACILITATOR, africa)
    cohort.facilitators.add(facilitator)
    for insider in (small["coordinator"], facilitator, staff_user(StaffRole.PROGRAMME_ADMIN)):
        login(client, insider)
        assert client.get(url).status_code == 200
    for bad in ("0", "-1", str(2**63), "abc", str(cohort.pk + 1000)):
        assert client.get(reverse(MATRIX, args=[bad])).status_code == 404
    assert client.get(url, {"format": "pdf"}).status_code == 400


def test_completion_access_and_menu(client, spread, africa):
    url = reverse(COMPLETION)
    assert client.get(url).status_code == 302
    login(client, participant(Cohort.objects.get(title="Lisbon")).user)
    assert client.get(url).status_code == 302
    nobody = staff_user(StaffRole.COORDINATOR, RegionFactory(name="Antarctica", slug="aq"))
    login(client, nobody)
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()
    login(client, staff_user(StaffRole.COORDINATOR, africa))
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(url, {"start": "2025-01", "end": "2025-03"})
    assert {r.region_name for r in response.context["report"].rows} == {"Africa"}
    assert "Europe" not in response.content.decode()
    assert client.get(url, {"format": "ods"}).status_code == 400
