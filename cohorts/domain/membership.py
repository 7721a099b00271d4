"""Who is in a cohort: the reads that calendars and notifications share.

A person is in a cohort as one of its coordinators or facilitators, or as a
participant whose place is approved. Applicants, people on the waiting list,
and people who withdrew or were removed are not: their calendars and inboxes
hear nothing of its sessions.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from cohorts.enums import EnrolmentStatus
from cohorts.models import Cohort


def cohorts_for_person(user) -> QuerySet[Cohort]:
    """The cohorts `user` is in: as coordinator, facilitator or approved participant."""
    if not getattr(user, "pk", None):
        return Cohort.objects.none()
    in_cohort = (
        Q(coordinators=user)
        | Q(facilitators=user)
        | Q(enrolments__user=user, enrolments__status=EnrolmentStatus.APPROVED)
    )
    # A subquery of ids keeps the caller's query free of the joins' duplicates.
    return Cohort.objects.filter(pk__in=Cohort.objects.filter(in_cohort).values("pk"))


def people_to_notify(cohort: Cohort) -> list:
    """The active people told about changes to `cohort`'s sessions, each once, by e-mail."""
    User = get_user_model()
    in_cohort = (
        Q(coordinated_cohorts=cohort)
        | Q(facilitated_cohorts=cohort)
        | Q(enrolments__cohort=cohort, enrolments__status=EnrolmentStatus.APPROVED)
    )
    return list(
        User.objects.filter(
            pk__in=User.objects.filter(in_cohort).values("pk"), is_active=True
        ).order_by("email")
    )
