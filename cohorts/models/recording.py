"""Recordings of sessions: the media, its captions and chapters, and who watched how much.

Files live in private storage under random names and are only served by permission-checked
views. Who may see a recording is decided in `cohorts.domain.recordings`; these models hold
the facts it decides from.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohorts.enums import ProcessingStatus, RecordingSource, Visibility
from cohorts.storage import private_storage
from lms.models.people import LANGUAGE_CHOICES


def _recording_path(instance, filename):
    # Never the uploaded name: no path tricks, nothing to guess.
    return f"recordings/{uuid.uuid4().hex}"


class Recording(models.Model):
    session = models.ForeignKey(
        "cohorts.Session",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="recordings",
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    source = models.CharField(
        _("source"), max_length=10, choices=RecordingSource.choices, default=RecordingSource.FILE
    )
    media = models.FileField(
        _("audio or video file"),
        upload_to=_recording_path,
        storage=private_storage,
        max_length=200,
        blank=True,
    )
    media_type = models.CharField(_("media type"), max_length=100, blank=True)
    media_size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    external_url = models.URLField(_("link to the video"), max_length=500, blank=True)
    duration_seconds = models.PositiveIntegerField(_("length (seconds)"), null=True, blank=True)
    poster = models.FileField(
        _("poster image"), upload_to=_recording_path, storage=private_storage, blank=True
    )
    audio = models.FileField(
        _("audio-only version"), upload_to=_recording_path, storage=private_storage, blank=True
    )
    processing_status = models.CharField(
        _("processing"),
        max_length=20,
        choices=ProcessingStatus.choices,
        default=ProcessingStatus.PENDING,
    )
    processing_error = models.CharField(_("processing problem"), max_length=500, blank=True)
    transcript = models.TextField(_("transcript"), blank=True, max_length=500_000)
    visibility = models.CharField(
        _("who may watch"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.COHORT,
    )
    # Beyond the cohort, a coordinator's approval; until then only the cohort's people watch.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # Someone in the cohort refused to be recorded: public only once a coordinator confirms
    # they are not in it.
    refusals_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed that people who refused are not in it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    keep_until = models.DateField(_("keep until"))
    keep_for_training = models.BooleanField(
        _("keep for training colleagues"),
        default=False,
        help_text=_("Kept after the date above: it is reused to train colleagues."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source=RecordingSource.FILE) & ~Q(media=""))
                | (Q(source=RecordingSource.LINK) & ~Q(external_url="")),
                name="recording_has_its_media",
            ),
        ]
        indexes = [models.Index(fields=["keep_until", "keep_for_training"])]

    def __str__(self):
        return self.title


class RecordingChapter(models.Model):
    """A point in the recording where an agenda item starts."""

    recording = models.ForeignKey(
        Recording, verbose_name=_("recording"), on_delete=models.CASCADE, related_name="chapters"
    )
    starts_at_second = models.PositiveIntegerField(_("starts at (seconds)"))
    title = models.CharField(_("agenda item"), max_length=200)

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["starts_at_second", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recording", "starts_at_second"], name="chapter_one_per_moment"
            )
        ]

    def __str__(self):
        return self.title


class RecordingCaption(models.Model):
    """Captions in one language, as a WebVTT file."""

    recording = models.ForeignKey(
        Recording, verbose_name=_("recording"), on_delete=models.CASCADE, related_name="captions"
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    file = models.FileField(
        _("WebVTT file"), upload_to=_recording_path, storage=private_storage, max_length=200
    )

    class Meta:
        verbose_name = _("captions")
        verbose_name_plural = _("captions")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["recording", "language"], name="captions_once_per_language"
            )
        ]

    def __str__(self):
        return f"{self.recording} ({self.language})"


class RecordingWatch(models.Model):
    """How much of a recording one person has watched: the seconds seen, as a bitmap, so
    watching the same minute twice does not count twice.

    It belongs to the session as well as the recording: it is the evidence of a make-up, so it
    outlives the recording when that is deleted after its keeping date (like attendance)."""

    session = models.ForeignKey(
        "cohorts.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="recording_watches",
    )
    recording = models.ForeignKey(
        Recording,
        verbose_name=_("recording"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="watches",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="recording_watches",
    )
    seen = models.BinaryField(_("seconds seen"), default=bytes, editable=False)
    percent_watched = models.PositiveSmallIntegerField(_("watched (%)"), default=0)
    updated_at = models.DateTimeField(_("last watched"), auto_now=True)

    class Meta:
        verbose_name = _("viewing")
        verbose_name_plural = _("viewings")
        constraints = [
            models.UniqueConstraint(fields=["recording", "user"], name="watch_once_per_person"),
            models.CheckConstraint(
                condition=Q(percent_watched__lte=100), name="watch_percent_sane"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.recording}: {self.percent_watched} %"
