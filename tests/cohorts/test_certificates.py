"""Certificates of completion: issued once, revoked and reissued by coordinators, rendered as
a PDF in the holder's language, verified publicly by code, and private to holder and staff."""

import io
import re
import threading
from datetime import date, timedelta

import pypdf
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cohorts.certificate_pdf import certificate_pdf
from cohorts.domain.attendance import Mark, attendance_save
from cohorts.domain.certificates import (
    CODE_ALPHABET,
    SWEEP_DAYS,
    certificate_code_normalise,
    certificate_issue,
    certificate_revoke,
    certificates_issue_due,
)
from cohorts.domain.exceptions import AttendanceError
from cohorts.enums import CohortStatus, EnrolmentStatus
from cohorts.models import Certificate, Cohort, Enrolment, Submission
from cohorts.tasks import issue_due_certificates, issue_missed_certificates
from lms.enums import StaffRole
from lms.models import OutboxMessage
from tests.factories import RegionFactory, UnionFactory, build_curriculum, staff_user
from tests.factories.cohorts import held_cohort, participant
from tests.factories.people import PASSWORD

SITE = "Digital Rights Union Academy"
CODE_FORMAT = re.compile(r"^[%s]{4}-[%s]{4}-[%s]{4}$" % ((re.escape(CODE_ALPHABET),) * 3))


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def complete(cohort, coordinator, *, reviewed_days_ago=2, accepted=True, attend=None, **fields):
    """A participant of `cohort` marked present at every seminar (or at the first `attend`)
    whose practical part was accepted `reviewed_days_ago` days ago."""
    enrolment = participant(cohort, **fields)
    sessions = list(cohort.sessions.order_by("seminar_number"))
    for session in sessions[:attend]:
        attendance_save(
            session=session,
            marks={enrolment.user_id: Mark(status="present")},
            by=coordinator,
        )
    now = timezone.now()
    Submission.objects.create(
        enrolment=enrolment,
        status="accepted" if accepted else "needs_revision",
        submitted_at=now - timedelta(days=reviewed_days_ago + 1),
        reviewed_at=now - timedelta(days=reviewed_days_ago),
    )
    return enrolment


@pytest.fixture
def world(curriculum):
    europe = RegionFactory(name="Europe", slug="europe")
    asia = RegionFactory(name="Asia-Pacific", slug="asia-pacific")
    track = curriculum.tracks["leaders"]
    cohort = held_cohort(track, days_ago=14, region=europe, title="London leaders")
    other = held_cohort(track, days_ago=14, region=asia, title="Manila leaders")
    coordinator = staff_user(StaffRole.COORDINATOR, europe, full_name="Coord Europe")
    return {
        "europe": europe,
        "cohort": cohort,
        "other": other,
        "coordinator": coordinator,
        "asia_coordinator": staff_user(StaffRole.COORDINATOR, asia, full_name="Coord Asia"),
        "union": UnionFactory(name="Nordic Health Union", region=europe),
    }


@pytest.fixture
def holder(world):
    """A completed participant (with a union) and the certificate issued to them."""
    complete(
        world["cohort"],
        world["coordinator"],
        full_name="Ана Петрова",
        email="ana@example.org",
        union=world["union"],
    )
    (certificate,) = certificates_issue_due(cohort=world["cohort"])
    return certificate


def pdf_text(data: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()


# --- Issuing ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_automatic_issue_copies_the_facts_once(world, django_capture_on_commit_callbacks):
    cohort = world["cohort"]
    enrolment = complete(cohort, world["coordinator"], full_name="Ana  Lopez", reviewed_days_ago=2)
    with django_capture_on_commit_callbacks(execute=True):
        issued = certificates_issue_due(cohort=cohort)
    assert len(issued) == 1
    certificate = issued[0]
    assert CODE_FORMAT.match(certificate.code)
    assert (
        certificate.enrolment_id,
        certificate.full_name,
        certificate.track_title,
        certificate.region_name,
        certificate.language,
        certificate.completed_on,
        certificate.issued_by,
    ) == (
        enrolment.pk,
        "Ana Lopez",
        "Union leaders",
        "Europe",
        "en",
        (timezone.now() - timedelta(days=2)).date(),
        None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_issue_due(cohort=cohort) == []
        assert issue_due_certificates(cohort.pk) == 0
    assert list(Certificate.objects.values_list("enrolment_id", flat=True)) == [enrolment.pk]
    assert list(OutboxMessage.objects.values_list("key", flat=True)) == [
        f"certificate:{certificate.pk}"
    ]
    assert [m.to for m in mail.outbox] == [[enrolment.user.email]]
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Your certificate of completion: Union leaders"
    assert "http://testserver/my-cohorts/" in body
    assert f"http://testserver/certificates/verify/{certificate.code}/" in body
    assert f"http://testserver/certificates/{certificate.code}/pdf/" in body


@pytest.mark.django_db
def test_the_hourly_sweep_issues_what_lost_tasks_would_have(world, curriculum, settings):
    """Marks and reviews queue the issue after commit; with the broker down that task is
    lost (here: never run), and the sweep issues instead, in running and lately ended
    cohorts only."""
    track = curriculum.tracks["leaders"]
    running = complete(world["cohort"], world["coordinator"])
    lately = held_cohort(track, days_ago=60, region=world["europe"])
    long_ago = held_cohort(track, days_ago=SWEEP_DAYS + 30, region=world["europe"])
    ended_lately = complete(lately, world["coordinator"])
    complete(long_ago, world["coordinator"])
    Cohort.objects.filter(pk__in=[lately.pk, long_ago.pk]).update(status=CohortStatus.COMPLETED)
    assert Certificate.objects.count() == 0

    assert (issue_missed_certificates(), issue_missed_certificates()) == (2, 0)
    assert sorted(Certificate.objects.values_list("enrolment_id", flat=True)) == [
        running.pk,
        ended_lately.pk,
    ]
    assert settings.CELERY_BEAT_SCHEDULE["issue-missed-certificates"] == {
        "task": "cohorts.tasks.issue_missed_certificates",
        "schedule": 3600.0,
    }


@pytest.mark.django_db
def test_task_issues_due_certificates(world):
    complete(world["cohort"], world["coordinator"])
    assert issue_due_certificates(world["cohort"].pk) == 1
    assert issue_due_certificates(world["cohort"].pk) == 0
    assert issue_due_certificates(2**31) == 0
    assert Certificate.objects.count() == 1


@pytest.mark.django_db
def test_completion_date_is_the_last_seminar_in_the_cohorts_zone(world):
    cohort = world["cohort"]
    # 10:00 UTC is already the next day at UTC+14.
    cohort.time_zone = "Pacific/Kiritimati"
    cohort.save(update_fields=["time_zone"])
    complete(cohort, world["coordinator"], reviewed_days_ago=10)
    (certificate,) = certificates_issue_due(cohort=cohort)
    last = cohort.sessions.order_by("-starts_at").first().starts_at
    assert certificate.completed_on == (last + timedelta(hours=14)).date()
    assert certificate.completed_on == last.date() + timedelta(days=1)


@pytest.mark.django_db
def test_only_completed_confirmed_participants_get_one(world):
    cohort, coordinator = world["cohort"], world["coordinator"]
    complete(cohort, coordinator, full_name="Ana Complete")
    complete(cohort, coordinator, full_name="Ben Missing", attend=1)
    complete(cohort, coordinator, full_name="Cleo Revising", accepted=False)
    gone = complete(cohort, coordinator, full_name="Dan Withdrawn")
    Enrolment.objects.filter(pk=gone.pk).update(status=EnrolmentStatus.WITHDRAWN)
    complete(world["other"], coordinator, full_name="Eve Elsewhere")
    issued = certificates_issue_due(cohort=cohort)
    assert [c.full_name for c in issued] == ["Ana Complete"]
    assert list(Certificate.objects.values_list("full_name", flat=True)) == ["Ana Complete"]


@pytest.mark.django_db
def test_nobody_gets_a_certificate_without_a_name(world):
    cohort, coordinator = world["cohort"], world["coordinator"]
    nameless = complete(cohort, coordinator, full_name="   ")
    complete(cohort, coordinator, full_name="Ana Complete")
    assert [c.full_name for c in certificates_issue_due(cohort=cohort)] == ["Ana Complete"]
    with pytest.raises(AttendanceError, match="no full name"):
        certificate_issue(enrolment=nameless, by=coordinator)
    assert Certificate.objects.filter(enrolment=nameless).count() == 0


@pytest.mark.django_db
def test_explicit_issue_refused_unless_completed_and_without_a_valid_one(world, holder):
    coordinator = world["coordinator"]
    with pytest.raises(AttendanceError, match="already has a valid certificate"):
        certificate_issue(enrolment=holder.enrolment, by=coordinator)
    unfinished = complete(world["cohort"], coordinator, attend=1, full_name="Ben Missing")
    with pytest.raises(AttendanceError, match="has not completed"):
        certificate_issue(enrolment=unfinished, by=coordinator)
    assert list(Certificate.objects.values_list("pk", flat=True)) == [holder.pk]


@pytest.mark.django_db
def test_revoked_stays_revoked_until_a_coordinator_reissues(
    world, holder, django_capture_on_commit_callbacks
):
    coordinator, cohort = world["coordinator"], world["cohort"]
    certificate_revoke(certificate=holder, by=coordinator, reason="Name misspelt")
    assert certificates_issue_due(cohort=cohort) == []
    assert issue_due_certificates(cohort.pk) == 0
    person = holder.enrolment.user
    person.full_name = "Анна Петрова"
    person.save(update_fields=["full_name"])
    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_issue(enrolment=holder.enrolment, by=coordinator)
    assert new.code != holder.code
    assert (new.full_name, new.issued_by, new.is_valid) == ("Анна Петрова", coordinator, True)
    holder.refresh_from_db()
    assert (holder.is_valid, holder.revoke_reason, holder.revoked_by) == (
        False,
        "Name misspelt",
        coordinator,
    )
    assert list(OutboxMessage.objects.order_by("pk").values_list("key", flat=True)) == [
        f"certificate:{holder.pk}",
        f"certificate:{new.pk}",
    ]
    assert [m.subject for m in mail.outbox] == ["Your corrected certificate: Union leaders"]


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   ", "x" * 301, None])
def test_revoke_needs_a_reason_and_changes_nothing_without_one(world, holder, reason):
    with pytest.raises(AttendanceError) as error:
        certificate_revoke(certificate=holder, by=world["coordinator"], reason=reason)
    assert error.value.field == "reason"
    holder.refresh_from_db()
    assert (holder.revoked_at, holder.revoked_by, holder.revoke_reason) == (None, None, "")


@pytest.mark.django_db
def test_revoking_twice_is_refused(world, holder):
    certificate_revoke(certificate=holder, by=world["coordinator"], reason="Wrong person")
    with pytest.raises(AttendanceError, match="already been revoked"):
        certificate_revoke(certificate=holder, by=world["coordinator"], reason="Again")
    holder.refresh_from_db()
    assert holder.revoke_reason == "Wrong person"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ABCD-EFGH-JKMN", "ABCD-EFGH-JKMN"),
        ("abcdefghjkmn", "ABCD-EFGH-JKMN"),
        (" abcd efgh-jkmn ", "ABCD-EFGH-JKMN"),
        ("ABCD-EFGH-JKM", None),
        ("ABCD-EFGH-JKMO", None),
        ("ABCD-EFGH-JKM1", None),
        ("", None),
        ("<script>alert(1)</script>", None),
        ("A" * 12 + "-" * 40, None),
    ],
)
def test_codes_are_read_leniently_but_only_from_the_alphabet(typed, stored):
    assert certificate_code_normalise(typed) == stored


# --- The PDF ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_pdf_holds_name_track_code_and_verification_url(holder):
    data = certificate_pdf(holder, base_url="https://academy.example.org/")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert [round(v) for v in reader.pages[0].mediabox[2:]] == [842, 595]  # A4 landscape
    text = reader.pages[0].extract_text()
    url = f"https://academy.example.org/certificates/verify/{holder.code}/"
    for expected in (SITE, "Certificate of completion", "Ана Петрова", "Union leaders", "Europe"):
        assert expected in text
    assert holder.code in text
    assert url in text
    metadata = reader.metadata
    assert metadata.title == "Certificate of completion: Ана Петрова"
    assert metadata.author == SITE
    assert not any("@" in str(value) for value in metadata.values())


@pytest.mark.django_db
def test_pdf_speaks_the_holders_language(world):
    complete(world["cohort"], world["coordinator"], preferred_language="es", full_name="José Núñez")
    complete(world["cohort"], world["coordinator"], preferred_language="pt", full_name="João Sá")
    spanish, portuguese = sorted(
        certificates_issue_due(cohort=world["cohort"]), key=lambda c: c.language
    )
    assert (spanish.language, portuguese.language) == ("es", "pt")
    spanish.completed_on = portuguese.completed_on = date(2026, 5, 3)
    text = pdf_text(certificate_pdf(spanish, base_url="http://testserver"))
    assert "José Núñez" in text
    assert "REGIÓN" in text
    assert "3 de mayo de 2026" in text
    assert "Certificado de finalización" in text
    assert "Certificate of completion" not in text
    # A language the interface does not have falls back to English entirely.
    text = pdf_text(certificate_pdf(portuguese, base_url="http://testserver"))
    assert "João Sá" in text
    assert "REGION" in text
    assert "May 3, 2026" in text
    assert "Certificate of completion" in text


@pytest.mark.django_db
def test_revoked_pdf_says_so(world, holder):
    certificate_revoke(certificate=holder, by=world["coordinator"], reason="Wrong person")
    holder.refresh_from_db()
    text = pdf_text(certificate_pdf(holder, base_url="http://testserver"))
    assert "this certificate is no longer valid" in text


# --- The public verification page ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["as_issued", "lower", "bare"])
def test_verification_page_shows_only_what_the_certificate_states(client, holder, form):
    code = {
        "as_issued": holder.code,
        "lower": holder.code.lower(),
        "bare": holder.code.replace("-", "").lower(),
    }[form]
    response = client.get(reverse("certificates:verify", args=[code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    for shown in ("Valid certificate", "Ана Петрова", "Union leaders", "Europe", holder.code):
        assert shown in html
    assert date_format(holder.completed_on, "DATE_FORMAT") in html
    for hidden in ("ana@example.org", "Nordic Health Union", "London leaders", "Coord Europe"):
        assert hidden not in html
    assert response.context["shown"] == {
        "valid": True,
        "code": holder.code,
        "full_name": "Ана Петрова",
        "track": "Union leaders",
        "region": "Europe",
        "completed_on": holder.completed_on,
    }


@pytest.mark.django_db
def test_verification_page_escapes_what_people_typed(client, world):
    complete(world["cohort"], world["coordinator"], full_name='<img src=x onerror="alert(1)">')
    (certificate,) = certificates_issue_due(cohort=world["cohort"])
    html = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "<img src=x" not in html


@pytest.mark.django_db
def test_revoked_certificate_page_hides_the_name(client, world, holder):
    certificate_revoke(certificate=holder, by=world["coordinator"], reason="Secret reason")
    response = client.get(reverse("certificates:verify", args=[holder.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Revoked certificate" in html
    assert "no longer valid" in html
    for hidden in ("Ана Петрова", "Union leaders", "Europe", "Secret reason", "Valid certificate"):
        assert hidden not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code", ["ABCD-EFGH-JKMN", "not-a-code", "<img src=x onerror=alert(1)>", "x" * 500]
)
def test_unknown_code_is_a_404_that_says_so(client, holder, code):
    response = client.get(reverse("certificates:verify", args=[code]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "no certificate has the code" in html
    assert "<img src=x" not in html
    assert "Ана Петрова" not in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.django_db
def test_lookup_form_redirects_to_the_verification_page(client, holder):
    url = reverse("certificates:lookup")
    assert client.get(url).status_code == 200
    typed = " " + holder.code.replace("-", " ").lower()
    response = client.get(url, {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", args=[holder.code])
    response = client.get(url, {"code": "<b>nonsense</b>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This is not a verification code" in html
    assert "<b>nonsense</b>" not in html
    assert client.post(url, {"code": holder.code}).status_code == 405


# --- Downloading the PDF ---------------------------------------------------------------


@pytest.fixture
def people(world, holder):
    cohort = world["cohort"]
    withdrawn = participant(cohort, full_name="Wanda Withdrawn")
    Enrolment.objects.filter(pk=withdrawn.pk).update(status=EnrolmentStatus.WITHDRAWN)
    return {
        "another cohort's participant": participant(world["other"]).user,
        "a withdrawn participant": withdrawn.user,
        "the owner": holder.enrolment.user,
        "a coordinator of another region": world["asia_coordinator"],
        "the coordinator of its region": world["coordinator"],
        "a programme administrator": staff_user(StaffRole.PROGRAMME_ADMIN),
    }


ALLOWED = {"the owner", "the coordinator of its region", "a programme administrator"}


@pytest.mark.django_db
def test_anonymous_download_asks_to_sign_in(client, holder):
    response = client.get(reverse("certificates:download", args=[holder.code]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    # The same answer for a code nobody holds: the redirect reveals nothing.
    other = client.get(reverse("certificates:download", args=["ABCD-EFGH-JKMN"]))
    assert other.status_code == 302


@pytest.mark.django_db
def test_download_access(client, holder, people):
    url = reverse("certificates:download", args=[holder.code.lower()])
    seen = {}
    for who, user in people.items():
        client.force_login(user)
        response = client.get(url)
        seen[who] = response.status_code
        if response.status_code == 200:
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"] == (
                f'attachment; filename="certificate-{holder.code}.pdf"'
            )
            assert "private" in response["Cache-Control"]
            assert holder.code in pdf_text(response.content)
        client.logout()
    assert seen == {who: 200 if who in ALLOWED else 404 for who in people}


@pytest.mark.django_db
def test_revoked_pdf_only_for_staff(client, world, holder, people):
    certificate_revoke(certificate=holder, by=world["coordinator"], reason="Wrong person")
    url = reverse("certificates:download", args=[holder.code])
    client.force_login(people["the owner"])
    assert client.get(url).status_code == 404
    client.force_login(people["the coordinator of its region"])
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_download_of_an_unknown_code_is_404(client, holder):
    client.force_login(holder.enrolment.user)
    for code in ("ABCD-EFGH-JKMN", "nonsense", "x" * 300):
        assert client.get(reverse("certificates:download", args=[code])).status_code == 404


# --- The admin -------------------------------------------------------------------------


INDEX = "certificates_admin:index"


def listed(response):
    return [c.full_name for c in response.context["page"].object_list]


@pytest.mark.django_db
def test_admin_index_lists_only_the_viewers_cohorts(client, world, holder):
    complete(world["other"], world["asia_coordinator"], full_name="Maria Manila")
    certificates_issue_due(cohort=world["other"])
    login(client, world["coordinator"])
    response = client.get(reverse(INDEX))
    assert response.status_code == 200
    assert listed(response) == ["Ана Петрова"]
    assert "Maria Manila" not in response.content.decode()
    login(client, world["asia_coordinator"])
    assert listed(client.get(reverse(INDEX))) == ["Maria Manila"]


@pytest.mark.django_db
@pytest.mark.parametrize("cohort", ["0", "-1", str(2**63), "abc", "other"])
def test_admin_index_of_a_cohort_outside_scope_is_404(client, world, holder, cohort):
    login(client, world["coordinator"])
    value = str(world["other"].pk) if cohort == "other" else cohort
    assert client.get(reverse(INDEX), {"cohort": value}).status_code == 404


@pytest.mark.django_db
def test_admin_index_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    cohort, coordinator = world["cohort"], world["coordinator"]
    complete(cohort, coordinator, full_name="Ana One")
    complete(cohort, coordinator, full_name="Ben Two")
    certificates_issue_due(cohort=cohort)
    first = Certificate.objects.get(full_name="Ben Two")
    certificate_revoke(certificate=first, by=coordinator, reason="Typo")
    login(client, coordinator)
    url = reverse(INDEX)
    client.get(url, {"cohort": cohort.pk})  # the session and permission caches warm up
    with CaptureQueriesContext(connection) as one_cohort:
        client.get(url, {"cohort": cohort.pk})
    with CaptureQueriesContext(connection) as every_cohort:
        client.get(url)
    for number in range(6):
        complete(cohort, coordinator, full_name=f"Person {number}")
    certificates_issue_due(cohort=cohort)
    for name in ("Person 0", "Person 1"):
        revoked = Certificate.objects.get(full_name=name)
        certificate_revoke(certificate=revoked, by=coordinator, reason="Typo")
    with django_assert_max_num_queries(len(one_cohort.captured_queries)):
        response = client.get(url, {"cohort": cohort.pk})
    assert len(response.context["page"].object_list) == 8
    assert [row["progress"].user.full_name for row in response.context["due"]] == [
        "Ben Two",
        "Person 0",
        "Person 1",
    ]
    with django_assert_max_num_queries(len(every_cohort.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_admin_revoke_needs_a_reason_and_escapes_it(client, world, holder):
    login(client, world["coordinator"])
    url = reverse("certificates_admin:revoke", args=[holder.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = client.post(url, {"reason": "y" * 301})
    assert response.status_code == 200
    holder.refresh_from_db()
    assert holder.is_valid
    response = client.post(
        url,
        {
            "reason": "<script>alert(1)</script>",
            "revoked_by": world["asia_coordinator"].pk,
            "code": "ABCD-EFGH-JKMN",
            "full_name": "Someone Else",
        },
    )
    assert response.status_code == 302
    holder.refresh_from_db()
    assert (holder.revoke_reason, holder.revoked_by, holder.code, holder.full_name) == (
        "<script>alert(1)</script>",
        world["coordinator"],
        holder.code,
        "Ана Петрова",
    )
    html = client.get(response["Location"]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    # A second revocation is refused with the domain's message.
    response = client.post(url, {"reason": "Again"}, follow=True)
    assert "already been revoked" in response.content.decode()
    holder.refresh_from_db()
    assert holder.revoke_reason == "<script>alert(1)</script>"


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["0", "-1", str(2**63), "abc", "other"])
def test_admin_revoke_outside_scope_is_404(client, world, holder, pk):
    login(client, world["asia_coordinator"])
    value = str(holder.pk) if pk == "other" else pk
    url = reverse("certificates_admin:revoke", args=[value])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Not mine"}).status_code == 404
    holder.refresh_from_db()
    assert holder.is_valid


@pytest.mark.django_db
def test_admin_issue_and_reissue(client, world, holder):
    login(client, world["coordinator"])
    url = reverse("certificates_admin:issue", args=[holder.enrolment_id])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert texts(response) == [
        "No certificate was issued. Ана Петрова already has a valid certificate. "
        "Revoke it first to issue a corrected one."
    ]
    certificate_revoke(certificate=holder, by=world["coordinator"], reason="Name misspelt")
    response = client.post(url, {"next": "https://evil.example.org/"})
    assert response["Location"] == f"{reverse(INDEX)}?cohort={world['cohort'].pk}"
    new = Certificate.objects.get(revoked_at__isnull=True)
    assert new.code != holder.code
    assert texts(response) == [
        f"Certificate {new.code} has been issued to Ана Петрова, who will receive an e-mail "
        "with the link to download it."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["0", "-1", str(2**63), "abc", "other"])
def test_admin_issue_outside_scope_is_404(client, world, holder, pk):
    certificate_revoke(certificate=holder, by=world["coordinator"], reason="Name misspelt")
    login(client, world["asia_coordinator"])
    value = str(holder.enrolment_id) if pk == "other" else pk
    assert client.post(reverse("certificates_admin:issue", args=[value])).status_code == 404
    assert Certificate.objects.filter(revoked_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_participant_cannot_reach_the_admin_pages(client, holder):
    login(client, holder.enrolment.user)
    assert client.get(reverse(INDEX)).status_code == 302  # to the admin's sign-in
    response = client.post(reverse("certificates_admin:issue", args=[holder.enrolment_id]))
    assert response.status_code in (302, 403)
    assert Certificate.objects.count() == 1


# --- Two workers at once (PostgreSQL) --------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_issue_one_certificate():
    curriculum = build_curriculum()
    cohort = held_cohort(curriculum.tracks["leaders"], days_ago=14)
    coordinator = staff_user(StaffRole.COORDINATOR, cohort.region)
    for number in range(5):
        complete(cohort, coordinator, full_name=f"Racer {number}")
    # Marks saved while setting up already issued some (after each commit): start afresh.
    Certificate.objects.all().delete()
    OutboxMessage.objects.all().delete()
    threads = 4
    barrier = threading.Barrier(threads)
    results, errors = [], []

    def work():
        try:
            barrier.wait(timeout=30)
            results.append(len(certificates_issue_due(cohort=cohort)))
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert errors == []
    assert sum(results) == 5
    assert Certificate.objects.count() == 5
    assert OutboxMessage.objects.filter(key__startswith="certificate:").count() == 5


@pytest.mark.django_db
def test_facilitators_see_certificates_but_only_coordinators_revoke_or_issue(client, world, holder):
    facilitator = staff_user(StaffRole.FACILITATOR, world["europe"])
    world["cohort"].facilitators.add(facilitator)
    login(client, facilitator)
    response = client.get(reverse(INDEX), {"cohort": world["cohort"].pk})
    assert response.status_code == 200
    assert response.context["decides"] == set()
    html = response.content.decode()
    assert reverse("certificates_admin:revoke", args=[holder.pk]) not in html
    revoke = reverse("certificates_admin:revoke", args=[holder.pk])
    assert client.get(revoke).status_code == 404
    assert client.post(revoke, {"reason": "Facilitator says so"}).status_code == 404
    issue = reverse("certificates_admin:issue", args=[holder.enrolment_id])
    assert client.post(issue).status_code == 404
    assert list(Certificate.objects.values_list("revoked_at", flat=True)) == [None]
    # The cohort's own coordinator (not a regional one) may decide.
    cohort_coordinator = staff_user(StaffRole.FACILITATOR, world["europe"])
    world["cohort"].coordinators.add(cohort_coordinator)
    login(client, cohort_coordinator)
    assert client.get(revoke).status_code == 200


@pytest.mark.django_db
def test_pdf_writes_arabic_names_joined_and_in_reading_order(world):
    complete(world["cohort"], world["coordinator"], full_name="فاطمة الزهراء بن علي")
    (certificate,) = certificates_issue_due(cohort=world["cohort"])
    text = pdf_text(certificate_pdf(certificate, base_url="http://testserver"))
    # Unshaped, the letters would be laid out left to right and read back reversed.
    assert "فاطمة الزهراء بن علي" in text
