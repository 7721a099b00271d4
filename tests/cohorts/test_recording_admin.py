"""Recordings in the admin: the resumable upload and its checks, link recordings, captions,
chapters, transcript, publishing with the consent status, deleting, and who may do any of it."""

import os
import re
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts import tasks
from cohorts.admin_recordings import register_recordings_menu_item
from cohorts.domain.recording_editing import agenda_chapters
from cohorts.domain.recording_upload import (
    media_container,
    recording_upload_find,
    recording_upload_start,
    recording_uploads_purge,
    uploads_root,
)
from cohorts.enums import ProcessingStatus, RecordingSource, Visibility
from cohorts.forms_recordings import parse_timestamp
from cohorts.models import Enrolment, Recording, RecordingCaption, RecordingChapter
from lms.enums import StaffRole
from tests.factories import RegionFactory, staff_user
from tests.factories.cohorts import held_cohort, participant

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 12
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 200
OGG = b"OggS\x00\x02" + b"\x00" * 200
MP3_ID3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 200
MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 200
WAV = b"RIFF\x24\x08\x00\x00WAVEfmt " + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 3000
VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nBienvenue au séminaire.\n".encode()
KEEP = (date.today() + timedelta(days=30)).isoformat()


@pytest.fixture(autouse=True)
def queued(monkeypatch):
    """Processing runs ffmpeg and is tested with the processing code; here it is enough to see
    it queued."""
    calls = []

    def apply_async(args=(), kwargs=None, **options):
        calls.extend(args)

    monkeypatch.setattr(tasks.process_recording, "apply_async", apply_async)
    return calls


@pytest.fixture
def world(curriculum):
    leaders = curriculum.tracks["leaders"]
    europe = RegionFactory(name="Europe", slug="europe")
    asia = RegionFactory(name="Asia-Pacific", slug="asia-pacific")
    cohort = held_cohort(leaders, days_ago=14, region=europe, title="London leaders")
    other = held_cohort(leaders, days_ago=14, region=asia, title="Manila leaders")
    facilitator = staff_user(StaffRole.FACILITATOR, asia, full_name="Fran Facilitator")
    cohort.facilitators.add(facilitator)
    other_facilitator = staff_user(StaffRole.FACILITATOR, asia, full_name="Otto Facilitator")
    other.facilitators.add(other_facilitator)
    world = {
        "cohort": cohort,
        "other": other,
        "session": cohort.sessions.get(seminar_number=1),
        "member": participant(cohort, full_name="Ana Member").user,
        "facilitator": facilitator,
        "other_facilitator": other_facilitator,
        "coordinator": staff_user(StaffRole.COORDINATOR, europe, full_name="Eve Coordinator"),
        "asia_coordinator": staff_user(StaffRole.COORDINATOR, asia, full_name="Ari Coordinator"),
        "admin": staff_user(StaffRole.PROGRAMME_ADMIN, full_name="Programme Admin"),
    }
    Enrolment.objects.update(recording_consent=True)
    return world


def make_recording(session, **fields) -> Recording:
    values = {
        "session": session,
        "title": "Seminar 1",
        "language": "en",
        "keep_until": date.today() + timedelta(days=30),
        "media_type": "video/mp4",
        "media_size": len(MP4),
        **fields,
    }
    recording = Recording(**values)
    if recording.source == RecordingSource.FILE:
        recording.media.save("seminar.mp4", ContentFile(MP4), save=False)
    recording.save()
    return recording


def start(client, session, name="seminar.mp4", size=None):
    size = len(MP4) if size is None else size
    url = reverse("recordings_admin:upload_start", args=[session.pk])
    return client.post(url, {"name": name, "size": str(size)})


def send(client, url, data: bytes, first: int, total: int, end: int | None = None):
    end = first + len(data) - 1 if end is None else end
    return client.post(
        url,
        data=data,
        content_type="application/octet-stream",
        headers={"Content-Range": f"bytes {first}-{end}/{total}"},
    )


def upload_in_chunks(client, session, content, name="seminar.mp4", size=1000):
    opened = start(client, session, name=name, size=len(content))
    assert opened.status_code == 201, opened.content
    url = opened.json()["url"]
    answer = None
    for first in range(0, len(content), size):
        answer = send(client, url, content[first : first + size], first, len(content))
    return opened.json()["token"], url, answer


def add_url(session):
    return reverse("recordings_admin:add", args=[session.pk])


def details(**fields):
    return {"title": "Seminar 1", "language": "en", "source": "file", "keep_until": KEEP, **fields}


def stored_files() -> list[str]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    files = root.rglob("*") if root.exists() else []
    return sorted(str(p.relative_to(root)) for p in files if p.is_file())


# --- Content checks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "container"),
    [
        (MP4, "isobmff"),
        (WEBM, "matroska"),
        (OGG, "ogg"),
        (MP3_ID3, "mpeg_audio"),
        (MP3_FRAME, "mpeg_audio"),
        (WAV, "wave"),
        (PNG, None),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", None),
        (b"%PDF-1.7", None),
        (b"RIFF\x00\x00\x00\x00AVI ", None),
        (b"", None),
    ],
)
def test_containers_are_recognised_by_their_first_bytes(head, container):
    assert media_container(head[:16]) == container


# --- Chunked upload -------------------------------------------------------------------------


def test_a_chunked_upload_becomes_the_recordings_file(
    client, world, queued, django_capture_on_commit_callbacks
):
    client.force_login(world["facilitator"])
    token, url, last = upload_in_chunks(client, world["session"], MP4)
    assert last.status_code == 200
    assert last.json() == {"offset": len(MP4), "total": len(MP4), "complete": True}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add_url(world["session"]),
            details(upload=token, status="ready", uploaded_by=world["admin"].pk),
        )
    recording = Recording.objects.get()
    assert response["Location"] == reverse("recordings_admin:edit", args=[recording.pk])
    assert (recording.source, recording.media_type, recording.media_size) == (
        RecordingSource.FILE,
        "video/mp4",
        len(MP4),
    )
    assert (recording.processing_status, recording.uploaded_by) == (
        ProcessingStatus.PENDING,
        world["facilitator"],
    )
    assert re.fullmatch(r"recordings/[0-9a-f]{32}", recording.media.name)
    with recording.media.open("rb") as handle:
        assert handle.read() == MP4
    assert queued == [recording.pk]
    # The partial upload's folder is gone once the recording is committed.
    assert stored_files() == [recording.media.name]
    assert client.get(url).status_code == 404


def test_a_chunk_at_the_wrong_offset_gets_409_with_the_offset(client, world):
    client.force_login(world["facilitator"])
    url = start(client, world["session"]).json()["url"]
    assert send(client, url, MP4[:1000], 0, len(MP4)).status_code == 200
    for first in (0, 500, 2000):
        answer = send(client, url, MP4[first : first + 100], first, len(MP4))
        assert answer.status_code == 409
        assert answer.json() == {"offset": 1000, "total": len(MP4), "complete": False}
        assert answer["Upload-Offset"] == "1000"
    head = client.head(url)
    assert (head.status_code, head["Upload-Offset"]) == (200, "1000")


def test_an_interrupted_upload_resumes_and_completes_the_same_file(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["facilitator"])
    url = start(client, world["session"]).json()["url"]
    assert send(client, url, MP4[:1000], 0, len(MP4)).status_code == 200
    # The connection drops mid-chunk: the part that arrived is dropped whole.
    cut = send(client, url, MP4[1000:1400], 1000, len(MP4), end=1999)
    assert cut.status_code == 400
    # Bytes beyond what the range announced are refused too.
    long = send(client, url, MP4[1000:2100], 1000, len(MP4), end=1999)
    assert long.status_code == 400
    # After a reload the page asks where to continue.
    assert client.get(url).json() == {"offset": 1000, "total": len(MP4), "complete": False}
    token = url.rstrip("/").rsplit("/", 1)[1]
    for first in range(1000, len(MP4), 700):
        assert send(client, url, MP4[first : first + 700], first, len(MP4)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(add_url(world["session"]), details(upload=token))
    with Recording.objects.get().media.open("rb") as handle:
        assert handle.read() == MP4


@pytest.mark.parametrize(
    ("name", "size", "status", "message"),
    [
        ("notes.pdf", 100, 400, "is not an audio or video file we accept"),
        ("seminar", 100, 400, "is not an audio or video file we accept"),
        ("seminar.mp4", 0, 400, "is empty"),
        ("seminar.mp4", 1001, 413, "is larger than"),
        ("seminar.mp4", 2**63, 413, "is larger than"),
        ("seminar.mp4", "many", 400, "Say how large the file is"),
        ("seminar.mp4", "-5", 400, "Say how large the file is"),
    ],
)
def test_uploads_refused_before_any_byte_is_stored(
    client, world, settings, name, size, status, message
):
    settings.RECORDING_MAX_BYTES = 1000
    client.force_login(world["facilitator"])
    answer = start(client, world["session"], name=name, size=size)
    assert answer.status_code == status
    assert message in answer.json()["error"]
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "content"),
    [("slides.mp4", PNG), ("webm-called.mp4", WEBM), ("audio.mp3", WAV), ("notes.wav", b"x" * 300)],
)
def test_content_that_is_not_what_the_extension_says_is_refused_at_the_end(
    client, world, name, content
):
    client.force_login(world["facilitator"])
    token, url, last = upload_in_chunks(client, world["session"], content, name=name)
    assert last.status_code == 400
    assert "is not really a" in last.json()["error"]
    assert client.get(url).status_code == 404
    assert stored_files() == []
    response = client.post(add_url(world["session"]), details(upload=token))
    assert response.status_code == 200
    assert Recording.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [("talk.webm", WEBM), ("talk.ogg", OGG), ("talk.mp3", MP3_FRAME), ("talk.m4a", MP4)],
)
def test_each_container_is_accepted_with_its_extension(client, world, name, content):
    client.force_login(world["facilitator"])
    *_, last = upload_in_chunks(client, world["session"], content, name=name)
    assert last.json()["complete"] is True


def test_the_size_is_checked_again_at_the_end(client, world, settings):
    settings.RECORDING_MAX_BYTES = len(MP4)
    client.force_login(world["facilitator"])
    url = start(client, world["session"]).json()["url"]
    settings.RECORDING_MAX_BYTES = len(MP4) - 1
    answer = send(client, url, MP4, 0, len(MP4))
    assert (answer.status_code, "is larger than" in answer.json()["error"]) == (413, True)
    assert stored_files() == []


def test_ranges_that_do_not_fit_the_upload(client, world):
    client.force_login(world["facilitator"])
    url = start(client, world["session"]).json()["url"]
    no_range = client.post(url, data=MP4[:10], content_type="application/octet-stream")
    assert no_range.status_code == 400
    assert send(client, url, MP4[:10], 0, len(MP4) + 1).status_code == 400  # another total
    assert send(client, url, MP4[:10], 0, len(MP4), end=len(MP4)).status_code == 400
    assert client.get(url).json()["offset"] == 0


def test_without_javascript_the_whole_file_goes_with_the_form(
    client, world, queued, django_capture_on_commit_callbacks
):
    client.force_login(world["facilitator"])
    upload = SimpleUploadedFile("../../etc/passwd.mp4", MP4, content_type="text/html")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add_url(world["session"]), details(media=upload))
    recording = Recording.objects.get()
    assert response.status_code == 302
    # The name someone gave the file reaches no path: stored names are random.
    assert re.fullmatch(r"recordings/[0-9a-f]{32}", recording.media.name)
    assert stored_files() == [recording.media.name]
    assert (recording.media_type, queued) == ("video/mp4", [recording.pk])


def test_without_javascript_one_byte_over_the_limit_or_empty_is_refused(client, world, settings):
    settings.RECORDING_MAX_BYTES = len(MP4) - 1
    client.force_login(world["facilitator"])
    big = SimpleUploadedFile("seminar.mp4", MP4)
    response = client.post(add_url(world["session"]), details(media=big, title="Kept title"))
    assert response.status_code == 200
    assert "is larger than" in response.content.decode()
    assert "Kept title" in response.content.decode()
    empty = SimpleUploadedFile("seminar.mp4", b"")
    response = client.post(add_url(world["session"]), details(media=empty))
    assert "“seminar.mp4” is empty." in response.content.decode()
    assert (Recording.objects.count(), stored_files()) == (0, [])


def test_a_file_sent_with_a_wrong_form_is_kept_for_the_next_try(client, world):
    client.force_login(world["facilitator"])
    response = client.post(
        add_url(world["session"]), details(media=SimpleUploadedFile("a.mp4", MP4), title="")
    )
    assert response.status_code == 200
    token = response.context["uploaded"].token
    assert f'name="upload" value="{token}"' in response.content.decode()
    response = client.post(add_url(world["session"]), details(upload=token))
    assert response.status_code == 302
    assert Recording.objects.get().media_size == len(MP4)


def test_uploads_belong_to_their_uploader_and_session(client, world):
    client.force_login(world["facilitator"])
    token, url, _last = upload_in_chunks(client, world["session"], MP4)
    client.force_login(world["coordinator"])  # manages the cohort, but did not upload it
    assert client.get(url).status_code == 404
    assert send(client, url, MP4[:10], 0, len(MP4)).status_code == 404
    response = client.post(add_url(world["session"]), details(upload=token))
    assert "Upload the recording&#x27;s file." in response.content.decode()
    client.force_login(world["facilitator"])
    second = world["cohort"].sessions.get(seminar_number=2)
    response = client.post(add_url(second), details(upload=token))
    assert response.status_code == 200
    assert Recording.objects.count() == 0


def test_names_given_to_files_never_reach_a_path(world):
    upload = recording_upload_start(
        session=world["session"],
        by=world["facilitator"],
        file_name="..\\..\\x/../evil\r\n.mp4",
        total=10,
    )
    assert upload.folder.parent == uploads_root()
    assert re.fullmatch(r"[0-9a-f]{32}", upload.folder.name)
    assert upload.name == "evil.mp4"
    assert stored_files() == [f"uploads/{upload.token}/data", f"uploads/{upload.token}/meta.json"]


@pytest.mark.parametrize("token", ["0" * 32, "../../etc", "A" * 32, "a" * 33, "%2e%2e"])
def test_unknown_or_malformed_tokens_are_404(client, world, token):
    client.force_login(world["admin"])
    assert client.get(f"/admin/recordings/uploads/{token}/").status_code == 404


def test_stale_uploads_are_purged(world):
    old = recording_upload_start(
        session=world["session"], by=world["facilitator"], file_name="a.mp4", total=10
    )
    fresh = recording_upload_start(
        session=world["session"], by=world["facilitator"], file_name="b.mp4", total=10
    )
    long_ago = time.time() - 2 * 86400
    for path in (old.folder, *old.folder.iterdir()):
        os.utime(path, (long_ago, long_ago))
    assert recording_uploads_purge() == 1
    assert [p.name for p in uploads_root().iterdir()] == [fresh.token]
    assert recording_upload_find(token=old.token, by=world["facilitator"]) is None


# --- Details and links ----------------------------------------------------------------------


def test_the_add_form_offers_the_cohorts_language_and_the_keeping_time(client, world, settings):
    settings.RECORDING_KEEP_DAYS = 10
    world["cohort"].language = "fr"
    world["cohort"].save(update_fields=["language"])
    client.force_login(world["facilitator"])
    form = client.get(add_url(world["session"])).context["form"]
    assert form.initial["language"] == "fr"
    assert form.initial["keep_until"] == timezone.localdate() + timedelta(days=10)
    assert form.initial["title"] == "Seminar 1: Union leaders seminar 1"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://example.org/video", "data:text/html,<b>x</b>", "", "https://"],
)
def test_links_must_be_web_addresses(client, world, url):
    client.force_login(world["facilitator"])
    response = client.post(add_url(world["session"]), details(source="link", external_url=url))
    assert response.status_code == 200
    assert response.context["form"].errors["external_url"]
    assert Recording.objects.count() == 0


def test_a_link_recording_needs_no_processing(
    client, world, queued, django_capture_on_commit_callbacks
):
    client.force_login(world["facilitator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            add_url(world["session"]),
            details(source="link", external_url="https://video.example.org/watch?v=42"),
        )
    recording = Recording.objects.get()
    assert (recording.source, recording.external_url, recording.processing_status) == (
        RecordingSource.LINK,
        "https://video.example.org/watch?v=42",
        ProcessingStatus.READY,
    )
    assert (queued, stored_files()) == ([], [])


def test_details_are_checked(client, world):
    client.force_login(world["facilitator"])
    past = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(
        add_url(world["session"]),
        details(source="link", external_url="https://example.org/v", keep_until=past),
    )
    assert "Keep it until today or a later day." in response.content.decode()
    response = client.post(
        add_url(world["session"]),
        details(source="link", external_url="https://example.org/v", language="xx"),
    )
    assert response.context["form"].errors["language"]
    assert Recording.objects.count() == 0


def test_replacing_the_file_lapses_the_approval_and_deletes_the_old_file(
    client, world, queued, django_capture_on_commit_callbacks
):
    recording = make_recording(
        world["session"],
        visibility=Visibility.MEMBERS,
        approved_by=world["coordinator"],
        approved_at=timezone.now(),
        processing_status=ProcessingStatus.READY,
        duration_seconds=90,
    )
    old = recording.media.name
    client.force_login(world["facilitator"])
    token, *_ = upload_in_chunks(client, world["session"], WEBM, name="better.webm")
    edit = reverse("recordings_admin:edit", args=[recording.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, details(upload=token, title="Seminar 1, again"))
    recording.refresh_from_db()
    assert (recording.title, recording.media_type, recording.processing_status) == (
        "Seminar 1, again",
        "video/webm",
        ProcessingStatus.PENDING,
    )
    assert (recording.approved_at, recording.duration_seconds, queued) == (
        None,
        None,
        [recording.pk],
    )
    assert stored_files() == [recording.media.name] and old != recording.media.name
    # The title alone changes nothing else.
    client.post(edit, details(title="Final title"))
    recording.refresh_from_db()
    assert (recording.title, recording.processing_status) == (
        "Final title",
        ProcessingStatus.PENDING,
    )


# --- Listing --------------------------------------------------------------------------------


INDEX = "recordings_admin:index"


def test_the_listing_shows_status_problems_and_visibility(client, world):
    make_recording(world["session"], title="Fine", processing_status=ProcessingStatus.READY)
    make_recording(
        world["session"],
        title="Broken",
        processing_status=ProcessingStatus.FAILED,
        processing_error="ffprobe could not read the file",
        visibility=Visibility.PUBLIC,
    )
    make_recording(world["other"].sessions.first(), title="Elsewhere")
    client.force_login(world["facilitator"])
    response = client.get(reverse(INDEX))
    assert [r.title for r in response.context["page"].object_list] == ["Broken", "Fine"]
    content = response.content.decode()
    assert "ffprobe could not read the file" in content
    assert "Asked for: Everyone (public), waiting for a coordinator's approval" in content
    assert "Elsewhere" not in content


def test_the_listing_filters_by_cohort_and_leads_to_adding(client, world):
    make_recording(world["session"])
    client.force_login(world["admin"])
    response = client.get(reverse(INDEX), {"cohort": world["other"].pk})
    assert list(response.context["page"].object_list) == []
    assert [s.seminar_number for s in response.context["sessions"]] == [1, 2]
    session = world["other"].sessions.first()
    response = client.get(reverse(INDEX), {"session": session.pk})
    assert response["Location"] == add_url(session)


@pytest.mark.parametrize("value", ["other", 0, -1, 2**63, "abc"])
def test_the_listing_hides_other_cohorts_and_sessions(client, world, value):
    client.force_login(world["coordinator"])
    other = world["other"]
    cohort = other.pk if value == "other" else value
    session = other.sessions.first().pk if value == "other" else value
    assert client.get(reverse(INDEX), {"cohort": cohort}).status_code == 404
    assert client.get(reverse(INDEX), {"session": session}).status_code == 404


def test_the_listing_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world["coordinator"])
    for _ in range(2):
        make_recording(world["session"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(INDEX)).status_code == 200
    for number in range(8):
        recording = make_recording(world["session"], uploaded_by=world["facilitator"])
        caption = RecordingCaption(recording=recording, language="fr" if number % 2 else "es")
        caption.file.save("c.vtt", ContentFile(VTT))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(INDEX))
    assert len(response.context["page"].object_list) == 10


@pytest.mark.parametrize(
    ("who", "shown"),
    [("facilitator", True), ("coordinator", True), ("lonely", False), ("member", False)],
)
def test_the_menu_item_is_shown_to_the_cohorts_staff(world, who, shown):
    person = staff_user(StaffRole.FACILITATOR) if who == "lonely" else world[who]
    request = RequestFactory().get("/admin/")
    request.user = person
    assert register_recordings_menu_item().is_shown(request) is shown


# --- Captions, chapters, transcript ---------------------------------------------------------


def captions_url(recording):
    return reverse("recordings_admin:captions", args=[recording.pk])


def test_captions_are_saved_and_replaced_per_language(
    client, world, django_capture_on_commit_callbacks
):
    recording = make_recording(world["session"])
    client.force_login(world["facilitator"])
    url = captions_url(recording)
    bom = b"\xef\xbb\xbf" + VTT
    client.post(url, {"language": "fr", "file": SimpleUploadedFile("fr.vtt", bom)})
    first = RecordingCaption.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"language": "fr", "file": SimpleUploadedFile("FR.VTT", VTT)})
    assert response.status_code == 302
    caption = RecordingCaption.objects.get()
    assert caption.language == "fr" and caption.file.name != first
    with caption.file.open("rb") as handle:
        assert handle.read() == VTT
    assert first not in stored_files()
    content = client.get(url).content.decode()
    assert "Remove the French captions" in content and f'value="{caption.pk}"' in content
    other = make_recording(world["other"].sessions.first())
    other_caption = RecordingCaption(recording=other, language="fr")
    other_caption.file.save("c.vtt", ContentFile(VTT))
    assert client.post(url, {"remove": other_caption.pk}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"remove": caption.pk})
    assert list(RecordingCaption.objects.values_list("recording", flat=True)) == [other.pk]
    assert recording.media.name in stored_files()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fr.vtt", b"1\n00:00:00,000 --> 00:00:02,000\nHello\n", "must start with “WEBVTT”"),
        ("fr.vtt", b"WEBVTTX\n", "must start with “WEBVTT”"),
        ("fr.vtt", "WEBVTT\n\nSéminaire".encode("latin-1"), "is not written in UTF-8"),
        ("fr.vtt", b"WEBVTT\n" + b"a" * 100, "is larger than"),
        ("fr.srt", VTT, "is not a WebVTT file (.vtt)"),
        ("fr.vtt.html", VTT, "is not a WebVTT file (.vtt)"),
        ("fr.vtt", b"", "is empty"),
    ],
)
def test_bad_captions_are_refused(client, world, settings, name, content, message):
    settings.CAPTION_MAX_BYTES = 100
    recording = make_recording(world["session"])
    client.force_login(world["facilitator"])
    response = client.post(
        captions_url(recording), {"language": "fr", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (RecordingCaption.objects.count(), stored_files()) == (0, [recording.media.name])


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("0:00", 0), ("12:05", 725), ("75:00", 4500), ("1:05:30", 3930), (" 2:00:00 ", 7200)],
)
def test_chapter_times_are_read(text, seconds):
    assert parse_timestamp(text) == seconds


@pytest.mark.parametrize(
    "text", ["", "5", "1:60", "1:5", "1:60:00", "-1:00", "1:00:00:00", "١:٠٠", "a:bc"]
)
def test_bad_chapter_times_are_refused(text):
    from django import forms

    with pytest.raises(forms.ValidationError):
        parse_timestamp(text)


def chapter_data(rows, total=None):
    data = {"form-TOTAL_FORMS": str(total or len(rows)), "form-INITIAL_FORMS": "0"}
    for index, (time_text, title) in enumerate(rows):
        data[f"form-{index}-time"] = time_text
        data[f"form-{index}-title"] = title
    return data


def test_chapters_are_suggested_from_the_agenda_and_saved(client, world):
    module = world["session"].module
    module.agenda = [
        {
            "type": "item",
            "value": {
                "title": "Opening round",
                "kind": "discussion",
                "minutes": 20,
                "description": "",
            },
        },
        {
            "type": "item",
            "value": {
                "title": "Surveillance at work",
                "kind": "discussion",
                "minutes": 40,
                "description": "",
            },
        },
    ]
    module.save()
    assert agenda_chapters(module) == [(0, "Opening round"), (1200, "Surveillance at work")]
    recording = make_recording(world["session"], duration_seconds=3600)
    client.force_login(world["facilitator"])
    url = reverse("recordings_admin:chapters", args=[recording.pk])
    response = client.get(url)
    assert [f.initial for f in response.context["formset"].initial_forms] == [
        {"time": "0:00", "title": "Opening round"},
        {"time": "20:00", "title": "Surveillance at work"},
    ]
    assert '<option value="Surveillance at work">' in response.content.decode()
    rows = [("20:30", "Surveillance at work"), ("0:15", "Opening round"), ("", "")]
    assert client.post(url, chapter_data(rows)).status_code == 302
    assert list(recording.chapters.values_list("starts_at_second", "title")) == [
        (15, "Opening round"),
        (1230, "Surveillance at work"),
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("1:00:00", "After the end")], "starts after the end of the recording (1:00:00)"),
        ([("1:00", "One"), ("1:00", "Two")], "Two chapters start at 1:00."),
        ([("1:00", "")], "Name the agenda item."),
        ([("", "No time")], "Say when it starts."),
        ([("1:5", "Bad")], "Write the time as H:MM:SS or M:SS"),
    ],
)
def test_bad_chapters_change_nothing(client, world, rows, message):
    recording = make_recording(world["session"], duration_seconds=3600)
    RecordingChapter.objects.create(recording=recording, starts_at_second=5, title="Kept")
    client.force_login(world["facilitator"])
    url = reverse("recordings_admin:chapters", args=[recording.pk])
    response = client.post(url, chapter_data(rows))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(recording.chapters.values_list("title", flat=True)) == ["Kept"]


def test_too_many_chapter_rows_are_refused(client, world):
    recording = make_recording(world["session"])
    client.force_login(world["facilitator"])
    url = reverse("recordings_admin:chapters", args=[recording.pk])
    response = client.post(url, chapter_data([("0:01", "x")], total=10_000))
    assert response.status_code == 200
    assert RecordingChapter.objects.count() == 0


def test_the_transcript_is_saved_limited_and_shown_escaped(client, world):
    recording = make_recording(world["session"])
    client.force_login(world["facilitator"])
    url = reverse("recordings_admin:transcript", args=[recording.pk])
    text = '<script>alert("x")</script>\r\nWe talked about the depot.'
    assert client.post(url, {"transcript": text}).status_code == 302
    recording.refresh_from_db()
    assert recording.transcript == '<script>alert("x")</script>\nWe talked about the depot.'
    content = client.get(url).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    assert '<script>alert("x")' not in content
    response = client.post(url, {"transcript": "a" * 500_001})
    assert response.status_code == 200
    recording.refresh_from_db()
    assert recording.transcript.startswith("<script>")


# --- Publishing and deleting ----------------------------------------------------------------


def publish_url(recording):
    return reverse("recordings_admin:publish", args=[recording.pk])


def test_a_facilitator_cannot_publish_beyond_the_cohort(client, world):
    recording = make_recording(world["session"])
    client.force_login(world["facilitator"])
    response = client.post(publish_url(recording), {"visibility": Visibility.MEMBERS})
    assert response.status_code == 200
    assert (
        "Only a coordinator can publish a recording beyond its cohort." in response.content.decode()
    )
    recording.refresh_from_db()
    assert (recording.visibility, recording.approved_at) == (Visibility.COHORT, None)


def test_a_coordinator_publishes_beyond_the_cohort(client, world):
    recording = make_recording(world["session"])
    client.force_login(world["coordinator"])
    response = client.post(publish_url(recording), {"visibility": Visibility.TRACK, "user": 1})
    assert response.status_code == 302
    recording.refresh_from_db()
    assert (recording.visibility, recording.approved_by) == (Visibility.TRACK, world["coordinator"])


def test_public_with_refusals_needs_the_confirmation(client, world):
    refusing = participant(world["cohort"], full_name='<img src=x onerror="alert(1)">Bo')
    participant(world["cohort"], full_name="Cy Refuser")
    Enrolment.objects.filter(user__full_name__in=[refusing.user.full_name, "Cy Refuser"]).update(
        recording_consent=False
    )
    recording = make_recording(world["session"])
    client.force_login(world["coordinator"])
    content = client.get(publish_url(recording)).content.decode()
    assert "2 people in this cohort refused to be recorded:" in content
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Bo" in content
    assert '<img src=x onerror="alert(1)">' not in content
    response = client.post(publish_url(recording), {"visibility": Visibility.PUBLIC})
    assert "Confirm that they are not in this recording" in response.content.decode()
    recording.refresh_from_db()
    assert recording.visibility == Visibility.COHORT
    response = client.post(
        publish_url(recording), {"visibility": Visibility.PUBLIC, "refusals_absent": "on"}
    )
    assert response.status_code == 302
    recording.refresh_from_db()
    assert (recording.visibility, recording.refusals_confirmed_by) == (
        Visibility.PUBLIC,
        world["coordinator"],
    )


def test_everyone_agreed_is_said_plainly(client, world):
    recording = make_recording(world["session"])
    client.force_login(world["facilitator"])
    content = client.get(publish_url(recording)).content.decode()
    assert "Everyone in the cohort agreed to be recorded." in content
    assert "refusals_absent" not in content


def test_only_coordinators_delete_and_the_files_go_after_commit(
    client, world, django_capture_on_commit_callbacks
):
    recording = make_recording(world["session"])
    caption = RecordingCaption(recording=recording, language="en")
    caption.file.save("c.vtt", ContentFile(VTT))
    url = reverse("recordings_admin:delete", args=[recording.pk])
    client.force_login(world["facilitator"])
    assert client.post(url).status_code == 302
    assert Recording.objects.count() == 1 and len(stored_files()) == 2
    edit = reverse("recordings_admin:edit", args=[recording.pk])
    assert client.get(edit).context["can_delete"] is False
    client.force_login(world["coordinator"])
    assert client.get(edit).context["can_delete"] is True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == f"{reverse(INDEX)}?cohort={world['cohort'].pk}"
    assert (Recording.objects.count(), stored_files()) == (0, [])


# --- Who may reach any of it ----------------------------------------------------------------

RECORDING_PAGES = ["edit", "captions", "chapters", "transcript", "publish", "delete"]


@pytest.mark.parametrize("who", ["asia_coordinator", "other_facilitator"])
@pytest.mark.parametrize("page", [*RECORDING_PAGES, "add", "upload_start", "upload"])
def test_outsiders_get_404_everywhere(client, world, who, page):
    recording = make_recording(world["session"])
    client.force_login(world["facilitator"])
    token = start(client, world["session"]).json()["token"]
    if page == "upload":
        url = reverse("recordings_admin:upload", args=[token])
    elif page in ("add", "upload_start"):
        url = reverse(f"recordings_admin:{page}", args=[world["session"].pk])
    else:
        url = reverse(f"recordings_admin:{page}", args=[recording.pk])
    client.force_login(world[who])
    assert client.get(url).status_code in ((405,) if page == "upload_start" else (404,))
    answer = client.post(
        url, {"visibility": "public", "title": "Taken", "name": "a.mp4", "size": "9"}
    )
    assert answer.status_code == 404
    recording.refresh_from_db()
    assert (recording.title, recording.visibility) == ("Seminar 1", Visibility.COHORT)
    assert Recording.objects.count() == 1


@pytest.mark.parametrize("pk", ["0", "-1", str(2**63), "abc", "1.0"])
@pytest.mark.parametrize("page", [*RECORDING_PAGES, "add"])
def test_guessed_ids_are_404(client, world, pk, page):
    client.force_login(world["admin"])
    url = reverse(f"recordings_admin:{page}", args=[1]).replace("/1/", f"/{pk}/")
    assert client.get(url).status_code == 404


def test_people_without_admin_access_are_sent_to_sign_in(client, world):
    recording = make_recording(world["session"])
    for person in (None, world["member"]):
        client.logout()
        if person:
            client.force_login(person)
        response = client.get(reverse("recordings_admin:edit", args=[recording.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert "Seminar 1" not in response.content.decode()
