"""An uploaded video-call participant report, kept between its preview and its application."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceImport(models.Model):
    session = models.ForeignKey(
        "cohorts.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendance_imports",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=200)
    file_sha256 = models.CharField(_("file fingerprint"), max_length=64, db_index=True)
    report_format = models.CharField(_("format"), max_length=20)
    # The report merged per person: [{"name", "email", "minutes", "joined", "left"}, ...].
    people = models.JSONField(_("people in the report"), default=list)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_count = models.PositiveIntegerField(_("marks changed"), default=0)

    class Meta:
        verbose_name = _("attendance import")
        verbose_name_plural = _("attendance imports")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.file_name} – {self.session}"
