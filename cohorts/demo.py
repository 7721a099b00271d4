"""Demo cohorts: every track in every region, sessions spread over the coming months."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from cohorts.domain.scheduling import cohort_open_for_enrolment, cohort_schedule_create
from cohorts.enums import CohortStatus
from cohorts.models import Cohort
from courses.models import TrackPage
from lms.models import Region, User

# (region slug, zone, language, interpretation, local start hour, weeks from now)
REGION_PLANS = [
    ("africa-arab", "Africa/Nairobi", "en", ["fr", "ar"], 10, 2),
    ("inter-america", "America/Sao_Paulo", "es", ["pt", "en"], 14, 3),
    ("asia-pacific", "Asia/Manila", "en", [], 9, 4),
    ("europe", "Europe/Brussels", "en", ["fr", "es", "ru"], 13, 5),
    ("global", "UTC", "en", ["es", "fr"], 12, 6),
]

TRACK_OFFSETS_WEEKS = {"curator": 0, "leader": 8, "representative": 16}


@transaction.atomic
def seed_cohorts():
    """Create the demo cohorts that are missing; leave existing ones alone."""
    tracks = {t.kind: t for t in TrackPage.objects.live()}
    today = timezone.localdate()
    for slug, zone, language, interpretation, hour, weeks in REGION_PLANS:
        region = Region.objects.get(slug=slug)
        coordinators = list(
            User.objects.filter(
                role_assignments__role="coordinator", role_assignments__region=region
            )
        )
        facilitators = list(User.objects.filter(role_assignments__role="facilitator"))
        for kind, track in tracks.items():
            cohort_slug = f"{slug}-{track.slug}"
            if Cohort.objects.filter(slug=cohort_slug).exists():
                continue
            cohort = Cohort.objects.create(
                track=track,
                region=region,
                title=f"{track.title} – {region.name}",
                slug=cohort_slug,
                language=language,
                interpretation_languages=interpretation,
                time_zone=zone,
                capacity=30 if kind != "leader" else 40,
                status=CohortStatus.DRAFT,
            )
            cohort.coordinators.set(coordinators)
            cohort.facilitators.set(facilitators)
            first_day = today + timedelta(weeks=weeks + TRACK_OFFSETS_WEEKS[kind])
            # Seminars on a Tuesday, a week apart, at the region's usual hour.
            first_day += timedelta(days=(1 - first_day.weekday()) % 7)
            cohort_schedule_create(
                cohort=cohort,
                first_start_local=datetime.combine(first_day, time(hour)),
                fold=0,
                join_url=f"https://meet.example.org/{cohort_slug}",
            )
            if kind != "representative":
                cohort_open_for_enrolment(cohort=cohort)
