"""A participant signs up, applies, is approved by a coordinator, sees the place on their
page and subscribes to their calendar; axe checks every page on the way."""

import re
from datetime import date, datetime

import pytest
from django.core import mail
from playwright.sync_api import expect

from cohorts.domain.scheduling import cohort_schedule_create
from cohorts.enums import CohortStatus, EnrolmentStatus
from cohorts.models import Enrolment
from lms.enums import StaffRole, UnionRole
from tests.factories import CohortFactory, RegionFactory, UnionFactory, staff_user
from tests.factories.people import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEXT_YEAR = date.today().year + 1
EMAIL = "wanjiru.leader@example.org"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)")


def sign_in(page, email, next_url="/"):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_participant_applies_is_approved_and_subscribes(
    browser, page, live_server, curriculum, assert_accessible
):
    europe = RegionFactory(name="Europe", slug="europe")
    UnionFactory(name="Civil Servants Union North", acronym="CSUN", region=europe)
    coordinator = staff_user(StaffRole.COORDINATOR, europe, full_name="Ines Coordinator")
    cohort = CohortFactory(
        track=curriculum.tracks["leaders"],
        region=europe,
        title="Leaders in Lisbon",
        slug="leaders-lisbon",
        time_zone="Europe/Lisbon",
        capacity=20,
    )
    cohort.coordinators.add(coordinator)
    cohort_schedule_create(
        cohort=cohort,
        first_start_local=datetime(NEXT_YEAR, 5, 4, 10),
        join_url="https://meet.example.org/leaders-lisbon",
    )
    cohort.status = CohortStatus.OPEN
    cohort.save(update_fields=["status"])

    # A visitor finds the cohort and wants to apply: signing in comes first.
    page.goto("/cohorts/leaders-lisbon/")
    page.get_by_role("link", name="Apply to this cohort").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/cohorts/leaders-lisbon/apply/"))

    # Sign up.
    page.goto("/accounts/signup/")
    page.locator("[name=email]").fill(EMAIL)
    page.locator("[name=password1]").fill(PASSWORD)
    page.locator("[name=password2]").fill(PASSWORD)
    page.locator("[name=full_name]").fill("Wanjiru Achola Mensah")
    page.locator("[name=time_zone]").select_option("Africa/Nairobi")
    page.locator("[name=region]").select_option(label="Europe")
    page.locator("[name=union]").select_option(label="Civil Servants Union North (CSUN)")
    page.locator("[name=union_role]").select_option(UnionRole.LEADER)
    page.locator("[name=privacy_consent]").check()
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))

    # Confirm the address from the e-mail, then sign in and apply.
    [confirmation] = [m for m in mail.outbox if m.to == [EMAIL]]
    page.goto(CONFIRM_LINK.search(confirmation.body).group(1))
    page.get_by_role("button", name=re.compile("Confirm")).click()
    sign_in(page, EMAIL, next_url="/cohorts/leaders-lisbon/apply/")
    expect(page).to_have_url(re.compile(r"/cohorts/leaders-lisbon/apply/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply to Leaders in Lisbon")
    assert_accessible(page)
    page.get_by_label("I will attend every seminar", exact=False).check()
    page.get_by_label("No: keep me out of recordings").check()
    page.get_by_role("button", name="Send my application").click()

    expect(page).to_have_url(re.compile(r"/my-cohorts/$"))
    received = "Your application to Leaders in Lisbon has been received"
    expect(page.get_by_text(received, exact=False)).to_be_visible()
    place = page.get_by_role("region", name="Leaders in Lisbon")
    expect(place.locator(".status")).to_have_text("Application received")
    assert_accessible(page)
    enrolment = Enrolment.objects.get(user__email=EMAIL)
    assert (enrolment.status, enrolment.recording_consent) == (EnrolmentStatus.APPLIED, False)

    # The coordinator approves the application in the admin.
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="UTC")
    admin = context.new_page()
    sign_in(admin, coordinator.email, next_url="/admin/")
    admin.goto(f"/admin/enrolments/review/?cohort={cohort.pk}")
    admin.get_by_label("Select Wanjiru Achola Mensah").check()
    admin.get_by_label("Approve", exact=True).check()
    assert_accessible(admin)
    admin.get_by_role("button", name="Apply to the selected applications").click()
    expect(admin.get_by_text("1 application approved.")).to_be_visible()
    context.close()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.APPROVED
    approved_mail = [m for m in mail.outbox if m.to == [EMAIL] and "confirmed" in m.subject]
    assert [m.subject for m in approved_mail] == ["Your place is confirmed: Leaders in Lisbon"]

    # Back on their page, the place is confirmed with the seminars in both zones.
    page.reload()
    expect(place.locator(".status")).to_have_text("Place confirmed")
    schedule = place.get_by_role("table", name="Seminars of Leaders in Lisbon")
    expect(schedule.locator("tbody tr")).to_have_count(2)
    # 10:00 in Lisbon in May (UTC+1) is 12:00 in Nairobi (UTC+3).
    expect(schedule.locator("tbody tr").first).to_contain_text("12:00")
    expect(schedule.locator("tbody tr").first).to_contain_text("Africa/Nairobi")
    expect(schedule.locator("tbody tr").first).to_contain_text("Europe/Lisbon")
    assert_accessible(page)

    # Subscribe: the personal feed has both seminars, with the join link.
    page.get_by_role("link", name="Add my seminars to my calendar").click()
    page.get_by_role("button", name="Create my calendar link").click()
    feed_url = page.get_by_label("Link to paste into your calendar app").input_value()
    assert_accessible(page)
    feed = page.request.get(feed_url)
    assert feed.status == 200
    body = feed.text()
    assert body.count("BEGIN:VEVENT") == 2
    assert "meet.example.org/leaders-lisbon" in body
