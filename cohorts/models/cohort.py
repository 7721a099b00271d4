"""A cohort: one run of a track in one region, in one language."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cohorts.enums import PUBLIC_COHORT_STATUSES, CohortStatus, DeliveryMode
from lms.models.people import LANGUAGE_CHOICES, validate_time_zone


class Cohort(models.Model):
    track = models.ForeignKey(
        "courses.TrackPage",
        verbose_name=_("track"),
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    region = models.ForeignKey(
        "lms.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="cohorts"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="en")
    interpretation_languages = models.JSONField(
        _("interpretation into"),
        default=list,
        blank=True,
        help_text=_("Languages with simultaneous interpretation."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("Session times are entered in this zone."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    enrolment_opens_at = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes_at = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    ends_on = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("No session may be scheduled after this day (in the cohort's zone)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CohortStatus.choices, default=CohortStatus.DRAFT
    )
    delivery_mode = models.CharField(
        _("delivery mode"), max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.ONLINE
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        related_name="coordinated_cohorts",
        blank=True,
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        related_name="facilitated_cohorts",
        blank=True,
    )
    present_percent = models.PositiveSmallIntegerField(
        _("present from (percentage of the seminar)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Imported video-call reports mark people present from this share of the seminar; "
            "less is late or left early."
        ),
    )
    attended_min_percent = models.PositiveSmallIntegerField(
        _("counts as attended from (percentage of the seminar)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Someone late or leaving early still completes the seminar from this share of it."
        ),
    )
    recording_makeup_allowed = models.BooleanField(
        _("watching the recording makes up an excused absence"), default=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["region__sort_order", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
            models.CheckConstraint(
                condition=Q(enrolment_opens_at__isnull=True)
                | Q(enrolment_closes_at__isnull=True)
                | Q(enrolment_opens_at__lt=F("enrolment_closes_at")),
                name="cohort_enrolment_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(present_percent__gte=1)
                & Q(present_percent__lte=100)
                & Q(attended_min_percent__lte=F("present_percent")),
                name="cohort_attendance_thresholds_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "region"])]

    def __str__(self):
        return self.title

    @property
    def zone(self):
        import zoneinfo

        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_public(self):
        """Draft and cancelled cohorts are not shown to the public."""
        return self.status in PUBLIC_COHORT_STATUSES
