"""The practical part: a participant's submission for their cohort, its files and reviews."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohorts.enums import SubmissionStatus
from cohorts.storage import private_storage


class Submission(models.Model):
    """One enrolment's answer to its track's practical assignment, resubmitted until accepted."""

    enrolment = models.OneToOneField(
        "cohorts.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="submission",
    )
    text = models.TextField(_("your answer"), max_length=20000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    feedback = models.TextField(_("feedback"), max_length=5000, blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("practical submission")
        verbose_name_plural = _("practical submissions")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return str(self.enrolment)


def _submission_path(instance, filename):
    # The stored name never contains what the person typed: no path tricks, no guessing.
    return f"submissions/{instance.submission_id}/{uuid.uuid4().hex}"


class SubmissionFile(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(
        _("file"), upload_to=_submission_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class SubmissionReview(models.Model):
    """One reviewer's decision on a submission. Append-only: the history of the review."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="reviews"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=SubmissionStatus.choices)
    feedback = models.TextField(_("feedback"), max_length=5000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["reviewed_at", "id"]

    def __str__(self):
        return f"{self.submission}: {self.get_decision_display()}"
