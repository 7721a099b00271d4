from django.db import models
from django.utils.translation import gettext_lazy as _


class CohortStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for enrolment")
    FULL = "full", _("Full")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# The statuses in which a cohort is shown to the public (pages, catalogue, feeds).
PUBLIC_COHORT_STATUSES = frozenset(
    {CohortStatus.OPEN, CohortStatus.FULL, CohortStatus.RUNNING, CohortStatus.COMPLETED}
)


class DeliveryMode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    MOVED = "moved", _("Moved")
    CANCELLED = "cancelled", _("Cancelled")


class EnrolmentStatus(models.TextChoices):
    APPLIED = "applied", _("Application received")
    APPROVED = "approved", _("Place confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Place offered")
    DECLINED = "declined", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REMOVED = "removed", _("Removed by a coordinator")
    EXPIRED = "expired", _("Offer expired")


# Cohorts that take applications and give places: once the first seminar has happened,
# nobody new could attend them all.
ENROLLING_COHORT_STATUSES = (CohortStatus.OPEN, CohortStatus.FULL)

# An enrolment in one of these is current: one per person and cohort.
ACTIVE_ENROLMENT_STATUSES = (
    EnrolmentStatus.APPLIED,
    EnrolmentStatus.APPROVED,
    EnrolmentStatus.WAITLISTED,
    EnrolmentStatus.OFFERED,
)
# These hold one of the cohort's places: an offered place is kept until it is
# accepted or lapses, so it counts against capacity.
SEAT_HOLDING_STATUSES = (EnrolmentStatus.APPROVED, EnrolmentStatus.OFFERED)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    LEFT_EARLY = "left_early", _("Left early")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


# Marks that mean the person was there (late and left early only above the cohort's
# minimum share of the seminar, where minutes are known).
ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY)


class AttendanceSource(models.TextChoices):
    REGISTER = "register", _("Register")
    CHECK_IN = "check_in", _("Self check-in")
    IMPORT = "import", _("Video-call report")


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    NEEDS_REVISION = "needs_revision", _("Needs revision")
    ACCEPTED = "accepted", _("Accepted")


class ProgressState(models.TextChoices):
    """Where a participant stands towards completing their cohort."""

    COMPLETED = "completed", _("Completed")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    CANNOT_COMPLETE = "cannot_complete", _("Unable to complete")


class Visibility(models.TextChoices):
    """Who may see a recording or a reference material, narrowest first."""

    COHORT = "cohort", _("The cohort's people")
    TRACK = "track", _("Everyone enrolled in this track, in any region")
    MEMBERS = "members", _("All signed-in members")
    PUBLIC = "public", _("Everyone (public)")


# Beyond the cohort, a coordinator must approve.
VISIBILITY_NEEDING_APPROVAL = (Visibility.TRACK, Visibility.MEMBERS, Visibility.PUBLIC)


class RecordingSource(models.TextChoices):
    FILE = "file", _("Uploaded file")
    LINK = "link", _("Link to a video service")


class ProcessingStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be processed")
    PROCESSING = "processing", _("Being processed")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Processing failed")
