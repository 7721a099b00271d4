"""A participant who completed their cohort downloads the certificate from "My cohorts"; anyone
holding its code checks it on the public verification page. Axe checks each page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from cohorts.domain.attendance import Mark, attendance_save
from cohorts.domain.certificates import certificates_issue_due
from cohorts.models import Submission
from lms.enums import StaffRole
from tests.factories import staff_user
from tests.factories.cohorts import held_cohort, participant
from tests.factories.people import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_participant_downloads_the_certificate_and_it_verifies(
    page, curriculum, assert_accessible, tmp_path
):
    cohort = held_cohort(curriculum.tracks["leaders"], days_ago=14, title="Leaders in Quito")
    enrolment = participant(cohort, full_name="Lucía Quispe Mamani")
    person = enrolment.user
    coordinator = staff_user(StaffRole.COORDINATOR, cohort.region)
    for session in cohort.sessions.all():
        attendance_save(session=session, marks={person.pk: Mark("present")}, by=coordinator)
    Submission.objects.create(
        enrolment=enrolment,
        text="Our union's plan for negotiating data rights",
        status="accepted",
        submitted_at=timezone.now() - timedelta(days=2),
        reviewed_at=timezone.now() - timedelta(days=1),
    )
    (certificate,) = certificates_issue_due(cohort=cohort)

    page.goto("/accounts/login/?next=/my-cohorts/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("Completed", exact=True)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    saved = tmp_path / "certificate.pdf"
    download_info.value.save_as(saved)
    text = "".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "Lucía Quispe Mamani" in text
    assert certificate.code in text

    # Someone checking the certificate types its code, as printed, without signing in.
    page.context.clear_cookies()
    page.goto("/certificates/verify/")
    assert_accessible(page)
    page.get_by_label("Verification code").fill(certificate.code.lower().replace("-", " "))
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("Valid certificate")).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Lucía Quispe Mamani")
    expect(facts).to_contain_text("Union leaders")
    expect(facts).to_contain_text(cohort.region.name)
    expect(page.get_by_text(person.email)).to_have_count(0)
    assert_accessible(page)
