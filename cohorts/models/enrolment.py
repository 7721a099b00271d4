"""Enrolment: a person in a cohort, from application to a place (or not).

The state changes live in `cohorts.domain.enrolment`; this module holds the
fields and the database's own guarantees: one current enrolment per person and
cohort, a reason for every refusal, and a deadline on every offer.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from cohorts.enums import ACTIVE_ENROLMENT_STATUSES, EnrolmentStatus


class Enrolment(models.Model):
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.APPLIED,
    )
    nomination = models.ForeignKey(
        "cohorts.Nomination",
        verbose_name=_("nomination"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    commitment_confirmed = models.BooleanField(
        _("committed to attend every seminar"), default=False
    )
    recording_consent = models.BooleanField(_("agrees to be recorded"), default=False)
    eligibility_override = models.CharField(
        _("eligibility override"),
        max_length=300,
        blank=True,
        help_text=_("Why a coordinator admitted someone the track's rules would not."),
    )
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["applied_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"],
                condition=Q(status__in=ACTIVE_ENROLMENT_STATUSES),
                name="enrolment_one_current_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(status=EnrolmentStatus.OFFERED) | Q(offer_expires_at__isnull=False),
                name="enrolment_offer_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(status=EnrolmentStatus.WAITLISTED) | Q(waitlisted_at__isnull=False),
                name="enrolment_waitlist_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[EnrolmentStatus.DECLINED, EnrolmentStatus.REMOVED])
                | ~Q(decision_reason=""),
                name="enrolment_refusal_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "status"]),
            models.Index(fields=["status", "offer_expires_at"]),
        ]

    def __str__(self):
        return f"{self.user} – {self.cohort}"

    @property
    def is_active(self):
        return self.status in ACTIVE_ENROLMENT_STATUSES


class Nomination(models.Model):
    """Someone put forward for a cohort by their union's contact or a coordinator.

    Matched to an account by e-mail address, so people without an account yet
    are invited and find the nomination waiting when they sign up.
    """

    cohort = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=150)
    union = models.ForeignKey(
        "lms.Union",
        verbose_name=_("affiliate union"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominations",
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="nominations_made",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    eligibility_override = models.CharField(
        _("eligibility override"),
        max_length=300,
        blank=True,
        help_text=_(
            "Coordinators only: why this person may join although the track's rules say otherwise."
        ),
    )
    created_at = models.DateTimeField(_("nominated"), auto_now_add=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), "cohort", name="nomination_once_per_cohort"),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}> – {self.cohort}"
