"""A recording's captions, chapters and transcript, edited in the admin by the cohort's staff
(`attendance_cohorts`), each write under a lock on the recording.

Captions are WebVTT files, one per language; chapters are (second, agenda item) pairs that a
module's agenda can suggest; the transcript is plain text. The recording itself is created,
changed and deleted in `cohorts.domain.recording_upload`.
"""

import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cohorts.models import Recording, RecordingCaption, RecordingChapter
from cohorts.storage import delete_after_commit
from lms.models.people import LANGUAGE_CHOICES

from .access import can_coordinate
from .exceptions import AttendanceError
from .practical import safe_file_name
from .recording_upload import check_may_manage

TRANSCRIPT_MAX = Recording._meta.get_field("transcript").max_length
CHAPTER_TITLE_MAX = RecordingChapter._meta.get_field("title").max_length
CHAPTERS_MAX = 60


def _lock_for(recording: Recording, by) -> Recording:
    """The recording, locked for an edit by `by`. Shared beyond its cohort, it goes back to the
    cohort when someone who could not have approved the change makes it (a facilitator's new
    transcript or captions are seen by a coordinator before the track or the public)."""
    locked = (
        Recording.objects.select_for_update(of=("self",))
        .select_related("session")
        .get(pk=recording.pk)
    )
    check_may_manage(by, locked.session.cohort_id)
    if locked.approved_at is not None and not can_coordinate(by, locked.session.cohort_id):
        locked.approved_at = locked.approved_by = locked.refusals_confirmed_by = None
        locked.save(
            update_fields=["approved_at", "approved_by", "refusals_confirmed_by", "updated_at"]
        )
    return locked


def caption_check(upload) -> bytes:
    """The bytes of a WebVTT file: a .vtt name, UTF-8, starting with WEBVTT, not empty and
    at most CAPTION_MAX_BYTES."""
    name = safe_file_name(getattr(upload, "name", "")) or _("(no name)")
    if not name.lower().endswith(".vtt"):
        raise AttendanceError(
            _("“%(name)s” is not a WebVTT file (.vtt).") % {"name": name}, field="file"
        )
    limit = settings.CAPTION_MAX_BYTES
    upload.seek(0)
    data = upload.read(limit + 1)
    if not data:
        raise AttendanceError(_("“%(name)s” is empty.") % {"name": name}, field="file")
    if len(data) > limit:
        raise AttendanceError(
            _("“%(name)s” is larger than %(limit)s.")
            % {"name": name, "limit": filesizeformat(limit)},
            field="file",
        )
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise AttendanceError(
            _("“%(name)s” is not written in UTF-8.") % {"name": name}, field="file"
        ) from error
    if not re.match(r"WEBVTT(?:[ \t\r\n]|$)", text) or "\x00" in text:
        raise AttendanceError(
            _("“%(name)s” is not a WebVTT file: it must start with “WEBVTT”.") % {"name": name},
            field="file",
        )
    return data


def recording_caption_save(*, recording: Recording, by, language: str, upload) -> RecordingCaption:
    """Captions in `language` for `recording`, replacing any it had in that language."""
    if language not in dict(LANGUAGE_CHOICES):
        raise AttendanceError(_("Choose the captions' language."), field="language")
    data = caption_check(upload)
    with transaction.atomic():
        locked = _lock_for(recording, by)
        caption = RecordingCaption.objects.filter(recording=locked, language=language).first()
        caption = caption or RecordingCaption(recording=locked, language=language)
        old = caption.file.name if caption.file else ""
        caption.file.save("captions.vtt", ContentFile(data), save=False)
        try:
            caption.save()
        except BaseException:
            caption.file.storage.delete(caption.file.name)
            raise
        if old:
            delete_after_commit([old])
    return caption


def recording_caption_remove(*, caption: RecordingCaption, by) -> None:
    with transaction.atomic():
        _lock_for(caption.recording, by)
        row = RecordingCaption.objects.filter(pk=caption.pk).first()
        if row is not None:
            name = row.file.name
            row.delete()
            delete_after_commit([name])


def recording_chapters_save(
    *, recording: Recording, by, chapters: list[tuple[int, str]]
) -> list[RecordingChapter]:
    """Replace `recording`'s chapters with (second, agenda item) pairs: at most
    CHAPTERS_MAX, one per moment, within the recording when its length is known."""
    if len(chapters) > CHAPTERS_MAX:
        raise AttendanceError(
            _("At most %(max)d chapters.") % {"max": CHAPTERS_MAX}, field="chapters"
        )
    rows, seen = [], set()
    with transaction.atomic():
        locked = _lock_for(recording, by)
        duration = locked.duration_seconds
        for second, title in sorted(chapters):
            title = " ".join((title or "").split())
            if not title or len(title) > CHAPTER_TITLE_MAX:
                raise AttendanceError(
                    _("Each chapter needs a title of at most %(max)d characters.")
                    % {"max": CHAPTER_TITLE_MAX},
                    field="chapters",
                )
            if second < 0 or (duration and second >= duration):
                raise AttendanceError(
                    _("A chapter starts after the end of the recording (%(length)s).")
                    % {"length": format_timestamp(duration or 0)},
                    field="chapters",
                )
            if second in seen:
                raise AttendanceError(
                    _("Two chapters start at %(time)s.") % {"time": format_timestamp(second)},
                    field="chapters",
                )
            seen.add(second)
            rows.append(RecordingChapter(recording=locked, starts_at_second=second, title=title))
        RecordingChapter.objects.filter(recording=locked).delete()
        return RecordingChapter.objects.bulk_create(rows)


def recording_transcript_save(*, recording: Recording, by, text: str) -> Recording:
    """Set `recording`'s transcript (plain text, at most TRANSCRIPT_MAX characters)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > TRANSCRIPT_MAX:
        raise AttendanceError(
            _("The transcript can be at most %(max)d characters long.") % {"max": TRANSCRIPT_MAX},
            field="transcript",
        )
    if "\x00" in text:
        raise AttendanceError(
            _("The transcript contains a character that is not allowed."), field="transcript"
        )
    with transaction.atomic():
        locked = _lock_for(recording, by)
        locked.transcript = text
        locked.save(update_fields=["transcript", "updated_at"])
    return locked


def format_timestamp(seconds: int) -> str:
    """H:MM:SS from an hour on, else M:SS."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def agenda_chapters(module) -> list[tuple[int, str]]:
    """The module's agenda items at their planned start, from the seminar's beginning."""
    suggested, second = [], 0
    for block in module.agenda if module is not None else ():
        suggested.append((second, block.value["title"]))
        second += int(block.value["minutes"] or 0) * 60
    return suggested
