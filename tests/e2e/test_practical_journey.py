"""A participant submits the practical part from their phone, with a file (sent with upload
progress); a facilitator imports a video-call report for a seminar and applies it."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from cohorts.models import Attendance, Submission
from lms.enums import StaffRole
from tests.factories import staff_user
from tests.factories.cohorts import held_cohort, participant
from tests.factories.people import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def sign_in(page, email, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_participant_submits_the_practical_part_with_a_file(
    mobile_page, curriculum, assert_accessible
):
    page = mobile_page
    cohort = held_cohort(curriculum.tracks["leaders"], days_ago=14, title="Leaders in Lima")
    person = participant(cohort, full_name="Rosa Huamán").user
    sign_in(page, person.email, "/my-cohorts/")
    page.get_by_role("link", name="not submitted yet").click()
    expect(page.get_by_role("heading", name="Submit your practical part")).to_be_visible()
    assert_accessible(page)

    # A file whose content is not what its name says is refused, and nothing is kept.
    page.get_by_label("Your answer").fill("Our plan for bargaining over workplace data.")
    page.get_by_label("Add files").set_input_files(
        {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": PNG}
    )
    page.get_by_role("button", name="Submit for review").click()
    expect(
        page.get_by_text("Nothing was submitted: please correct the errors below.")
    ).to_be_visible()
    assert Submission.objects.count() == 0

    page.get_by_label("Your answer").fill("Our plan for bargaining over workplace data.")
    page.get_by_label("Add files").set_input_files(
        {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Submit for review").click()
    expect(
        page.get_by_text("Your practical part has been submitted for review. Thank you.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="plan.pdf")).to_be_visible()
    assert_accessible(page)
    submission = Submission.objects.get()
    assert (submission.text, [f.original_name for f in submission.files.all()]) == (
        "Our plan for bargaining over workplace data.",
        ["plan.pdf"],
    )


def test_facilitator_imports_a_video_call_report(page, curriculum, assert_accessible):
    cohort = held_cohort(curriculum.tracks["leaders"], days_ago=7, title="Leaders in Lagos")
    facilitator = staff_user(StaffRole.FACILITATOR, cohort.region)
    cohort.facilitators.add(facilitator)
    ngozi = participant(cohort, full_name="Ngozi Eze", email="ngozi@example.org").user
    tunde = participant(cohort, full_name="Tunde Bakare", email="tunde@example.org").user
    session = cohort.sessions.get(seminar_number=1)
    start = session.starts_at
    rows = [
        ("ngozi@example.org", start, start + timedelta(minutes=175)),
        ("TUNDE@example.org", start + timedelta(minutes=70), start + timedelta(minutes=180)),
    ]
    report = "email,join,leave\n" + "".join(
        f"{email},{joined:%Y-%m-%d %H:%M},{left:%Y-%m-%d %H:%M}\n" for email, joined, left in rows
    )

    sign_in(page, facilitator.email, f"/admin/attendance/sessions/{session.pk}/")
    page.get_by_role("link", name="Import a video-call report").click()
    page.get_by_label("Time zone of the times in the file").select_option("UTC")
    page.get_by_label("Participant report (CSV)").set_input_files(
        {"name": "report.csv", "mimeType": "text/csv", "buffer": report.encode()}
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("button", name="Apply to the register")).to_be_visible()
    assert_accessible(page)
    assert Attendance.objects.count() == 0
    page.get_by_role("button", name="Apply to the register").click()
    expect(page.get_by_text("Attendance imported: 2 marks changed.")).to_be_visible()
    assert dict(Attendance.objects.values_list("user", "status")) == {
        ngozi.pk: "present",
        tunde.pk: "late",
    }


def test_a_slow_upload_shows_its_progress(mobile_page, curriculum):
    page = mobile_page
    cohort = held_cohort(curriculum.tracks["leaders"], days_ago=14)
    enrolment = participant(cohort)
    sign_in(page, enrolment.user.email, f"/practical/{enrolment.pk}/")
    # A phone on a slow line: 40 kB/s up, so 200 kB take about five seconds.
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 50,
            "downloadThroughput": 400_000,
            "uploadThroughput": 40_000,
        },
    )
    big_pdf = PDF + b"%" + b"x" * 200_000 + b"\n"
    page.get_by_label("Add files").set_input_files(
        {"name": "report.pdf", "mimeType": "application/pdf", "buffer": big_pdf}
    )
    page.get_by_role("button", name="Submit for review").click()
    progress = page.locator("[data-upload-status] progress")
    expect(progress).to_be_visible()
    expect(page.get_by_role("button", name="Submit for review")).to_be_disabled()
    expect(
        page.get_by_text("Your practical part has been submitted for review. Thank you.")
    ).to_be_visible(timeout=30_000)
    assert Submission.objects.get().files.get().size == len(big_pdf)
