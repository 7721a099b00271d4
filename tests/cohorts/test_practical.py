"""The practical part: submitting, reviewing, the files and who may see them."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.admin_practical import register_practical_menu_item
from cohorts.domain.attendance import Mark, attendance_save
from cohorts.domain.exceptions import AttendanceError
from cohorts.domain.practical import (
    safe_file_name,
    submission_file_remove,
    submission_review,
    submission_submit,
)
from cohorts.enums import EnrolmentStatus, SubmissionStatus
from cohorts.models import Certificate, Enrolment, Submission, SubmissionFile, SubmissionReview
from lms.enums import StaffRole
from lms.models import OutboxMessage
from tests.concurrency import at_once
from tests.factories import RegionFactory, staff_user
from tests.factories.cohorts import held_cohort, participant
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

ACCEPTED, NEEDS_REVISION, SUBMITTED = (
    SubmissionStatus.ACCEPTED,
    SubmissionStatus.NEEDS_REVISION,
    SubmissionStatus.SUBMITTED,
)
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 10


def office(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in members:
            archive.writestr(name, "x" if name != "mimetype" else "")
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


DOCX = office("[Content_Types].xml", "word/document.xml")


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def world(curriculum):
    europe = RegionFactory(name="Europe", slug="europe")
    asia = RegionFactory(name="Asia-Pacific", slug="asia-pacific")
    track = curriculum.tracks["leaders"]
    cohort = held_cohort(track, days_ago=10, region=europe, title="London leaders")
    other = held_cohort(track, days_ago=10, region=asia, title="Manila leaders")
    facilitator = staff_user(StaffRole.FACILITATOR, asia, full_name="Fran Facilitator")
    cohort.facilitators.add(facilitator)
    withdrawn = participant(cohort, full_name="Wim Withdrawn")
    return {
        "cohort": cohort,
        "other": other,
        "owner": participant(cohort, full_name="Ana Owner", email="ana@example.org"),
        "classmate": participant(cohort, full_name="Bo Classmate"),
        "outsider": participant(other, full_name="Cai Outsider"),
        "withdrawn": withdrawn,
        "eu_coordinator": staff_user(StaffRole.COORDINATOR, europe, full_name="Eve Coordinator"),
        "asia_coordinator": staff_user(StaffRole.COORDINATOR, asia, full_name="Ari Coordinator"),
        "eu_curator": staff_user(StaffRole.CURATOR, europe, full_name="Cora Curator"),
        "facilitator": facilitator,
        "admin": staff_user(StaffRole.PROGRAMME_ADMIN, full_name="Programme Admin"),
    }


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def submit(enrolment, text="My clause.", files=()):
    return submission_submit(enrolment=enrolment, text=text, files=list(files), by=enrolment.user)


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Status paths -----------------------------------------------------------------


def test_every_status_path(world, django_capture_on_commit_callbacks):
    owner, reviewer = world["owner"], world["eu_coordinator"]
    submission = submit(owner, files=[upload("clause.pdf", PDF, "text/html")])
    assert (submission.status, submission.text) == (SUBMITTED, "My clause.")
    assert [(f.original_name, f.content_type, f.size) for f in submission.files.all()] == [
        ("clause.pdf", "application/pdf", len(PDF))
    ]

    with pytest.raises(AttendanceError) as refused:
        submission_review(submission=submission, decision=NEEDS_REVISION, feedback=" ", by=reviewer)
    assert refused.value.field == "feedback"
    assert SubmissionReview.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        submission_review(
            submission=submission, decision=NEEDS_REVISION, feedback="Name the union.", by=reviewer
        )
    submission.refresh_from_db()
    assert (submission.status, submission.feedback, submission.reviewed_by) == (
        NEEDS_REVISION,
        "Name the union.",
        reviewer,
    )

    with pytest.raises(AttendanceError):  # not waiting for review
        submission_review(submission=submission, decision=ACCEPTED, feedback="", by=reviewer)

    submission = submit(owner, text="My clause, for the Nordic Health Union.")
    assert submission.status == SUBMITTED
    assert submission.files.count() == 1  # files are kept across resubmissions

    with django_capture_on_commit_callbacks(execute=True):
        submission_review(submission=submission, decision=ACCEPTED, feedback="", by=reviewer)
    submission.refresh_from_db()
    assert submission.status == ACCEPTED
    assert list(submission.reviews.values_list("decision", "feedback")) == [
        (NEEDS_REVISION, "Name the union."),
        (ACCEPTED, ""),
    ]

    with pytest.raises(AttendanceError):
        submission_review(submission=submission, decision=NEEDS_REVISION, feedback="x", by=reviewer)
    with pytest.raises(AttendanceError):
        submit(owner, text="A late change.")
    with pytest.raises(AttendanceError):
        submission_file_remove(submission_file=submission.files.get(), by=owner.user)
    submission.refresh_from_db()
    assert (submission.status, submission.text, submission.files.count()) == (
        ACCEPTED,
        "My clause, for the Nordic Health Union.",
        1,
    )
    assert SubmissionReview.objects.count() == 2


def test_acceptance_completes_the_cohort(world, django_capture_on_commit_callbacks):
    owner, coordinator = world["owner"], world["eu_coordinator"]
    for session in world["cohort"].sessions.all():
        attendance_save(
            session=session, marks={owner.user_id: Mark(status="present")}, by=coordinator
        )
    submission = submit(owner)
    with django_capture_on_commit_callbacks(execute=True):
        submission_review(
            submission=submission, decision=NEEDS_REVISION, feedback="More.", by=coordinator
        )
    assert Certificate.objects.count() == 0
    submission = submit(owner)
    with django_capture_on_commit_callbacks(execute=True):
        submission_review(submission=submission, decision=ACCEPTED, feedback="", by=coordinator)
    assert list(Certificate.objects.values_list("enrolment", flat=True)) == [owner.pk]


def test_a_decision_is_accepted_or_needs_revision(world):
    submission = submit(world["owner"])
    for decision in (SUBMITTED, "approved", ""):
        with pytest.raises(AttendanceError) as refused:
            submission_review(
                submission=submission, decision=decision, feedback="ok", by=world["admin"]
            )
        assert refused.value.field == "decision"
    with pytest.raises(AttendanceError) as refused:
        submission_review(
            submission=submission, decision=ACCEPTED, feedback="x" * 5001, by=world["admin"]
        )
    assert refused.value.field == "feedback"
    submission.refresh_from_db()
    assert (submission.status, SubmissionReview.objects.count()) == (SUBMITTED, 0)


@pytest.mark.parametrize(
    "reviewer", ["eu_coordinator", "eu_curator", "facilitator", "admin"], ids=str
)
def test_reviewers_of_the_cohort_may_decide(world, reviewer):
    submission = submit(world["owner"])
    submission_review(submission=submission, decision=ACCEPTED, feedback="", by=world[reviewer])
    assert Submission.objects.get().status == ACCEPTED


@pytest.mark.parametrize("outsider", ["asia_coordinator", "classmate", "owner"], ids=str)
def test_others_may_not_decide(world, outsider):
    submission = submit(world["owner"])
    person = world[outsider]
    person = getattr(person, "user", person)
    with pytest.raises(AttendanceError):
        submission_review(submission=submission, decision=ACCEPTED, feedback="", by=person)
    assert (Submission.objects.get().status, SubmissionReview.objects.count()) == (SUBMITTED, 0)


def test_a_coordinator_cannot_review_their_own_submission(world):
    enrolment = participant(world["cohort"])
    coordinator = enrolment.user
    world["cohort"].coordinators.add(coordinator)
    submission = submit(enrolment)
    with pytest.raises(AttendanceError):
        submission_review(submission=submission, decision=ACCEPTED, feedback="", by=coordinator)


def test_only_the_person_with_a_confirmed_place_submits(world):
    owner = world["owner"]
    with pytest.raises(AttendanceError):
        submission_submit(enrolment=owner, text="Mine", files=[], by=world["classmate"].user)
    with pytest.raises(AttendanceError):
        submission_submit(enrolment=owner, text="Mine", files=[], by=world["eu_coordinator"])
    with pytest.raises(AttendanceError):
        submit(_withdraw(world))
    assert Submission.objects.count() == 0


def _withdraw(world):
    enrolment = world["withdrawn"]
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status"])
    return enrolment


def test_a_submission_needs_text_or_a_file(world):
    with pytest.raises(AttendanceError) as refused:
        submit(world["owner"], text="   \n ")
    assert refused.value.field == "text"
    submission = submit(world["owner"], text="", files=[upload("clause.pdf", PDF)])
    assert (submission.text, submission.files.count()) == ("", 1)
    # The only file of a submission without text stays: something must be left to review.
    with pytest.raises(AttendanceError):
        submission_file_remove(submission_file=submission.files.get(), by=world["owner"].user)
    assert submission.files.count() == 1


# --- E-mail -------------------------------------------------------------------------


def test_the_participant_is_told_once_in_their_language(world, django_capture_on_commit_callbacks):
    owner = world["owner"]
    owner.user.preferred_language = "es"
    owner.user.save(update_fields=["preferred_language"])
    submission = submit(owner)
    with django_capture_on_commit_callbacks(execute=True):
        review = submission_review(
            submission=submission,
            decision=NEEDS_REVISION,
            feedback="Add the clause's scope.",
            by=world["eu_curator"],
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert message.subject == "Su parte práctica requiere cambios: London leaders"
    assert message.body.startswith("Hola, Ana:")
    assert "Add the clause's scope." in message.body
    url = f"http://testserver{reverse('practical:submit', args=[owner.pk])}"
    assert url in message.body
    assert list(OutboxMessage.objects.values_list("key", flat=True)) == [
        f"practical-review:{review.pk}"
    ]


def test_acceptance_mail_in_english(world, django_capture_on_commit_callbacks):
    submission = submit(world["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        submission_review(submission=submission, decision=ACCEPTED, feedback="", by=world["admin"])
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ana@example.org"], "Your practical part is accepted: London leaders")
    ]
    assert mail.outbox[0].body.startswith("Hello Ana,")
    assert "has been accepted" in mail.outbox[0].body


# --- Uploads --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("clause.exe", PDF),
        ("clause", PDF),
        ("clause.html", b"<p>hello</p>"),
        ("clause.pdf", PNG),  # a PNG that says it is a PDF
        ("photo.png", JPEG),
        ("photo.jpg", PNG),
        ("clause.docx", office("word/document.xml")),  # a zip, not an office document
        ("clause.docx", odt()),
        ("sheet.xlsx", DOCX),
        ("clause.odt", DOCX),
        ("notes.txt", b"line\x00with NUL"),
        ("notes.md", "café".encode("latin-1")),
        ("empty.pdf", b""),
    ],
)
def test_bad_files_are_refused_and_nothing_is_saved(world, name, content):
    good = upload("good.pdf", PDF)
    with pytest.raises(AttendanceError) as refused:
        submit(world["owner"], files=[good, upload(name, content)])
    assert refused.value.field == "files"
    assert name in refused.value.message
    assert (Submission.objects.count(), SubmissionFile.objects.count()) == (0, 0)
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("clause.pdf", PDF, "application/pdf"),
        ("clause.docx", DOCX, "application/vnd.openxmlformats-officedocument."),
        ("slides.pptx", office("[Content_Types].xml", "ppt/presentation.xml"), "application/"),
        ("sheet.xlsx", office("[Content_Types].xml", "xl/workbook.xml"), "application/"),
        ("clause.odt", odt(), "application/vnd.oasis.opendocument.text"),
        ("notes.md", "# Cláusula\n".encode(), "text/markdown; charset=utf-8"),
        ("notes.txt", "Привет".encode(), "text/plain; charset=utf-8"),
        ("photo.PNG", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
    ],
)
def test_allowed_files_are_stored_privately(world, name, content, content_type):
    submission = submit(world["owner"], files=[upload(name, content, "text/html")])
    stored = submission.files.get()
    assert (stored.original_name, stored.size) == (name, len(content))
    assert stored.content_type.startswith(content_type)
    path = Path(stored.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert name not in str(path)
    assert path.read_bytes() == content
    assert stored_files() == [path]


def test_file_size_limit(world, settings):
    settings.SUBMISSION_MAX_FILE_BYTES = 1000
    at_limit = PDF + b" " * (1000 - len(PDF))
    with pytest.raises(AttendanceError) as refused:
        submit(world["owner"], files=[upload("big.pdf", at_limit + b" ")])
    assert refused.value.message == "“big.pdf” is larger than 1000\xa0bytes."
    assert (Submission.objects.count(), stored_files()) == (0, [])
    submission = submit(world["owner"], files=[upload("fits.pdf", at_limit)])
    assert list(submission.files.values_list("size", flat=True)) == [1000]


def test_at_most_the_allowed_number_of_files(world, settings):
    settings.SUBMISSION_MAX_FILES = 3
    with pytest.raises(AttendanceError) as refused:
        submit(world["owner"], files=[upload(f"{n}.pdf", PDF) for n in range(4)])
    assert refused.value.field == "files"
    assert (Submission.objects.count(), stored_files()) == (0, [])
    submission = submit(world["owner"], files=[upload(f"{n}.pdf", PDF) for n in range(2)])
    with pytest.raises(AttendanceError):
        submit(world["owner"], text="Changed", files=[upload(f"{n}.pdf", PDF) for n in range(2)])
    submission.refresh_from_db()
    assert (submission.text, submission.files.count(), len(stored_files())) == ("My clause.", 2, 2)
    submit(world["owner"], files=[upload("third.pdf", PDF)])
    assert submission.files.count() == 3


def test_a_bad_resubmission_changes_nothing(world):
    submission = submit(world["owner"], files=[upload("first.pdf", PDF)])
    submission_review(
        submission=submission, decision=NEEDS_REVISION, feedback="More.", by=world["admin"]
    )
    before = stored_files()
    with pytest.raises(AttendanceError):
        submit(world["owner"], text="New", files=[upload("b.pdf", PDF), upload("c.pdf", PNG)])
    submission.refresh_from_db()
    assert (submission.status, submission.text) == (NEEDS_REVISION, "My clause.")
    assert list(submission.files.values_list("original_name", flat=True)) == ["first.pdf"]
    assert stored_files() == before


def test_path_tricks_in_names_are_reduced_to_a_safe_basename(world):
    files = [
        ContentFile(b"root:x:0:0", name="../../etc/passwd.txt"),
        ContentFile(b"hello", name="..\\..\\windows\\win.ini.txt"),
        ContentFile(b"hello", name="re\r\nport\x00.txt"),
        ContentFile(b"hello", name="invoice\u202etxt.md"),
    ]
    submission = submit(world["owner"], files=files)
    assert list(submission.files.values_list("original_name", flat=True)) == [
        "passwd.txt",
        "win.ini.txt",
        "report.txt",
        "invoicetxt.md",
    ]
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    assert all(path.resolve().is_relative_to(root) for path in stored_files())
    assert len(stored_files()) == 4


def test_long_names_keep_their_extension():
    assert safe_file_name("a" * 300 + ".pdf") == "a" * 196 + ".pdf"
    assert safe_file_name("  ..  ") == ""
    assert safe_file_name("/") == ""


def test_a_file_is_removed_from_disk_after_commit(world, django_capture_on_commit_callbacks):
    submission = submit(world["owner"], files=[upload("a.pdf", PDF), upload("b.pdf", PDF)])
    first = submission.files.order_by("pk").first()
    path = Path(first.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        submission_file_remove(submission_file=first, by=world["owner"].user)
    assert list(submission.files.values_list("original_name", flat=True)) == ["b.pdf"]
    assert not path.exists()
    with pytest.raises(AttendanceError):
        submission_file_remove(submission_file=submission.files.get(), by=world["classmate"].user)


# --- The participant's page -------------------------------------------------------------


def page_url(enrolment):
    return reverse("practical:submit", args=[enrolment.pk])


def test_the_page_shows_the_assignment_and_the_form(client, world):
    owner = world["owner"]
    login(client, owner.user)
    response = client.get(page_url(owner))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<p>Draft one model clause.</p>" in content
    assert "London leaders" in content and "Union leaders" in content
    assert '<label for="id_text">Your answer</label>' in content
    assert '<label for="id_files">Add files</label>' in content
    assert 'type="file" name="files"' in content and "multiple" in content
    assert "Up to 5 files in all, each at most 10.0\xa0MB" in content
    assert 'enctype="multipart/form-data"' in content
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["classmate", "outsider", "withdrawn", "admin"])
def test_only_the_owner_sees_the_page(client, world, who):
    owner = world["owner"]
    if who == "withdrawn":
        # Their own page too: without a confirmed place there is nothing to submit.
        owner = _withdraw(world)
    person = world[who]
    login(client, getattr(person, "user", person))
    assert client.get(page_url(owner)).status_code == 404
    assert client.post(page_url(owner), {"text": "Hijack"}).status_code == 404
    assert Submission.objects.count() == 0


def test_anonymous_people_are_asked_to_sign_in(client, world):
    for response in (
        client.get(page_url(world["owner"])),
        client.post(page_url(world["owner"]), {"text": "Hijack"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("pk", [0, 2**31, 2**63 - 1, 2**63, 10**30])
def test_unknown_ids_are_404(client, world, pk):
    login(client, world["owner"].user)
    assert client.get(f"/practical/{pk}/").status_code == 404
    assert client.get(f"/practical/files/{pk}/").status_code == 404


def test_submitting_through_the_page(client, world):
    owner, classmate = world["owner"], world["classmate"]
    login(client, owner.user)
    response = client.post(
        page_url(owner),
        {
            "text": "<script>alert(1)</script> My clause",
            "files": [upload("clause.pdf", PDF), upload("../../etc/passwd.txt", b"notes")],
            "status": "accepted",
            "enrolment": classmate.pk,
            "user": classmate.user_id,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == page_url(owner)
    submission = Submission.objects.get()
    assert (submission.enrolment, submission.status) == (owner, SUBMITTED)
    assert list(submission.files.values_list("original_name", flat=True)) == [
        "clause.pdf",
        "passwd.txt",
    ]
    content = client.get(page_url(owner)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; My clause" in content
    assert "<script>alert(1)" not in content
    assert ">passwd.txt</a>" in content
    assert "Waiting for review" in content


def test_a_refused_upload_shows_why_and_saves_nothing(client, world):
    owner = world["owner"]
    login(client, owner.user)
    response = client.post(
        page_url(owner),
        {"text": "Mine", "files": [upload("clause.pdf", PDF), upload("photo.pdf", PNG)]},
    )
    assert response.status_code == 200
    assert "“photo.pdf” is not really a .pdf file" in response.content.decode()
    assert (Submission.objects.count(), stored_files()) == (0, [])
    response = client.post(page_url(owner), {"text": "", "files": [upload("e.pdf", b"")]})
    assert response.status_code == 200
    assert Submission.objects.count() == 0


def test_an_accepted_submission_has_no_form(client, world):
    owner = world["owner"]
    submission = submit(owner)
    submission_review(submission=submission, decision=ACCEPTED, feedback="", by=world["admin"])
    login(client, owner.user)
    content = client.get(page_url(owner)).content.decode()
    assert "has been accepted" in content and 'name="text"' not in content
    response = client.post(page_url(owner), {"text": "Changed"})
    assert response.status_code == 302
    assert Submission.objects.get().text == "My clause."


def test_feedback_history_is_shown_escaped(client, world):
    owner = world["owner"]
    submission = submit(owner)
    submission_review(
        submission=submission,
        decision=NEEDS_REVISION,
        feedback='<img src=x onerror="alert(1)">Say more.',
        by=world["eu_curator"],
    )
    login(client, owner.user)
    content = client.get(page_url(owner)).content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Say more." in content
    assert "<img src=x" not in content
    assert "Needs revision" in content and "Cora Curator" in content


def test_removing_a_file_through_the_page(client, world):
    owner = world["owner"]
    submission = submit(owner, files=[upload("a.pdf", PDF)])
    stored = submission.files.get()
    login(client, world["classmate"].user)
    url = reverse("practical:file_remove", args=[stored.pk])
    assert client.post(url).status_code == 404
    login(client, owner.user)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == page_url(owner)
    assert submission.files.count() == 0


# --- Downloads ---------------------------------------------------------------------------


@pytest.fixture
def stored(world):
    submission = submit(world["owner"], files=[upload("../../clause final.pdf", PDF)])
    return submission.files.get()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("classmate", 404),
        ("asia_coordinator", 404),
        ("withdrawn", 404),
        ("owner", 200),
        ("eu_coordinator", 200),
        ("eu_curator", 200),
        ("facilitator", 200),
        ("admin", 200),
    ],
)
def test_who_may_download_a_file(client, world, stored, who, status):
    if who != "anonymous":
        person = world[who]
        login(client, getattr(person, "user", person))
    response = client.get(reverse("practical:file", args=[stored.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF


def test_a_withdrawn_owner_loses_access(client, world):
    withdrawn = world["withdrawn"]
    submission = submit(withdrawn, files=[upload("mine.pdf", PDF)])
    _withdraw(world)
    login(client, withdrawn.user)
    url = reverse("practical:file", args=[submission.files.get().pk])
    assert client.get(url).status_code == 404


def test_the_download_is_a_private_attachment(client, world, stored):
    login(client, world["owner"].user)
    response = client.get(reverse("practical:file", args=[stored.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="clause final.pdf"'
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(PDF))


def test_behind_nginx_the_view_hands_the_file_over_with_x_accel(client, world, stored, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected/"
    login(client, world["owner"].user)
    response = client.get(reverse("practical:file", args=[stored.pk]))
    assert response["X-Accel-Redirect"] == f"/protected/{stored.file.name}"
    assert response.content == b""
    assert response["Content-Disposition"] == 'attachment; filename="clause final.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    client.logout()
    response = client.get(reverse("practical:file", args=[stored.pk]))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


# --- Admin ----------------------------------------------------------------------------------


INDEX = "practical_admin:index"


def review_url(submission):
    return reverse("practical_admin:review", args=[submission.pk])


def test_the_index_lists_the_reviewers_cohorts_waiting_first(client, world):
    accepted = submit(world["classmate"])
    submission_review(submission=accepted, decision=ACCEPTED, feedback="", by=world["admin"])
    waiting = submit(world["owner"])
    submit(world["outsider"])
    login(client, world["eu_curator"])
    response = client.get(reverse(INDEX))
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [(s.enrolment.user.full_name, s.status) for s in rows] == [
        ("Ana Owner", SUBMITTED),
        ("Bo Classmate", ACCEPTED),
    ]
    content = response.content.decode()
    assert review_url(waiting) in content and "Cai Outsider" not in content
    filtered = client.get(reverse(INDEX), {"status": ACCEPTED})
    assert [s.pk for s in filtered.context["page"].object_list] == [accepted.pk]
    by_cohort = client.get(reverse(INDEX), {"cohort": world["cohort"].pk})
    assert len(by_cohort.context["page"].object_list) == 2


@pytest.mark.parametrize("cohort", ["other", 0, -1, 2**63, "abc"])
def test_filtering_by_a_cohort_outside_the_scope_is_404(client, world, cohort):
    login(client, world["eu_coordinator"])
    value = world["other"].pk if cohort == "other" else cohort
    assert client.get(reverse(INDEX), {"cohort": value}).status_code == 404


def test_the_index_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    login(client, world["eu_coordinator"])
    submit(world["owner"], files=[upload("a.pdf", PDF)])
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(INDEX)).status_code == 200
    for _ in range(12):
        enrolment = participant(world["cohort"])
        submit(enrolment, files=[upload("a.pdf", PDF), upload("b.pdf", PDF)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(INDEX))
    assert len(response.context["page"].object_list) == 13


def test_the_review_page_shows_everything_escaped(client, world):
    submission = submit(
        world["owner"],
        text='<script>alert("x")</script>My clause',
        files=[upload("clause.pdf", PDF)],
    )
    submission_review(
        submission=submission, decision=NEEDS_REVISION, feedback="Say more.", by=world["admin"]
    )
    submission = submit(world["owner"], text='<script>alert("x")</script>My clause')
    login(client, world["facilitator"])
    response = client.get(review_url(submission))
    assert response.status_code == 200
    content = response.content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;My clause" in content
    assert '<script>alert("x")' not in content
    assert "ana@example.org" in content and "Draft one model clause." in content
    assert reverse("practical:file", args=[submission.files.get().pk]) in content
    assert "Say more." in content and "Programme Admin" in content
    assert 'name="decision"' in content and 'name="feedback"' in content


def test_deciding_in_the_admin(client, world, django_capture_on_commit_callbacks):
    submission = submit(world["owner"])
    login(client, world["eu_curator"])
    response = client.post(review_url(submission), {"decision": NEEDS_REVISION, "feedback": ""})
    assert response.status_code == 200
    assert "Say what needs to change" in response.content.decode()
    assert Submission.objects.get().status == SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review_url(submission),
            {"decision": NEEDS_REVISION, "feedback": "Name the employer.", "status": ACCEPTED},
        )
    assert response["Location"] == reverse(INDEX)
    submission.refresh_from_db()
    assert (submission.status, submission.feedback) == (NEEDS_REVISION, "Name the employer.")
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    response = client.post(review_url(submission), {"decision": ACCEPTED})
    assert "Only a submission waiting for review can be reviewed." in response.content.decode()
    assert Submission.objects.get().status == NEEDS_REVISION


@pytest.mark.parametrize("who", ["asia_coordinator", "outsider_id"])
def test_a_submission_outside_the_scope_is_404(client, world, who):
    submission = submit(world["owner"])
    login(client, world["asia_coordinator"])
    url = review_url(submission)
    if who == "outsider_id":
        url = reverse("practical_admin:review", args=[submit(world["outsider"]).pk + 1000])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": ACCEPTED}).status_code == 404
    assert Submission.objects.get(pk=submission.pk).status == SUBMITTED


@pytest.mark.parametrize("pk", ["0", "-1", str(2**63), "abc"])
def test_bad_ids_in_the_admin_are_404(client, world, pk):
    login(client, world["admin"])
    assert client.get(f"/admin/practical/{pk}/").status_code == 404


def test_people_who_review_nothing_are_turned_away(client, world):
    lonely = staff_user(StaffRole.FACILITATOR, full_name="Lonely Facilitator")
    login(client, lonely)
    response = client.get(reverse(INDEX))
    # Wagtail sends people to the dashboard with "you do not have permission".
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    login(client, world["owner"].user)
    response = client.get(reverse(INDEX))
    assert response.status_code == 302  # no admin access at all
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("admin", True),
        ("eu_coordinator", True),
        ("asia_coordinator", True),
        ("eu_curator", True),
        ("facilitator", True),
        ("lonely", False),
        ("owner", False),
    ],
)
def test_the_menu_item_is_shown_to_reviewers(world, who, shown):
    if who == "lonely":
        person = staff_user(StaffRole.FACILITATOR, full_name="Lonely Facilitator")
    else:
        person = world[who]
        person = getattr(person, "user", person)
    request = RequestFactory().get("/admin/")
    request.user = person
    assert register_practical_menu_item().is_shown(request) is shown


# --- Races (PostgreSQL: SQLite serialises writers, so row locks are never contended) ----


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_stay_within_the_file_limit(world, settings):
    settings.SUBMISSION_MAX_FILES = 5
    owner = world["owner"]
    batches = [[upload(f"{n}-{i}.pdf", PDF) for i in range(2)] for n in range(6)]
    outcomes = at_once(
        [
            lambda files=files: submit(Enrolment.objects.get(pk=owner.pk), files=files)
            for files in batches
        ],
        refused=AttendanceError,
    )
    assert sorted(map(str, outcomes)) == [
        "done",
        "done",
        "refused",
        "refused",
        "refused",
        "refused",
    ]
    assert (Submission.objects.count(), SubmissionFile.objects.count()) == (1, 4)
    assert len(stored_files()) == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_reviews_record_one_decision(world):
    submission = submit(world["owner"])
    reviewers = [world["eu_coordinator"], world["eu_curator"], world["facilitator"], world["admin"]]
    outcomes = at_once(
        [
            lambda by=by: submission_review(
                submission=Submission.objects.get(pk=submission.pk),
                decision=NEEDS_REVISION,
                feedback=f"From {by.full_name}.",
                by=by,
            )
            for by in reviewers
        ],
        refused=AttendanceError,
    )
    assert sorted(map(str, outcomes)) == ["done", "refused", "refused", "refused"]
    assert SubmissionReview.objects.count() == 1
    assert OutboxMessage.objects.filter(key__startswith="practical-review:").count() == 1


def test_a_decision_on_content_the_reviewer_has_not_seen_is_refused(client, world):
    submission = submit(world["owner"], text="First draft")
    login(client, world["facilitator"])
    seen = client.get(review_url(submission)).context["seen"]
    # While the page is open, the participant replaces the text and adds a file.
    submit(world["owner"], text="Second draft", files=[upload("clause.pdf", PDF)])
    response = client.post(review_url(submission), {"decision": "accepted", "seen": seen})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The participant changed their submission while you were reviewing it. Nothing was "
        "decided: read it again, then decide."
    ]
    submission.refresh_from_db()
    assert (submission.status, submission.reviews.count()) == ("submitted", 0)
    fresh = client.get(review_url(submission)).context["seen"]
    assert fresh != seen
    response = client.post(review_url(submission), {"decision": "accepted", "seen": fresh})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "accepted"
