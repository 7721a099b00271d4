"""Attendance: a person at a session, every change to it, and apologies given in advance."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohorts.enums import AttendanceSource, AttendanceStatus


class Attendance(models.Model):
    """One person's mark for one session. No row means "not yet marked"."""

    session = models.ForeignKey(
        "cohorts.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    status = models.CharField(_("status"), max_length=20, choices=AttendanceStatus.choices)
    minutes_attended = models.PositiveSmallIntegerField(
        _("minutes attended"), null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.CharField(
        _("recorded through"),
        max_length=20,
        choices=AttendanceSource.choices,
        default=AttendanceSource.REGISTER,
    )
    # A guest from another cohort of the same track, making up an excused absence there.
    is_makeup = models.BooleanField(_("making up a seminar of another cohort"), default=False)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session__starts_at", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="attendance_once_per_session"),
            models.CheckConstraint(
                condition=Q(minutes_attended__isnull=True) | Q(minutes_attended__lte=1440),
                name="attendance_minutes_sane",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.user} – {self.session}: {self.get_status_display()}"


class AttendanceChange(models.Model):
    """Who changed a mark, when, and from what to what. Append-only."""

    attendance = models.ForeignKey(
        Attendance, verbose_name=_("attendance"), on_delete=models.CASCADE, related_name="changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True, db_index=True)
    source = models.CharField(
        _("recorded through"), max_length=20, choices=AttendanceSource.choices
    )
    status_before = models.CharField(
        _("status before"), max_length=20, choices=AttendanceStatus.choices, blank=True
    )
    status_after = models.CharField(
        _("status after"), max_length=20, choices=AttendanceStatus.choices
    )
    minutes_before = models.PositiveSmallIntegerField(_("minutes before"), null=True, blank=True)
    minutes_after = models.PositiveSmallIntegerField(_("minutes after"), null=True, blank=True)
    note_before = models.CharField(_("note before"), max_length=500, blank=True)
    note_after = models.CharField(_("note after"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.attendance}: {self.status_before or '–'} → {self.status_after}"


class Apology(models.Model):
    """A participant's advance notice that they cannot attend a session, with the reason."""

    session = models.ForeignKey(
        "cohorts.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="apologies",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="apologies",
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("apology")
        verbose_name_plural = _("apologies")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="apology_once_per_session"),
        ]

    def __str__(self):
        return f"{self.user} – {self.session}"


class CheckInFailure(models.Model):
    """A wrong check-in code, counted to rate-limit guessing (kept in the database, so the
    limit holds whatever happens to the cache)."""

    session = models.ForeignKey(
        "cohorts.Session", on_delete=models.CASCADE, related_name="check_in_failures"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    attempted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["session", "user", "attempted_at"])]

    def __str__(self):
        return f"{self.user_id} – {self.session_id} at {self.attempted_at:%Y-%m-%d %H:%M}"
