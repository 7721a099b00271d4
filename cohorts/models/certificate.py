"""Certificates of completion, verifiable by anyone who holds the code."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    """Issued when an enrolment is completed. What it certifies is copied at issue time, so
    a later change of track title or name does not alter a certificate already handed out;
    a coordinator revokes it and issues a new one instead."""

    enrolment = models.ForeignKey(
        "cohorts.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    full_name = models.CharField(_("name on the certificate"), max_length=150)
    track_title = models.CharField(_("track"), max_length=255)
    region_name = models.CharField(_("region"), max_length=100)
    language = models.CharField(_("language"), max_length=8)
    completed_on = models.DateField(_("completed on"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_one_valid_per_enrolment",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="certificate_revocation_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} – {self.track_title} ({self.code})"

    @property
    def is_valid(self):
        return self.revoked_at is None
