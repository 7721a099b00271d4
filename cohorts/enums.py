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
