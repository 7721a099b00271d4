"""Recordings in the admin: the resumable upload of the file, and creating, changing and
deleting a recording. Its captions, chapters and transcript are edited in
`cohorts.domain.recording_editing`.

An upload is a folder PRIVATE_MEDIA_ROOT/uploads/<token>/ with the bytes received so far
(`data`) and what they are for (`meta.json`: who sends them, for which session, how many bytes
in all). The browser sends the file in chunks; a chunk is appended only where the previous one
ended, so an interrupted upload resumes from the offset the server reports. Once the last byte
is in, the content must be the audio or video container its extension names. Only then can the
file become a recording's media: it is moved (never copied) under a random name, and
processing is queued once the recording is committed.

Every write checks that `by` manages the cohort (`attendance_cohorts`); deleting a recording
is a coordinator's decision (`certificate_cohorts`).
"""

import fcntl
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.enums import ProcessingStatus, RecordingSource
from cohorts.models import Recording, Session
from cohorts.storage import delete_after_commit
from lms.models.people import LANGUAGE_CHOICES

from .access import attendance_cohorts, can_coordinate
from .exceptions import AttendanceError
from .practical import safe_file_name

# Media containers by extension: (container recognised from the first bytes, content type).
MEDIA_KINDS = {
    "mp4": ("isobmff", "video/mp4"),
    "m4v": ("isobmff", "video/mp4"),
    "m4a": ("isobmff", "audio/mp4"),
    "mov": ("isobmff", "video/quicktime"),
    "webm": ("matroska", "video/webm"),
    "mkv": ("matroska", "video/x-matroska"),
    "ogg": ("ogg", "audio/ogg"),
    "oga": ("ogg", "audio/ogg"),
    "opus": ("ogg", "audio/ogg"),
    "ogv": ("ogg", "video/ogg"),
    "mp3": ("mpeg_audio", "audio/mpeg"),
    "wav": ("wave", "audio/wav"),
}
# The browser sends 5 MB at a time; anything much larger is not our client.
CHUNK_MAX_BYTES = 16 * 1024 * 1024
UPLOAD_STALE_AFTER = timedelta(days=1)
_TOKEN = re.compile(r"[0-9a-f]{32}", re.ASCII)
_COPY_BLOCK = 1024 * 1024
TITLE_MAX = Recording._meta.get_field("title").max_length
URL_MAX = Recording._meta.get_field("external_url").max_length


class UploadOffsetError(AttendanceError):
    """A chunk that does not start where the received bytes end; `offset` says where."""

    def __init__(self, message, *, offset: int):
        super().__init__(message, field="offset")
        self.offset = offset


def media_types_label() -> str:
    return ", ".join(f".{extension}" for extension in MEDIA_KINDS)


def _mpeg_frame(head: bytes) -> bool:
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 3
    # The reserved values: a JPEG or random bytes starting 0xFF rarely pass all four.
    return version != 1 and layer != 0 and bitrate != 15 and rate != 3


def media_container(head: bytes) -> str | None:
    """The container the first bytes of a file announce, or None."""
    if head[4:8] == b"ftyp":
        return "isobmff"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "matroska"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"ID3") or _mpeg_frame(head):
        return "mpeg_audio"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wave"
    return None


# --- Uploads --------------------------------------------------------------------------------


@dataclass
class Upload:
    token: str
    user_id: int
    session_id: int
    total: int
    name: str
    extension: str
    created: float
    complete: bool = False

    @property
    def folder(self) -> Path:
        return uploads_root() / self.token

    @property
    def data_path(self) -> Path:
        return self.folder / "data"

    @property
    def received(self) -> int:
        try:
            return self.data_path.stat().st_size
        except FileNotFoundError:
            return 0

    @property
    def content_type(self) -> str:
        return MEDIA_KINDS[self.extension][1]

    def save(self) -> None:
        # Written aside and renamed: a reader never sees half a file.
        temporary = self.folder / "meta.json.tmp"
        temporary.write_text(json.dumps(asdict(self)), encoding="utf-8")
        os.replace(temporary, self.folder / "meta.json")


def uploads_root() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "uploads"


def check_may_manage(by, cohort_id: int) -> None:
    """Raise AttendanceError unless `by` manages the cohort's recordings."""
    if not attendance_cohorts(by).filter(pk=cohort_id).exists():
        raise AttendanceError(_("You cannot change this recording."))


def _too_large(name: str) -> AttendanceError:
    limit = filesizeformat(settings.RECORDING_MAX_BYTES)
    return AttendanceError(
        _("“%(name)s” is larger than %(limit)s.") % {"name": name, "limit": limit}, field="size"
    )


def _discard(upload: Upload) -> None:
    shutil.rmtree(upload.folder, ignore_errors=True)


def recording_upload_start(*, session: Session, by, file_name: str, total: int) -> Upload:
    """Open an upload of `total` bytes named `file_name` for a recording of `session`.
    The extension and the size are checked before any byte is stored."""
    check_may_manage(by, session.cohort_id)
    name = safe_file_name(file_name) or _("(no name)")
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in MEDIA_KINDS:
        raise AttendanceError(
            _("“%(name)s” is not an audio or video file we accept. Allowed: %(types)s.")
            % {"name": name, "types": media_types_label()},
            field="media",
        )
    if total <= 0:
        raise AttendanceError(_("“%(name)s” is empty.") % {"name": name}, field="media")
    if total > settings.RECORDING_MAX_BYTES:
        raise _too_large(name)
    upload = Upload(
        token=secrets.token_hex(16),
        user_id=by.pk,
        session_id=session.pk,
        total=total,
        name=name,
        extension=extension,
        created=time.time(),
    )
    upload.folder.mkdir(parents=True, mode=0o700)
    upload.data_path.touch(mode=0o600)
    upload.save()
    return upload


def recording_upload_find(*, token: str, by) -> Upload | None:
    """`by`'s upload with this token, or None (unknown, someone else's or not a token)."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    try:
        meta = json.loads((uploads_root() / token / "meta.json").read_text(encoding="utf-8"))
        upload = Upload(**meta)
    except (OSError, ValueError, TypeError):
        return None
    if upload.token != token or upload.user_id != getattr(by, "pk", None):
        return None
    return upload


def _locked(path: Path, mode: str):
    handle = open(path, mode)  # noqa: SIM115 - closed by the caller's `with`
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _check_complete(upload: Upload, received: int) -> None:
    """The whole file is in: right size, and the container its extension names."""
    if received == 0:
        raise AttendanceError(_("“%(name)s” is empty.") % {"name": upload.name}, field="media")
    if received > settings.RECORDING_MAX_BYTES:
        raise _too_large(upload.name)
    if received != upload.total:
        raise AttendanceError(_("The file's size changed during the upload."), field="media")
    with open(upload.data_path, "rb") as handle:
        head = handle.read(16)
    if media_container(head) != MEDIA_KINDS[upload.extension][0]:
        raise AttendanceError(
            _("“%(name)s” is not really a .%(extension)s file; its content is something else.")
            % {"name": upload.name, "extension": upload.extension},
            field="media",
        )


def _finish(upload: Upload, received: int) -> None:
    try:
        _check_complete(upload, received)
    except AttendanceError:
        _discard(upload)
        raise
    upload.complete = True
    upload.save()


def recording_upload_append(*, upload: Upload, start: int, end: int, total: int, stream) -> Upload:
    """Append bytes `start`..`end` (inclusive) of `total`, read from `stream`, to `upload`.

    Only at the offset already received (else UploadOffsetError with that offset); a chunk
    that arrives short or long is dropped whole. The last byte triggers the content check; a
    file that fails it is discarded."""
    if total != upload.total:
        raise AttendanceError(_("The file's size changed during the upload."), field="range")
    if start < 0 or end < start or end >= total:
        raise AttendanceError(_("That part of the file does not exist."), field="range")
    length = end - start + 1
    if length > CHUNK_MAX_BYTES:
        raise AttendanceError(_("Send the file in smaller parts."), field="range")
    try:
        handle = _locked(upload.data_path, "r+b")
    except FileNotFoundError as error:
        raise AttendanceError(_("This upload no longer exists."), field="media") from error
    with handle:
        received = os.fstat(handle.fileno()).st_size
        if upload.complete or start != received:
            raise UploadOffsetError(
                _("The server has %(offset)d bytes of this file.") % {"offset": received},
                offset=received,
            )
        handle.seek(received)
        written = 0
        while written <= length:
            block = stream.read(min(_COPY_BLOCK, length + 1 - written))
            if not block:
                break
            handle.write(block)
            written += len(block)
        if written != length:
            handle.truncate(received)
            raise AttendanceError(
                _("Part of the file was lost on the way; it is sent again."), field="range"
            )
        handle.flush()
        if received + length == upload.total:
            _finish(upload, received + length)
    return upload


def recording_upload_from_file(*, session: Session, by, file) -> Upload:
    """A whole file sent with the form (no JavaScript), as a complete, checked upload."""
    upload = recording_upload_start(
        session=session, by=by, file_name=getattr(file, "name", ""), total=file.size
    )
    received = 0
    with open(upload.data_path, "r+b") as handle:
        for block in file.chunks():
            received += len(block)
            if received > upload.total:
                break
            handle.write(block)
    _finish(upload, received)
    return upload


def recording_uploads_purge() -> int:
    """Remove uploads untouched for a day (abandoned, or never attached to a recording);
    returns how many. Beat runs it hourly (`cohorts.tasks.purge_stale_recording_uploads`)."""
    cutoff = time.time() - UPLOAD_STALE_AFTER.total_seconds()
    removed = 0
    root = uploads_root()
    for folder in root.iterdir() if root.is_dir() else ():
        try:
            paths = [folder, *folder.iterdir()] if folder.is_dir() else [folder]
            touched = max(path.stat().st_mtime for path in paths)
        except FileNotFoundError:
            continue  # finished or removed meanwhile
        if touched < cutoff:
            if folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
            else:
                folder.unlink(missing_ok=True)
            removed += 1
    return removed


# --- Recordings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordingDetails:
    title: str
    language: str
    source: str
    keep_until: date
    keep_for_training: bool
    external_url: str = ""


def _clean_details(details: RecordingDetails, *, keep_until_before=None) -> RecordingDetails:
    title = " ".join((details.title or "").split())
    if not title:
        raise AttendanceError(_("Give the recording a title."), field="title")
    if len(title) > TITLE_MAX:
        raise AttendanceError(
            _("The title can be at most %(max)d characters long.") % {"max": TITLE_MAX},
            field="title",
        )
    if details.language not in dict(LANGUAGE_CHOICES):
        raise AttendanceError(_("Choose the language spoken."), field="language")
    if details.keep_until != keep_until_before and details.keep_until < timezone.localdate():
        raise AttendanceError(_("Keep it until today or a later day."), field="keep_until")
    url = (details.external_url or "").strip()
    if details.source == RecordingSource.LINK:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as error:
            raise AttendanceError(
                _("Enter the video's address, starting with https:// or http://."),
                field="external_url",
            ) from error
        if len(url) > URL_MAX:
            raise AttendanceError(_("That address is too long."), field="external_url")
    elif details.source == RecordingSource.FILE:
        url = ""
    else:
        raise AttendanceError(_("Upload a file or give a link."), field="source")
    return RecordingDetails(
        title=title,
        language=details.language,
        source=details.source,
        keep_until=details.keep_until,
        keep_for_training=bool(details.keep_for_training),
        external_url=url,
    )


def _usable(upload: Upload | None, *, session_id: int, by) -> Upload:
    if upload is None or upload.user_id != by.pk or upload.session_id != session_id:
        raise AttendanceError(_("Upload the recording's file."), field="media")
    if not upload.complete:
        raise AttendanceError(_("The file has not been uploaded completely."), field="media")
    return upload


def _files_of(recording: Recording) -> list[str]:
    return [f.name for f in (recording.media, recording.poster, recording.audio) if f]


def _attach(recording: Recording, upload: Upload) -> str:
    """Move the upload's bytes to the recording's media; returns the new absolute path."""
    field = recording.media
    storage = field.storage
    name = storage.get_available_name(
        field.field.generate_filename(recording, "upload"), max_length=field.field.max_length
    )
    target = Path(storage.path(name))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _locked(upload.data_path, "rb"):
            os.replace(upload.data_path, target)
    except FileNotFoundError as error:
        # Sent twice (a double click): the first request took the file.
        raise AttendanceError(
            _("This upload has already been used or has expired. Upload the file again."),
            field="media",
        ) from error
    os.chmod(target, settings.FILE_UPLOAD_PERMISSIONS or 0o640)
    recording.media.name = name
    recording.media_type = upload.content_type
    recording.media_size = upload.total
    recording.duration_seconds = None
    recording.processing_status = ProcessingStatus.PENDING
    recording.processing_error = ""
    return str(target)


def _save_with_media(recording: Recording, upload: Upload | None) -> None:
    moved = _attach(recording, upload) if upload is not None else None
    try:
        recording.save()
    except BaseException:
        if moved:
            os.replace(moved, upload.data_path)
        raise
    if upload is not None:
        from cohorts import tasks
        from lms.jobs import enqueue_after_commit

        transaction.on_commit(lambda: _discard(upload))
        # With the broker down the recording waits, PENDING, for `recordings_queue_waiting`.
        enqueue_after_commit(tasks.process_recording, recording.pk)


def recording_create(
    *, session: Session, by, details: RecordingDetails, upload: Upload | None = None
) -> Recording:
    """A recording of `session`: an uploaded file (a complete upload by `by` for this
    session, moved into it and queued for processing) or a link to a video service."""
    check_may_manage(by, session.cohort_id)
    if session.is_cancelled:
        raise AttendanceError(_("This seminar was cancelled: there is nothing to record."))
    details = _clean_details(details)
    if details.source == RecordingSource.FILE:
        upload = _usable(upload, session_id=session.pk, by=by)
    else:
        upload = None
    recording = Recording(
        session=session,
        uploaded_by=by,
        processing_status=ProcessingStatus.READY,
        **asdict(details),
    )
    with transaction.atomic():
        _save_with_media(recording, upload)
    return recording


def recording_update(
    *, recording: Recording, by, details: RecordingDetails, upload: Upload | None = None
) -> Recording:
    """Change `recording`'s details, replace its file or link. New content was not seen by
    whoever approved it beyond the cohort or confirmed the refusals absent, so both lapse."""
    with transaction.atomic():
        locked = Recording.objects.select_for_update(of=("self",)).get(pk=recording.pk)
        cohort_id = Session.objects.values_list("cohort_id", flat=True).get(pk=locked.session_id)
        check_may_manage(by, cohort_id)
        details = _clean_details(details, keep_until_before=locked.keep_until)
        replaced, changed = [], False
        if details.source == RecordingSource.FILE:
            if upload is not None or locked.source != RecordingSource.FILE:
                upload = _usable(upload, session_id=locked.session_id, by=by)
                replaced, changed = _files_of(locked), True
        else:
            upload = None
            changed = locked.external_url != details.external_url
            if locked.source == RecordingSource.FILE:
                replaced, changed = _files_of(locked), True
                locked.media, locked.media_type, locked.media_size = "", "", None
                locked.processing_status, locked.processing_error = ProcessingStatus.READY, ""
        if changed:
            locked.approved_by = locked.approved_at = locked.refusals_confirmed_by = None
            locked.poster = locked.audio = ""
            locked.duration_seconds = None
        for field, value in asdict(details).items():
            setattr(locked, field, value)
        _save_with_media(locked, upload)
        delete_after_commit(replaced)
    return locked


def recording_delete(*, recording: Recording, by) -> None:
    """Delete `recording` (a coordinator's decision) and, once committed, its files."""
    with transaction.atomic():
        locked = (
            Recording.objects.select_for_update(of=("self",))
            .select_related("session")
            .get(pk=recording.pk)
        )
        if not can_coordinate(by, locked.session.cohort_id):
            raise AttendanceError(_("Only a coordinator can delete a recording."))
        names = _files_of(locked) + [c.file.name for c in locked.captions.all() if c.file]
        locked.delete()
        delete_after_commit(names)
