"""Who is in a cohort: the reads that calendars and notifications share.

Today a person is in a cohort as one of its coordinators or facilitators.
Enrolled participants join these functions with the enrolment issue: each
function has one marked place where they are added, so every caller (personal
feeds, change e-mails) picks them up without changing.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from cohorts.models import Cohort


def cohorts_for_person(user) -> QuerySet[Cohort]:
    """The cohorts `user` is in: as coordinator or facilitator.

    Enrolment issue: add `| Q(enrolments__user=user, enrolments__status=<active>)`
    to the filter below; withdrawn participants must stay out.
    """
    if not getattr(user, "pk", None):
        return Cohort.objects.none()
    in_cohort = Q(coordinators=user) | Q(facilitators=user)
    # A subquery of ids keeps the caller's query free of the joins' duplicates.
    return Cohort.objects.filter(pk__in=Cohort.objects.filter(in_cohort).values("pk"))


def people_to_notify(cohort: Cohort) -> list:
    """The active people told about changes to `cohort`'s sessions, each once, by e-mail.

    Enrolment issue: add `| Q(enrolments__cohort=cohort, enrolments__status=<active>)`
    to the filter below.
    """
    User = get_user_model()
    in_cohort = Q(coordinated_cohorts=cohort) | Q(facilitated_cohorts=cohort)
    return list(
        User.objects.filter(
            pk__in=User.objects.filter(in_cohort).values("pk"), is_active=True
        ).order_by("email")
    )
