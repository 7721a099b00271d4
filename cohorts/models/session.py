"""A session: one scheduled seminar of a cohort."""

import uuid
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohorts.domain.local_time import local_label
from cohorts.enums import DeliveryMode, SessionStatus


class Session(models.Model):
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    seminar_number = models.PositiveSmallIntegerField(_("seminar"))
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=180)
    mode = models.CharField(
        _("mode"), max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.ONLINE
    )
    join_url = models.URLField(
        _("join link"),
        blank=True,
        max_length=500,
        help_text=_("Shown only to enrolled people and staff, shortly before the start."),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    change_reason = models.CharField(_("reason for the last change"), max_length=300, blank=True)
    # Calendar identity: the UID never changes, SEQUENCE goes up on every change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "seminar_number"],
                condition=~Q(status=SessionStatus.CANCELLED),
                name="session_one_active_per_seminar",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15) & Q(duration_minutes__lte=600),
                name="session_duration_sane",
            ),
        ]

    def __str__(self):
        return f"{self.cohort} – {self.seminar_number}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    def start_in_cohort_zone(self):
        """The start as the cohort's people read it, with the zone named."""
        return local_label(self.starts_at, self.cohort.time_zone, fmt="D j M Y, H:i")

    start_in_cohort_zone.short_description = _("starts (cohort's time)")
