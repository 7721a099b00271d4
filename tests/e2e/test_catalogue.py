"""A visitor finds a cohort in the catalogue with the filter form and reads its schedule."""

import re
from datetime import date, datetime

import pytest
from django.conf import settings
from playwright.sync_api import expect

from cohorts.domain.scheduling import cohort_schedule_create
from cohorts.enums import CohortStatus
from tests.factories import CohortFactory, RegionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEXT_YEAR = date.today().year + 1
JOIN_URL = "https://meet.example.org/browser-never-sees-this"


@pytest.fixture
def cohorts(curriculum):
    europe = RegionFactory(name="Europe", slug="europe", sort_order=1)
    africa = RegionFactory(name="Africa and Arab countries", slug="africa-arab", sort_order=2)
    curators, leaders = curriculum.tracks["curators"], curriculum.tracks["leaders"]
    made = {}
    for title, region, track, zone, status, month in [
        ("Brussels curators", europe, curators, "Europe/Brussels", CohortStatus.OPEN, 2),
        ("Lisbon curators", europe, curators, "Europe/Lisbon", CohortStatus.FULL, 3),
        ("Brussels leaders", europe, leaders, "Europe/Brussels", CohortStatus.OPEN, 4),
        ("Nairobi curators", africa, curators, "Africa/Nairobi", CohortStatus.OPEN, 5),
        ("Hidden draft curators", europe, curators, "Europe/Paris", CohortStatus.DRAFT, 6),
    ]:
        cohort = CohortFactory(
            title=title,
            slug=title.lower().replace(" ", "-"),
            region=region,
            track=track,
            time_zone=zone,
            status=status,
            interpretation_languages=["fr"],
        )
        cohort_schedule_create(
            cohort=cohort,
            first_start_local=datetime(NEXT_YEAR, month, 6, 10),
            fold=0,
            join_url=JOIN_URL,
        )
        made[title] = cohort
    return made


def expect_h1(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    expect(page).to_have_title(f"{text} · {settings.WAGTAIL_SITE_NAME}")


@pytest.mark.parametrize("screen", ["page", "mobile_page"])
def test_visitor_filters_the_catalogue_and_opens_a_cohort(
    request, screen, cohorts, assert_accessible
):
    page = request.getfixturevalue(screen)
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cohorts").click()
    expect(page).to_have_url(re.compile(r"/cohorts/$"))
    expect_h1(page, "Cohorts")
    results = page.get_by_role("region", name=re.compile(r"cohorts$"))
    expect(page.get_by_role("heading", level=2, name="4 cohorts")).to_be_visible()
    expect(page.get_by_text("Hidden draft curators")).to_have_count(0)
    assert_accessible(page)

    form = page.get_by_role("search", name="Filter cohorts")
    form.get_by_label("Region").select_option(label="Europe")
    form.get_by_label("Track").select_option(label="Digital curators")
    form.get_by_role("button", name="Show cohorts").click()

    expect(page).to_have_url(re.compile(r"/cohorts/\?.*region=\d+.*track=\d+"))
    expect(page.get_by_role("heading", level=2, name="2 cohorts")).to_be_visible()
    titles = page.get_by_role("main").get_by_role("heading", level=3)
    expect(titles).to_have_text(["Brussels curators", "Lisbon curators"])
    # The form shows what was chosen, so the visitor can refine it.
    expect(form.get_by_label("Region")).to_have_value(str(cohorts["Brussels curators"].region_id))
    assert_accessible(page)

    results.get_by_role("link", name="Lisbon curators").click()
    expect(page).to_have_url(re.compile(r"/cohorts/lisbon-curators/$"))
    expect_h1(page, "Lisbon curators")
    schedule = page.get_by_role("table", name="Seminars of this cohort")
    expect(schedule).to_be_visible()
    expect(schedule.get_by_role("rowheader")).to_have_text(["Seminar 1", "Seminar 2", "Seminar 3"])
    # 10:00 in Lisbon in March (before the clocks change) is 10:00 UTC, as visitors see it.
    first_row = schedule.get_by_role("row").nth(1)
    expect(first_row).to_contain_text("UTC")
    expect(first_row).to_contain_text("Europe/Lisbon")
    expect(first_row).to_contain_text("10:00")
    expect(page.get_by_role("link", name="Digital curators", exact=True)).to_be_visible()
    assert JOIN_URL not in page.content()
    assert_accessible(page)


def test_no_match_message_and_clearing_filters(page, cohorts, assert_accessible):
    page.goto("/cohorts/")
    form = page.get_by_role("search", name="Filter cohorts")
    form.get_by_label("Region").select_option(label="Africa and Arab countries")
    form.get_by_label("Track").select_option(label="Union leaders")
    form.get_by_role("button", name="Show cohorts").click()
    expect(page.get_by_text("No cohorts match these filters.")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="0 cohorts")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Clear all filters").click()
    expect(page).to_have_url(re.compile(r"/cohorts/$"))
    expect(page.get_by_role("heading", level=2, name="4 cohorts")).to_be_visible()
