from datetime import date, datetime

import factory

from cohorts.domain.scheduling import cohort_schedule_create
from cohorts.enums import CohortStatus, EnrolmentStatus
from cohorts.models import Cohort, Enrolment

from .people import RegionFactory, UserFactory


class CohortFactory(factory.django.DjangoModelFactory):
    """Needs `track=` (a TrackPage, e.g. from build_curriculum())."""

    class Meta:
        model = Cohort

    title = factory.Sequence(lambda n: f"Cohort {n}")
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    region = factory.SubFactory(RegionFactory)
    language = "en"
    time_zone = "Europe/London"
    capacity = 30
    status = CohortStatus.DRAFT


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A current application. Needs `cohort=`; a waitlisted or offered one needs its timestamp."""

    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    status = EnrolmentStatus.APPLIED
    commitment_confirmed = True


def open_cohort(track, *, first_start_local=None, join_url="", **fields):
    """A cohort of `track` with one session per module, weekly from `first_start_local`, open.

    Without `first_start_local` the seminars start on 3 May next year at 10:00 (cohort's zone).
    """
    cohort = CohortFactory(track=track, **fields)
    if first_start_local is None:
        first_start_local = datetime(date.today().year + 1, 5, 3, 10)
    cohort_schedule_create(
        cohort=cohort, first_start_local=first_start_local, fold=0, join_url=join_url
    )
    cohort.status = CohortStatus.OPEN
    cohort.save(update_fields=["status"])
    return cohort


def held_cohort(track, *, days_ago=30, **fields):
    """A running cohort of `track` whose seminars are weekly from `days_ago` days ago at 10:00
    UTC (those more than a week apart from now may still be ahead).

    Scheduling refuses the past, so the schedule is made ahead and moved back.
    """
    from datetime import timedelta

    from django.db.models import F
    from django.utils import timezone

    from cohorts.models import Session

    now = timezone.now()
    first = (now - timedelta(days=days_ago)).replace(hour=10, minute=0, second=0, microsecond=0)
    ahead = timedelta(days=days_ago + 400)
    cohort = open_cohort(
        track, first_start_local=(first + ahead).replace(tzinfo=None), time_zone="UTC", **fields
    )
    Session.objects.filter(cohort=cohort).update(starts_at=F("starts_at") - ahead)
    cohort.status = CohortStatus.RUNNING
    cohort.save(update_fields=["status"])
    return cohort


def participant(cohort, **user_fields):
    """A person with a confirmed place in `cohort` (their approved enrolment)."""
    user = UserFactory(**user_fields)
    return EnrolmentFactory(cohort=cohort, user=user, status=EnrolmentStatus.APPROVED)
