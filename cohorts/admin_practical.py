"""Reviewers read practical submissions and decide on them in the admin.

Reviewers are the people `review_cohorts` names: programme administrators,
regional coordinators and curators in their regions, and a cohort's own
coordinators and facilitators. A submission outside those cohorts is a 404.
The decision itself is `cohorts.domain.practical.submission_review`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_common import ScopedMenuItem, row_or_404
from .domain.access import review_cohorts
from .domain.exceptions import AttendanceError
from .domain.practical import (
    reviewable_submissions,
    submission_fingerprint,
    submission_review,
)
from .enums import EnrolmentStatus, SubmissionStatus
from .forms_practical import ReviewForm, SubmissionFilterForm
from .models import Submission

PAGE_TITLE = gettext_lazy("Practical submissions")


def index_url() -> str:
    return reverse("practical_admin:index")


class _ReviewerMixin(WagtailAdminTemplateMixin):
    header_icon = "clipboard-list"

    def dispatch(self, request, *args, **kwargs):
        self.cohorts = review_cohorts(request.user)
        if not self.cohorts.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SubmissionIndexView(_ReviewerMixin, TemplateView):
    """The submissions of the viewer's cohorts, those waiting for review first."""

    template_name = "cohorts/admin/practical_index.html"
    page_title = PAGE_TITLE
    per_page = 50

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        form = SubmissionFilterForm(self.request.GET or None, cohorts=self.cohorts)
        # A cohort outside the viewer's, or one that does not exist: the same answer.
        if form.is_bound and not form.is_valid() and "cohort" in form.errors:
            raise Http404
        data = form.cleaned_data if form.is_bound else {}
        waiting = SubmissionStatus.SUBMITTED
        rows = (
            Submission.objects.filter(enrolment__cohort__in=self.cohorts)
            .select_related("enrolment__user", "enrolment__cohort", "reviewed_by")
            .annotate(
                file_count=Count("files"),
                waiting_first=Case(
                    When(status=waiting, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                waiting_since=Case(When(status=waiting, then="submitted_at")),
            )
            .order_by("waiting_first", "waiting_since", "-submitted_at", "-pk")
        )
        if data.get("cohort"):
            rows = rows.filter(enrolment__cohort=data["cohort"])
        if data.get("status"):
            rows = rows.filter(status=data["status"])
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("p"))
        params = self.request.GET.copy()
        params.pop("p", None)
        return super().get_context_data(
            filter_form=form, page=page, page_query=params.urlencode(), **kwargs
        )


class SubmissionReviewView(_ReviewerMixin, TemplateView):
    """One submission with its assignment, files and history, and the decision form."""

    template_name = "cohorts/admin/practical_review.html"

    def _load(self):
        submissions = (
            reviewable_submissions(self.request.user)
            .select_related("enrolment__user", "enrolment__user__union", "enrolment__cohort__track")
            .select_related("enrolment__cohort__region", "reviewed_by")
        )
        return row_or_404(submissions, self.kwargs["pk"])

    def get_page_title(self):
        return _("Practical part of %(person)s") % {"person": self.submission.enrolment.user}

    def get_page_subtitle(self):
        return str(self.submission.enrolment.cohort)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": index_url(), "label": PAGE_TITLE},
            {"url": "", "label": self.get_page_title()},
        ]

    def _render(self, form):
        submission = self.submission
        enrolment = submission.enrolment
        context = self.get_context_data(
            submission=submission,
            enrolment=enrolment,
            person=enrolment.user,
            cohort=enrolment.cohort,
            track=enrolment.cohort.track,
            files=list(submission.files.all()),
            reviews=list(submission.reviews.select_related("reviewed_by")),
            form=form,
            seen=submission_fingerprint(submission),
            can_decide=submission.status == SubmissionStatus.SUBMITTED
            and enrolment.status == EnrolmentStatus.APPROVED
            and enrolment.user_id != self.request.user.pk,
            has_place=enrolment.status == EnrolmentStatus.APPROVED,
        )
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        self.submission = self._load()
        return self._render(ReviewForm())

    def post(self, request, *args, **kwargs):
        self.submission = self._load()
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                submission_review(
                    submission=self.submission,
                    decision=form.cleaned_data["decision"],
                    feedback=form.cleaned_data["feedback"],
                    by=request.user,
                    # The page sends what it showed; None (not sent) skips the comparison.
                    seen=request.POST.get("seen"),
                )
            except AttendanceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _("Your decision on %(person)s's practical part has been sent to them.")
                    % {"person": self.submission.enrolment.user},
                )
                return redirect(index_url())
        messages.error(request, _("Nothing was decided: please correct the errors below."))
        return self._render(form)


urlpatterns = [
    path("", SubmissionIndexView.as_view(), name="index"),
    path("<str:pk>/", SubmissionReviewView.as_view(), name="review"),
]


@hooks.register("register_admin_urls")
def register_practical_urls():
    return [
        path("practical/", include((urlpatterns, "practical_admin"), namespace="practical_admin"))
    ]


@hooks.register("register_admin_menu_item")
def register_practical_menu_item():
    return ScopedMenuItem(
        PAGE_TITLE,
        index_url(),
        name="practical-submissions",
        icon_name="clipboard-list",
        order=203,
        has_scope=review_cohorts,
    )
