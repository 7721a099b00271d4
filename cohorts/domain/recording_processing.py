"""Processing uploaded recordings with ffprobe/ffmpeg, and removing them after their keeping date.

Processing reads the length of an uploaded file, makes a poster image (video) and a small
audio-only version for slow connections (audio). It runs in a Celery worker
(`cohorts.tasks.process_recording`). Everything ffmpeg writes goes to a private temporary
directory first; only once every step has worked are the results saved to private storage and
the recording marked READY, in one transaction. A failure at any point leaves the recording
FAILED with a short message a coordinator can act on, and no new file in storage.

The problems are stored as their English source text and translated when shown
(`recording_processing_problem`), so each coordinator reads them in their own language.
"""

import json
import logging
import math
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from cohorts.enums import ProcessingStatus, RecordingSource
from cohorts.models import Recording, RecordingCaption
from cohorts.storage import delete_after_commit, delete_private_files, private_storage

logger = logging.getLogger(__name__)

UNREADABLE = _("The file could not be read as audio or video.")
TOO_SLOW = _("Processing took too long.")
NO_FFMPEG = _("ffmpeg is not installed on the server.")
NOT_SAVED = _("The processed files could not be saved. Try again later.")
UNEXPECTED = _("Processing failed unexpectedly. The server's log has the details.")

# What the files made here are, for the views that serve them.
POSTER_CONTENT_TYPE = "image/jpeg"
AUDIO_CONTENT_TYPE = "audio/mp4"

POSTER_MAX_WIDTH = 1280
AUDIO_BITRATE = "48k"

# Each ffmpeg/ffprobe step may take a minute plus a second for every 2 MB of the file: a
# three-hour seminar in 4 GB gets about 35 minutes, a small file about a minute.
BASE_SECONDS = 60.0
SECONDS_PER_BYTE = 1 / (2 * 1024 * 1024)

# Only these demuxers may open an upload: playlists (hls), concat lists and image sequences
# would make ffmpeg read other files or URLs named inside a file someone uploaded.
MEDIA_DEMUXERS = ",".join(
    [
        "mov,mp4,m4a,3gp,3g2,mj2",
        "matroska,webm",
        "mp3",
        "ogg",
        "wav",
        "flac",
        "aac",
        "avi",
        "asf",
        "mpegts",
        "mpeg",
    ]
)
INPUT_OPTIONS = ["-protocol_whitelist", "file", "-format_whitelist", MEDIA_DEMUXERS]


class ProcessingFailed(Exception):
    """A step failed for a reason the coordinator is told (`problem`, untranslated)."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True)
class MediaFacts:
    """What ffprobe found in an uploaded file."""

    duration: float
    has_video: bool
    has_audio: bool


def recording_processing_problem(recording: Recording) -> str:
    """The recording's processing problem in the active language ("" when there is none)."""
    return gettext(recording.processing_error) if recording.processing_error else ""


def _time_limit(size: int) -> float:
    return BASE_SECONDS + size * SECONDS_PER_BYTE


def _run(tool: str, arguments: list[str], *, timeout: float) -> bytes:
    """Run ffmpeg or ffprobe (no shell: an argument list); its output, or ProcessingFailed."""
    executable = shutil.which(tool)
    if executable is None:
        raise ProcessingFailed(NO_FFMPEG)
    try:
        # No shell, a fixed executable, and no argument from the uploader: the only file
        # named is a path storage chose.
        finished = subprocess.run(  # noqa: S603
            [executable, *arguments],
            capture_output=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError as missing:
        raise ProcessingFailed(NO_FFMPEG) from missing
    except subprocess.TimeoutExpired as slow:
        raise ProcessingFailed(TOO_SLOW) from slow
    if finished.returncode != 0:
        logger.info(
            "%s exited with %s: %s",
            tool,
            finished.returncode,
            finished.stderr[-2000:].decode(errors="replace"),
        )
        raise ProcessingFailed(UNREADABLE)
    return finished.stdout


def _probe(source: str, *, timeout: float) -> MediaFacts:
    output = _run(
        "ffprobe",
        ["-v", "error", *INPUT_OPTIONS, "-print_format", "json"]
        + ["-show_format", "-show_streams", "-i", source],
        timeout=timeout,
    )
    try:
        found = json.loads(output)
        streams = found.get("streams") or []
        durations = [found.get("format", {}).get("duration")]
        durations += [stream.get("duration") for stream in streams]
        duration = max((float(d) for d in durations if d not in (None, "N/A")), default=0.0)
    except (ValueError, TypeError, AttributeError) as garbled:
        raise ProcessingFailed(UNREADABLE) from garbled
    # An mp3's cover art is a "video" stream of one picture: not a video.
    has_video = any(
        s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")
        for s in streams
    )
    has_audio = any(s.get("codec_type") == "audio" for s in streams)
    if not (has_video or has_audio) or not math.isfinite(duration) or duration <= 0:
        raise ProcessingFailed(UNREADABLE)
    return MediaFacts(duration=duration, has_video=has_video, has_audio=has_audio)


def _make_poster(source: str, target: str, *, at: float, timeout: float) -> bool:
    """One JPEG frame at `at` seconds, at most POSTER_MAX_WIDTH wide; False if none came out."""
    _run(
        "ffmpeg",
        ["-nostdin", "-hide_banner", "-v", "error", "-y", "-ss", f"{at:.3f}"]
        + [*INPUT_OPTIONS, "-i", source, "-map", "0:v:0", "-frames:v", "1"]
        + ["-vf", f"scale='min({POSTER_MAX_WIDTH},iw)':-2", "-q:v", "3"]
        + ["-c:v", "mjpeg", "-f", "image2", target],
        timeout=timeout,
    )
    return os.path.exists(target) and os.path.getsize(target) > 0


def _make_audio(source: str, target: str, *, timeout: float) -> None:
    """Mono AAC at AUDIO_BITRATE in an .m4a that plays before it has fully arrived (every
    browser, phones included, plays it)."""
    _run(
        "ffmpeg",
        ["-nostdin", "-hide_banner", "-v", "error", "-y"]
        + [*INPUT_OPTIONS, "-i", source, "-map", "0:a:0", "-vn", "-sn", "-dn"]
        + ["-ac", "1", "-c:a", "aac", "-b:a", AUDIO_BITRATE, "-movflags", "+faststart"]
        + ["-f", "mp4", target],
        timeout=timeout,
    )
    if not (os.path.exists(target) and os.path.getsize(target) > 0):
        raise ProcessingFailed(UNREADABLE)


def _store(recording: Recording, field_name: str, local_path: str, written: list[str]) -> None:
    """Save a made file into the recording's field (private storage), noting its name in
    `written` before writing, so a write that fails half-way is deleted too."""
    field = Recording._meta.get_field(field_name)
    name = field.generate_filename(recording, os.path.basename(local_path))
    written.append(name)
    try:
        with open(local_path, "rb") as made:
            stored = private_storage.save(name, File(made), max_length=field.max_length)
    except OSError as failed:
        raise ProcessingFailed(NOT_SAVED) from failed
    if stored != name:
        written.append(stored)
    setattr(recording, field_name, stored)


# Longer than any processing may take (its time limit grows with the file: about 35 minutes
# for the largest upload): a recording still PROCESSING after this lost its worker.
STALE_PROCESSING = timedelta(hours=3)


def _claim(recording_id: int) -> str | None:
    """Mark the recording PROCESSING if it is an uploaded file waiting (or failed before, or
    left PROCESSING by a worker that died), and return the name of the file claimed.

    The row is locked while it is checked and marked, so two workers handed the same
    recording cannot both claim it; the second finds it PROCESSING and leaves it alone. The
    file's name goes with the claim: if the file is replaced meanwhile, this run's results
    must not be attached to the new one."""
    waiting = Q(processing_status__in=(ProcessingStatus.PENDING, ProcessingStatus.FAILED))
    abandoned = Q(
        processing_status=ProcessingStatus.PROCESSING,
        updated_at__lt=timezone.now() - STALE_PROCESSING,
    )
    with transaction.atomic():
        media_name = (
            Recording.objects.select_for_update()
            .filter(waiting | abandoned, pk=recording_id, source=RecordingSource.FILE)
            .exclude(media="")
            .values_list("media", flat=True)
            .first()
        )
        if media_name is None:
            return None
        Recording.objects.filter(pk=recording_id).update(
            processing_status=ProcessingStatus.PROCESSING,
            processing_error="",
            updated_at=timezone.now(),
        )
    return media_name


def _fail(recording_id: int, media_name: str, problem: str) -> None:
    Recording.objects.filter(
        pk=recording_id, media=media_name, processing_status=ProcessingStatus.PROCESSING
    ).update(
        processing_status=ProcessingStatus.FAILED,
        processing_error=problem,
        updated_at=timezone.now(),
    )


def _finish(
    recording_id: int, media_name: str, facts: MediaFacts, poster: str | None, audio: str | None
):
    """Save the made files and mark the recording READY, all or nothing; nothing if the
    recording's file was replaced while this run worked on the old one."""
    written: list[str] = []
    try:
        with transaction.atomic():
            recording = (
                Recording.objects.select_for_update()
                .filter(
                    pk=recording_id,
                    media=media_name,
                    processing_status=ProcessingStatus.PROCESSING,
                )
                .first()
            )
            if recording is None:
                # Deleted, purged or given a new file while ffmpeg ran: nothing to attach to.
                return None
            replaced = [f.name for f in (recording.poster, recording.audio) if f.name]
            recording.poster = recording.audio = ""
            if poster:
                _store(recording, "poster", poster, written)
            if audio:
                _store(recording, "audio", audio, written)
            recording.duration_seconds = max(1, round(facts.duration))
            recording.processing_status = ProcessingStatus.READY
            recording.processing_error = ""
            recording.save(
                update_fields=[
                    "poster",
                    "audio",
                    "duration_seconds",
                    "processing_status",
                    "processing_error",
                    "updated_at",
                ]
            )
            # Files from an earlier upload of this recording go once the new ones are in.
            delete_after_commit(replaced)
    except BaseException:
        delete_private_files(written)
        raise
    return recording


def recording_process(*, recording_id: int) -> Recording | None:
    """Read an uploaded recording's length, make its poster (video) and audio-only version
    (audio), and mark it READY; or mark it FAILED with the problem, leaving no new file.

    Only uploaded files waiting for processing, or failed before (a retry), are processed;
    anything else (a link, a recording already being processed by another worker, a ready
    one, a missing id) is left alone and None returned. Returns the recording as saved.
    """
    media_name = _claim(recording_id)
    if media_name is None:
        return None
    try:
        # The path comes from storage (a random name it chose), never from the uploader;
        # "file:" stops ffmpeg reading anything in it as another protocol.
        local = private_storage.path(media_name)
        timeout = _time_limit(os.path.getsize(local))
        source = "file:" + local
        with tempfile.TemporaryDirectory(prefix="recording-") as scratch:
            facts = _probe(source, timeout=timeout)
            poster = audio = None
            if facts.has_video:
                poster = os.path.join(scratch, "poster.jpg")
                made = _make_poster(source, poster, at=facts.duration / 10, timeout=timeout)
                if not made and not _make_poster(source, poster, at=0, timeout=timeout):
                    raise ProcessingFailed(UNREADABLE)
            if facts.has_audio:
                audio = os.path.join(scratch, "audio.m4a")
                _make_audio(source, audio, timeout=timeout)
            finished = _finish(recording_id, media_name, facts, poster, audio)
    except ProcessingFailed as failure:
        _fail(recording_id, media_name, failure.problem)
    except FileNotFoundError:
        _fail(recording_id, media_name, UNREADABLE)
    except Exception:
        logger.exception("Processing recording %s failed", recording_id)
        _fail(recording_id, media_name, UNEXPECTED)
    else:
        return finished
    return Recording.objects.filter(pk=recording_id).first()


# An upload still waiting this long after it was saved lost its task (a stopped broker):
# longer than a busy worker's queue usually takes to reach it.
WAITING_TOO_LONG = timedelta(minutes=30)


def recordings_queue_waiting(*, now=None) -> int:
    """Queue processing for uploaded recordings still waiting WAITING_TOO_LONG after their
    file was saved; returns how many were queued.

    Each upload queues its processing after commit; a broker that was down then never got the
    task. A task that is only late meets its recording already claimed, or done, and does
    nothing (`_claim`), so queueing one twice is harmless."""
    from cohorts import tasks
    from lms.jobs import enqueue

    now = now or timezone.now()
    waiting = (
        Recording.objects.filter(
            source=RecordingSource.FILE,
            processing_status=ProcessingStatus.PENDING,
            updated_at__lt=now - WAITING_TOO_LONG,
        )
        .exclude(media="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(enqueue(tasks.process_recording, pk) for pk in waiting)


def recordings_purge_expired(*, today: date | None = None, batch_size: int = 500) -> int:
    """Delete recordings past their keep-until date, unless kept for training; returns how
    many were deleted.

    The whole recording goes, not only its files: an uploaded recording must have its media
    (a database constraint), and what remains of it (title, chapters, transcript, who watched)
    is personal data about the people recorded. Links to a video service expire the same way.
    Its chapters and captions go with it (cascade); the viewings stay, tied to the session,
    as the evidence of make-ups earned by watching it. The files (media, poster,
    audio-only version, captions) are deleted once the rows' deletion has committed, so a
    failed deletion never leaves a recording whose files are missing.

    Queries: a constant number per batch of `batch_size` recordings (measured in the tests),
    never one per recording.
    """
    today = today or timezone.localdate()
    expired = Recording.objects.filter(keep_until__lt=today, keep_for_training=False)
    deleted = 0
    while True:
        with transaction.atomic():
            rows = list(
                expired.select_for_update()
                .order_by("pk")
                .values_list("pk", "media", "poster", "audio")[:batch_size]
            )
            if not rows:
                return deleted
            ids = [row[0] for row in rows]
            files = [name for row in rows for name in row[1:] if name]
            files += RecordingCaption.objects.filter(recording_id__in=ids).values_list(
                "file", flat=True
            )
            Recording.objects.filter(pk__in=ids).delete()
            delete_after_commit(files)
        deleted += len(ids)
        if len(ids) < batch_size:
            return deleted
