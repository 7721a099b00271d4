"""A facilitator takes attendance for a seminar; a participant checks in with the code from
their phone. Axe checks each page on the way."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.domain.attendance import check_in_code
from cohorts.models import Apology, Attendance
from lms.enums import StaffRole
from tests.factories import UnionFactory, staff_user
from tests.factories.cohorts import held_cohort, participant
from tests.factories.people import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, email, next_url="/"):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


@pytest.fixture
def cohort(curriculum):
    cohort = held_cohort(curriculum.tracks["leaders"], days_ago=7, title="Leaders in Accra")
    # Seminar 2 is under way: it started ten minutes ago.
    live = cohort.sessions.get(seminar_number=2)
    live.starts_at = timezone.now() - timedelta(minutes=10)
    live.save()
    return cohort


def test_facilitator_takes_attendance_for_a_session(page, cohort, assert_accessible):
    facilitator = staff_user(StaffRole.FACILITATOR, cohort.region, full_name="Kofi Facilitator")
    cohort.facilitators.add(facilitator)
    union = UnionFactory(name="Ghana Health Services Workers Union", region=cohort.region)
    ama = participant(cohort, full_name="Ama Owusu", union=union).user
    yaw = participant(cohort, full_name="Yaw Boateng").user
    esi = participant(cohort, full_name="Esi Mensah").user
    session = cohort.sessions.get(seminar_number=1)
    Apology.objects.create(session=session, user=esi, reason="Union conference in Kumasi")

    sign_in(page, facilitator.email, "/admin/attendance/")
    expect(page.get_by_role("heading", name="Attendance")).to_be_visible()
    page.get_by_role("link", name="Leaders in Accra, seminar 1").click()
    expect(page.get_by_text("Union conference in Kumasi")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Status of Ama Owusu").select_option(label="Present")
    page.get_by_label("Status of Yaw Boateng").select_option(label="Left early")
    page.get_by_label("Minutes attended by Yaw Boateng").fill("120")
    page.get_by_label("Note about Yaw Boateng").fill("Connection dropped")
    page.get_by_label("Status of Esi Mensah").select_option(label="Excused")
    page.get_by_role("button", name="Save the register").first.click()
    expect(page.get_by_text("Register saved: 3 marks changed.")).to_be_visible()
    assert dict(Attendance.objects.filter(session=session).values_list("user", "status")) == {
        ama.pk: "present",
        yaw.pk: "left_early",
        esi.pk: "excused",
    }

    # The live seminar: one check-in code on screen, the rest marked absent in one step.
    page.goto(f"/admin/attendance/sessions/{cohort.sessions.get(seminar_number=2).pk}/")
    page.get_by_role("link", name="Show the check-in code").click()
    expect(page.get_by_label(re.compile(r"^Check-in code \d{6}$"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the register").click()
    page.get_by_label("Mark everyone not yet marked as").select_option(label="Absent")
    page.get_by_role("button", name="Mark them and save").click()
    expect(page.get_by_text("Register saved: 3 marks changed.")).to_be_visible()
    assert Attendance.objects.filter(session__seminar_number=2, status="absent").count() == 3


def test_participant_checks_in_with_a_code(mobile_page, cohort, assert_accessible):
    page = mobile_page
    person = participant(cohort, full_name="Abena Darko").user
    live = cohort.sessions.get(seminar_number=2)

    sign_in(page, person.email, "/my-cohorts/")
    expect(page.get_by_role("heading", name="My cohorts")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Check in").click()
    expect(page.get_by_role("heading", name="Check in to seminar 2")).to_be_visible()
    page.get_by_label("Code shown by the facilitator").fill("000 000")
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_text("That code is wrong or has expired.")).to_be_visible()
    assert_accessible(page)

    code = check_in_code(live)
    page.get_by_label("Code shown by the facilitator").fill(f"{code[:3]} {code[3:]}")
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_text("You are checked in to seminar 2. Welcome!")).to_be_visible()
    expect(page.get_by_text("Your attendance is recorded: Present.")).to_be_visible()
    assert Attendance.objects.get(session=live, user=person).source == "check_in"
