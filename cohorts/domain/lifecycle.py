"""Cohorts move from open to running to completed as their sessions happen."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from cohorts.enums import CohortStatus, SessionStatus
from cohorts.models import Cohort

from .enrolment import cohort_waiting_close
from .scheduling import MAX_SESSION_MINUTES

_ACTIVE = ~Q(sessions__status=SessionStatus.CANCELLED)


def cohort_statuses_advance(*, now=None) -> dict[str, int]:
    """Open or full cohorts whose first seminar has started are running; running cohorts whose
    last seminar has ended are completed. Returns how many cohorts changed, by new status."""
    now = now or timezone.now()
    with transaction.atomic():
        started = list(
            Cohort.objects.filter(status__in=[CohortStatus.OPEN, CohortStatus.FULL])
            .annotate(first_start=Min("sessions__starts_at", filter=_ACTIVE))
            .filter(first_start__lte=now)
        )
        running = Cohort.objects.filter(pk__in=[c.pk for c in started]).update(
            status=CohortStatus.RUNNING
        )
        # Nobody new can attend every seminar now: applications and the waiting list end.
        for cohort in started:
            cohort_waiting_close(cohort=cohort, now=now)

        # Sessions last at most MAX_SESSION_MINUTES: only those cohorts need the exact check.
        candidates = (
            Cohort.objects.filter(status=CohortStatus.RUNNING)
            .annotate(last_start=Max("sessions__starts_at", filter=_ACTIVE))
            .filter(last_start__lte=now)
            .prefetch_related("sessions")
        )
        finished = [
            cohort.pk
            for cohort in candidates
            if cohort.last_start + timedelta(minutes=MAX_SESSION_MINUTES) <= now
            or all(s.ends_at <= now for s in cohort.sessions.all() if not s.is_cancelled)
        ]
        completed = Cohort.objects.filter(pk__in=finished).update(status=CohortStatus.COMPLETED)
    return {CohortStatus.RUNNING: running, CohortStatus.COMPLETED: completed}
