"""Public cohort pages: thin views over cohorts.domain.catalogue."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from lms.filters import chosen_filters

from .domain.catalogue import (
    cohort_schedule,
    public_cohort_queryset,
    public_cohorts,
    track_modules,
    with_language_names,
)
from .domain.eligibility import enrolment_window_problem
from .filters_public import PublicCohortFilterSet
from .views_enrolment import current_enrolment

COHORTS_PER_PAGE = 20


def _private_when_signed_in(request, response):
    # Times are shown in the signed-in person's own zone: no shared cache may reuse them.
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    return response


@require_safe
def cohort_list(request):
    filterset = PublicCohortFilterSet(request.GET, queryset=public_cohorts())
    page = Paginator(filterset.qs, COHORTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = with_language_names(page.object_list)
    kept = chosen_filters(request, filterset)
    response = render(
        request,
        "cohorts/cohort_list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "page_obj": page,
            "cohorts": page.object_list,
            "is_filtered": bool(kept),
            "query_prefix": f"{kept.urlencode()}&" if kept else "",
        },
    )
    return _private_when_signed_in(request, response)


@require_safe
def cohort_detail(request, slug):
    cohort = get_object_or_404(public_cohort_queryset(), slug=slug)
    with_language_names([cohort])
    response = render(
        request,
        "cohorts/cohort_detail.html",
        {
            "cohort": cohort,
            "track": cohort.track,
            "modules": track_modules(cohort.track),
            "schedule": cohort_schedule(cohort),
            "enrolment": current_enrolment(user=request.user, cohort=cohort),
            "enrolment_closed": enrolment_window_problem(cohort=cohort),
        },
    )
    return _private_when_signed_in(request, response)
