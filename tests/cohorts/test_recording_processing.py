"""Processing uploaded recordings with the real ffprobe/ffmpeg: length, poster, audio-only
version, and failures that leave the recording FAILED with no new file in storage."""

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files import File
from django.utils import timezone

from cohorts.domain import recording_processing
from cohorts.domain.recording_processing import (
    NO_FFMPEG,
    NOT_SAVED,
    TOO_SLOW,
    UNEXPECTED,
    UNREADABLE,
    WAITING_TOO_LONG,
    recording_process,
    recording_processing_problem,
)
from cohorts.enums import ProcessingStatus, RecordingSource
from cohorts.models import Recording
from cohorts.storage import private_storage
from cohorts.tasks import process_recording, process_waiting_recordings
from tests.concurrency import at_once
from tests.factories import build_curriculum
from tests.factories.cohorts import held_cohort

pytestmark = pytest.mark.django_db

JPEG_MAGIC = b"\xff\xd8\xff"


@pytest.fixture(autouse=True)
def _ffmpeg(on_ci):
    if shutil.which("ffmpeg") and shutil.which("ffprobe"):
        return
    reason = "ffmpeg/ffprobe are not installed (`make test` installs Debian's ffmpeg as root)"
    if on_ci:
        pytest.fail(f"CI must process recordings: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def session(db):
    cohort = held_cohort(build_curriculum().tracks["leaders"], days_ago=14)
    return cohort.sessions.get(seminar_number=1)


@pytest.fixture
def made(tmp_path):
    """Make a small media file with ffmpeg from lavfi sources; returns its path."""
    folder = tmp_path / "made"
    folder.mkdir()

    def make(name, *arguments):
        target = folder / name
        subprocess.run(
            [shutil.which("ffmpeg"), "-nostdin", "-v", "error", "-y", *arguments, str(target)],
            check=True,
            timeout=60,
        )
        return target

    return make


def video_with_sound(made, *, size="64x48", seconds=3):
    return made(
        "talk.mp4",
        *["-f", "lavfi", "-i", f"testsrc=duration={seconds}:size={size}:rate=10"],
        *["-f", "lavfi", "-i", f"sine=duration={seconds}", "-shortest"],
    )


def upload(session, path: Path, **fields) -> Recording:
    recording = Recording(
        session=session,
        title="Seminar 1",
        language="en",
        keep_until=date.today() + timedelta(days=30),
        **fields,
    )
    with open(path, "rb") as content:
        recording.media.save(path.name, File(content))
    return recording


def stored_files() -> list[str]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def probe(name: str) -> dict:
    output = subprocess.run(
        [shutil.which("ffprobe"), "-v", "error", "-print_format", "json", "-show_format"]
        + ["-show_streams"]
        + [private_storage.path(name)],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout
    return json.loads(output)


def test_a_video_with_sound_gets_its_length_a_poster_and_an_audio_version(session, made):
    recording = upload(session, video_with_sound(made))

    processed = recording_process(recording_id=recording.pk)

    recording.refresh_from_db()
    assert processed == recording
    assert (recording.processing_status, recording.processing_error) == ("ready", "")
    assert recording.duration_seconds == 3
    with recording.poster.open("rb") as poster:
        assert poster.read(3) == JPEG_MAGIC
    audio = probe(recording.audio.name)
    assert [(s["codec_type"], s["codec_name"], s["channels"]) for s in audio["streams"]] == [
        ("audio", "aac", 1)
    ]
    assert 2.9 < float(audio["format"]["duration"]) < 3.2
    assert stored_files() == sorted(
        [recording.media.name, recording.poster.name, recording.audio.name]
    )
    assert recording_processing_problem(recording) == ""


def test_a_wide_video_gets_a_poster_at_most_1280_pixels_wide(session, made):
    recording = upload(session, video_with_sound(made, size="1600x900", seconds=2))

    recording_process(recording_id=recording.pk)

    recording.refresh_from_db()
    poster = probe(recording.poster.name)["streams"][0]
    assert (poster["codec_name"], poster["width"], poster["height"]) == ("mjpeg", 1280, 720)


def test_an_audio_file_gets_an_audio_version_and_no_poster(session, made):
    recording = upload(session, made("talk.mp3", "-f", "lavfi", "-i", "sine=duration=2"))

    recording_process(recording_id=recording.pk)

    recording.refresh_from_db()
    assert recording.processing_status == ProcessingStatus.READY
    assert (recording.duration_seconds, recording.poster.name) == (2, "")
    assert [s["codec_type"] for s in probe(recording.audio.name)["streams"]] == ["audio"]
    assert stored_files() == sorted([recording.media.name, recording.audio.name])


def test_a_silent_video_gets_a_poster_and_no_audio_version(session, made):
    source = made("silent.webm", "-f", "lavfi", "-i", "testsrc=duration=2:size=64x48:rate=5")
    recording = upload(session, source)

    recording_process(recording_id=recording.pk)

    recording.refresh_from_db()
    assert recording.processing_status == ProcessingStatus.READY
    assert (recording.duration_seconds, recording.audio.name) == (2, "")
    assert stored_files() == sorted([recording.media.name, recording.poster.name])


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n",
        bytes(range(256)) * 64,
        b"",
    ],
    ids=["pdf", "random-bytes", "empty"],
)
def test_a_file_that_is_not_media_fails_cleanly(session, tmp_path, content):
    fake = tmp_path / "talk.mp4"
    fake.write_bytes(content)
    recording = upload(session, fake)

    processed = recording_process(recording_id=recording.pk)

    assert processed.processing_status == ProcessingStatus.FAILED
    assert processed.processing_error == UNREADABLE
    assert (processed.poster.name, processed.audio.name, processed.duration_seconds) == (
        "",
        "",
        None,
    )
    assert stored_files() == [recording.media.name]


def test_a_playlist_naming_other_files_is_not_followed(session, tmp_path):
    # A playlist would have ffmpeg read a server file into the "recording".
    playlist = tmp_path / "talk.mp4"
    playlist.write_text(
        "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10.0,\nfile:///etc/hostname\n#EXT-X-ENDLIST\n"
    )
    recording = upload(session, playlist)

    processed = recording_process(recording_id=recording.pk)

    assert (processed.processing_status, processed.processing_error) == ("failed", UNREADABLE)
    assert stored_files() == [recording.media.name]


def test_a_write_failing_half_way_after_the_poster_leaves_no_file(session, made, monkeypatch):
    """The worker fails mid-processing: the poster is saved, then the disk fills while the
    audio version is written."""
    recording = upload(session, video_with_sound(made))
    before = stored_files()
    real_save = private_storage._save
    saved = []

    def save_until_the_disk_fills(name, content):
        if saved:
            Path(private_storage.path(name)).parent.mkdir(parents=True, exist_ok=True)
            Path(private_storage.path(name)).write_bytes(b"half an audio file")
            raise OSError(28, "No space left on device")
        saved.append(real_save(name, content))
        return saved[-1]

    monkeypatch.setattr(private_storage, "_save", save_until_the_disk_fills)

    processed = recording_process(recording_id=recording.pk)

    recording.refresh_from_db()
    assert len(saved) == 1
    assert (recording.processing_status, recording.processing_error) == ("failed", NOT_SAVED)
    assert (recording.poster.name, recording.audio.name, recording.duration_seconds) == (
        "",
        "",
        None,
    )
    assert processed == recording
    assert stored_files() == before == [recording.media.name]


def test_an_unexpected_error_after_the_poster_was_saved_leaves_no_file(session, made, monkeypatch):
    recording = upload(session, video_with_sound(made))
    real_store = recording_processing._store

    def store_then_crash(recording, field_name, local_path, written):
        if field_name == "audio":
            raise RuntimeError("worker lost its database connection")
        real_store(recording, field_name, local_path, written)

    monkeypatch.setattr(recording_processing, "_store", store_then_crash)

    recording_process(recording_id=recording.pk)

    recording.refresh_from_db()
    assert (recording.processing_status, recording.processing_error) == ("failed", UNEXPECTED)
    assert (recording.poster.name, recording.audio.name) == ("", "")
    assert stored_files() == [recording.media.name]


def test_without_ffmpeg_the_recording_fails_saying_so(session, made, monkeypatch, tmp_path):
    recording = upload(session, video_with_sound(made))
    (tmp_path / "no-tools").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))

    processed = recording_process(recording_id=recording.pk)

    assert (processed.processing_status, processed.processing_error) == ("failed", NO_FFMPEG)
    assert stored_files() == [recording.media.name]


def test_processing_that_takes_too_long_is_stopped(session, made, monkeypatch):
    recording = upload(session, video_with_sound(made))
    monkeypatch.setattr(recording_processing, "BASE_SECONDS", 0.001)
    monkeypatch.setattr(recording_processing, "SECONDS_PER_BYTE", 0.0)

    processed = recording_process(recording_id=recording.pk)

    assert (processed.processing_status, processed.processing_error) == ("failed", TOO_SLOW)
    assert stored_files() == [recording.media.name]


def test_a_failed_recording_is_processed_again_on_retry(session, made):
    recording = upload(
        session,
        video_with_sound(made),
        processing_status=ProcessingStatus.FAILED,
        processing_error=TOO_SLOW,
    )

    processed = recording_process(recording_id=recording.pk)

    assert (processed.processing_status, processed.processing_error) == ("ready", "")
    assert processed.duration_seconds == 3


@pytest.mark.parametrize("status", [ProcessingStatus.PROCESSING, ProcessingStatus.READY])
def test_a_recording_being_or_already_processed_is_left_alone(session, made, status):
    recording = upload(session, video_with_sound(made), processing_status=status)
    before = stored_files()

    assert recording_process(recording_id=recording.pk) is None

    recording.refresh_from_db()
    assert (recording.processing_status, recording.poster.name, recording.audio.name) == (
        status,
        "",
        "",
    )
    assert stored_files() == before


def test_a_recording_its_worker_abandoned_is_processed_again(session, made):
    recording = upload(session, video_with_sound(made), processing_status="processing")
    # The worker died an hour ago: still within the limit, so it is left alone...
    Recording.objects.filter(pk=recording.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert recording_process(recording_id=recording.pk) is None
    # ...but after more than three hours its redelivered task processes it.
    Recording.objects.filter(pk=recording.pk).update(updated_at=timezone.now() - timedelta(hours=4))
    processed = recording_process(recording_id=recording.pk)
    assert (processed.processing_status, processed.duration_seconds) == ("ready", 3)


def test_processing_twice_changes_nothing_the_second_time(session, made):
    recording = upload(session, video_with_sound(made))
    first = recording_process(recording_id=recording.pk)
    files = stored_files()

    assert recording_process(recording_id=recording.pk) is None

    recording.refresh_from_db()
    assert (recording.poster.name, recording.audio.name) == (first.poster.name, first.audio.name)
    assert stored_files() == files


def test_a_link_is_not_processed(session):
    recording = Recording.objects.create(
        session=session,
        title="Seminar 1",
        language="en",
        source=RecordingSource.LINK,
        external_url="https://video.example.org/watch/1",
        keep_until=date.today(),
    )

    assert recording_process(recording_id=recording.pk) is None
    recording.refresh_from_db()
    assert recording.processing_status == ProcessingStatus.PENDING


def test_the_task_processes_and_ignores_missing_recordings(session, made):
    recording = upload(session, video_with_sound(made))

    assert process_recording.delay(recording.pk).get() == "ready"
    assert process_recording.delay(recording.pk).get() == ""
    for missing in (0, -1, 2**63 - 1, recording.pk + 1):
        assert process_recording.delay(missing).get() == ""


def test_an_upload_whose_task_was_lost_is_processed_by_the_sweep(session, made, settings):
    """Each upload queues its processing after commit; with the broker down that task is lost
    (here: never queued), and the sweep queues it once the upload has waited too long."""
    lost = upload(session, video_with_sound(made))
    just_uploaded = upload(session, video_with_sound(made))
    failed = upload(session, video_with_sound(made))
    Recording.objects.filter(pk=failed.pk).update(processing_status=ProcessingStatus.FAILED)
    long_ago = timezone.now() - WAITING_TOO_LONG - timedelta(seconds=1)
    Recording.objects.filter(pk__in=[lost.pk, failed.pk]).update(updated_at=long_ago)

    assert (process_waiting_recordings(), process_waiting_recordings()) == (1, 0)
    statuses = dict(Recording.objects.values_list("pk", "processing_status"))
    assert statuses == {
        lost.pk: ProcessingStatus.READY,
        just_uploaded.pk: ProcessingStatus.PENDING,
        failed.pk: ProcessingStatus.FAILED,  # a coordinator retries a failure, not the sweep
    }
    assert settings.CELERY_BEAT_SCHEDULE["process-waiting-recordings"] == {
        "task": "cohorts.tasks.process_waiting_recordings",
        "schedule": 900.0,
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_process_a_recording_once(made):
    session = held_cohort(build_curriculum().tracks["leaders"], days_ago=14).sessions.first()
    recording = upload(session, video_with_sound(made))
    results = []

    outcomes = at_once(
        [lambda: results.append(recording_process(recording_id=recording.pk))] * 3,
        refused=LookupError,
    )

    recording.refresh_from_db()
    assert outcomes == ["done"] * 3
    assert sorted(r is None for r in results) == [False, True, True]
    assert recording.processing_status == ProcessingStatus.READY
    assert stored_files() == sorted(
        [recording.media.name, recording.poster.name, recording.audio.name]
    )


def test_a_file_replaced_while_processing_never_gets_the_old_files_results(
    session, made, monkeypatch
):
    recording = upload(session, video_with_sound(made))
    old_media = recording.media.name
    make_audio = recording_processing._make_audio
    replacement = made(
        "new.mp4",
        *["-f", "lavfi", "-i", "testsrc=duration=5:size=64x48:rate=10"],
        *["-f", "lavfi", "-i", "sine=duration=5", "-shortest"],
    )

    def replaced_meanwhile(*args, **kwargs):
        # A coordinator replaces the file while this run is still making the old audio.
        make_audio(*args, **kwargs)
        fresh = Recording.objects.get(pk=recording.pk)
        with open(replacement, "rb") as content:
            fresh.media.save("new.mp4", File(content), save=False)
        fresh.processing_status = ProcessingStatus.PENDING
        fresh.save(update_fields=["media", "processing_status"])

    monkeypatch.setattr(recording_processing, "_make_audio", replaced_meanwhile)
    before = set(stored_files())
    recording_process(recording_id=recording.pk)
    recording.refresh_from_db()
    assert recording.media.name != old_media
    assert (recording.processing_status, recording.poster.name, recording.duration_seconds) == (
        "pending",
        "",
        None,
    )
    # Nothing of the old run was kept beside the files that were there.
    assert set(stored_files()) - before == {recording.media.name}
    monkeypatch.setattr(recording_processing, "_make_audio", make_audio)
    processed = recording_process(recording_id=recording.pk)
    assert (processed.processing_status, processed.duration_seconds) == ("ready", 5)
