"""Who may see and act on a cohort's delivery records: registers, submissions, certificates.

Programme administrators act everywhere; a regional coordinator in their regions;
a cohort's own coordinators and facilitators in that cohort. Curators of a region
also review practical submissions there. Everyone else is an outsider, and views
answer them 404 so that nothing about the records is revealed.
"""

from django.db.models import Q, QuerySet

from cohorts.models import Cohort
from lms.domain.roles import coordinated_regions, is_programme_admin, regions_for_role
from lms.enums import StaffRole


def _staff_filter(user) -> Q:
    return Q(region__in=coordinated_regions(user)) | Q(coordinators=user) | Q(facilitators=user)


def _as_ids(queryset, condition: Q) -> QuerySet[Cohort]:
    # A subquery of ids keeps callers' queries free of the many-to-many joins' duplicates.
    return Cohort.objects.filter(pk__in=queryset.filter(condition).values("pk"))


def attendance_cohorts(user) -> QuerySet[Cohort]:
    """Cohorts whose registers, completion and certificates `user` may manage."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Cohort.objects.none()
    if is_programme_admin(user):
        return Cohort.objects.all()
    return _as_ids(Cohort.objects.all(), _staff_filter(user))


def certificate_cohorts(user) -> QuerySet[Cohort]:
    """Cohorts whose certificates `user` may issue and revoke: a coordinator's decision, so
    programme administrators, coordinators of the region and the cohort's coordinators."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Cohort.objects.none()
    if is_programme_admin(user):
        return Cohort.objects.all()
    condition = Q(region__in=coordinated_regions(user)) | Q(coordinators=user)
    return _as_ids(Cohort.objects.all(), condition)


def review_cohorts(user) -> QuerySet[Cohort]:
    """Cohorts whose practical submissions `user` may review: the above, and curators'
    regions."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Cohort.objects.none()
    if is_programme_admin(user):
        return Cohort.objects.all()
    curated = Q(region__in=regions_for_role(user, StaffRole.CURATOR))
    return _as_ids(Cohort.objects.all(), _staff_filter(user) | curated)


def can_coordinate(user, cohort_id: int) -> bool:
    """Whether `user` makes the coordinator's decisions for the cohort (see
    `certificate_cohorts`)."""
    return certificate_cohorts(user).filter(pk=cohort_id).exists()


def can_manage_attendance(user, cohort: Cohort) -> bool:
    return attendance_cohorts(user).filter(pk=cohort.pk).exists()


def can_review_submissions(user, cohort: Cohort) -> bool:
    return review_cohorts(user).filter(pk=cohort.pk).exists()
