import factory

from cohorts.enums import CohortStatus
from cohorts.models import Cohort

from .people import RegionFactory


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
