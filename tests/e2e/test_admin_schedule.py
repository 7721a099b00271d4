"""A regional coordinator builds a cohort's schedule in the admin and sees it in the calendar."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from cohorts.models import Session
from lms.enums import StaffRole
from tests.factories import CohortFactory, RegionFactory, staff_user
from tests.factories.people import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEXT_YEAR = date.today().year + 1


def test_coordinator_builds_a_schedule_and_sees_it_in_the_calendar(
    page, curriculum, assert_accessible
):
    europe = RegionFactory(name="Europe", slug="europe")
    asia = RegionFactory(name="Asia-Pacific", slug="asia-pacific")
    coordinator = staff_user(
        StaffRole.COORDINATOR, europe, full_name="Ines Coordinator", time_zone="Europe/London"
    )
    cohort = CohortFactory(
        track=curriculum.tracks["curators"],
        region=europe,
        title="Lisbon curators",
        time_zone="Europe/Lisbon",
    )
    CohortFactory(track=curriculum.tracks["curators"], region=asia, title="Manila curators")

    # The admin's sign-in goes to the site's own (allauth) sign-in page, then back.
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/$"))
    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # Delivery > Cohorts, in the sidebar.
    sidebar = page.locator("#wagtail-sidebar")
    sidebar.get_by_role("button", name="Delivery").click()
    sidebar.get_by_role("link", name="Cohorts").click()
    expect(page).to_have_url(re.compile(r"/admin/cohorts/$"))
    listing = page.locator("main table")
    expect(listing.get_by_role("link", name="Lisbon curators")).to_be_visible()
    expect(listing.get_by_text("Manila curators")).to_have_count(0)

    # The row's "more" menu holds the "Build the schedule" action.
    row = listing.locator("tr", has_text="Lisbon curators")
    row.get_by_role("button", name=re.compile("More options")).click()
    row.get_by_role("link", name="Build the schedule").click()
    expect(page).to_have_url(re.compile(rf"/admin/cohorts/schedule/{cohort.pk}/$"))
    expect(page.get_by_role("heading", level=2, name="Lisbon curators")).to_be_visible()

    first_start = page.get_by_label("First seminar starts")
    expect(first_start).to_have_attribute("type", "datetime-local")
    first_start.fill(f"{NEXT_YEAR}-05-04T10:00")
    assert_accessible(page)
    page.get_by_role("button", name="Create the sessions").click()

    # Back on the sessions listing, filtered to the cohort: three seminars, a week apart.
    expect(page).to_have_url(re.compile(rf"/admin/sessions/\?cohort={cohort.pk}$"))
    expect(page.get_by_text("3 sessions created in Europe/Lisbon.")).to_be_visible()
    expect(page.locator("main table tbody tr")).to_have_count(3)
    assert Session.objects.filter(cohort=cohort).count() == 3

    # The calendar, from the sidebar, moved to the month of the seminars.
    sidebar.get_by_role("link", name="Session calendar").click()
    expect(page).to_have_url(re.compile(r"/admin/session-calendar/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Session calendar")
    calendar = page.locator("#session-calendar")
    calendar.get_by_label("Date").fill(f"{NEXT_YEAR}-05-04")
    calendar.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"date={NEXT_YEAR}-05-04"))
    month = page.get_by_role("table", name=f"Sessions in May {NEXT_YEAR}, times in Europe/London")
    expect(month).to_be_visible()
    sessions = month.locator(".sc-session")
    expect(sessions).to_have_count(3)
    # 10:00 in Lisbon is 10:00 in London too (both UTC+1 in May).
    for number, session in enumerate(sessions.all(), start=1):
        expect(session).to_contain_text(f"10:00–13:00 Lisbon curators, seminar {number}")
    expect(calendar.get_by_text("Manila curators")).to_have_count(0)
    expect(calendar.get_by_text("Conflict", exact=True)).to_have_count(0)

    # Each session leads to its edit page.
    sessions.first.get_by_role("link", name=re.compile("Lisbon curators, seminar 1")).first.click()
    expect(page).to_have_url(re.compile(r"/admin/sessions/edit/\d+/$"))
    page.go_back()
    expect(month).to_be_visible()
    assert_accessible(page)

    # The time-slot helper: the cohort's 10:00 in Lisbon (UTC+1) on the region's clocks.
    page.get_by_role("link", name=re.compile("time-slot helper")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Time-slot helper")
    page.get_by_label("Cohort", exact=True).select_option(label="Lisbon curators (Europe)")
    page.get_by_label("Proposed start").fill(f"{NEXT_YEAR}-05-04T10:00")
    page.get_by_role("button", name="Show the times").click()
    slots = page.get_by_role("table", name=re.compile("A 180-minute seminar starting"))
    expect(slots.locator("tr", has_text="Europe/Kyiv")).to_contain_text("12:00")
    expect(slots.locator("tr", has_text="Europe/Lisbon")).to_contain_text("The cohort's time zone")
    expect(slots.get_by_text("Night", exact=True)).to_have_count(0)
    assert_accessible(page)
