"""Coordinators' scheduling actions in the admin: thin views over the scheduling domain."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from lms.admin_scoping import scope_queryset

from . import forms
from .domain import scheduling
from .domain.exceptions import SchedulingError
from .models import Cohort, Session


def cohort_sessions_url(cohort_id) -> str:
    """The sessions listing filtered to one cohort."""
    return f"{reverse('sessions:index')}?cohort={cohort_id}"


class _DomainActionView(WagtailAdminTemplateMixin, FormView):
    """Loads one row in the viewer's regions (else 404), checks `change`, runs a domain call."""

    template_name = "wagtailadmin/generic/form.html"
    model = None
    region_lookup = None
    submit_button_label = gettext_lazy("Save")
    index_url_name = None

    def dispatch(self, request, pk):
        policy = policy_registry.get_by_type(self.model)
        if not policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        queryset = scope_queryset(self.model.objects.all(), request.user, self.region_lookup)
        self.object = get_object_or_404(queryset, pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            submit_button_label=self.submit_button_label,
            submit_button_active_label=self.submit_button_label,
            object=self.object,
        )
        return context

    def warn(self, clashes):
        for clash in clashes:
            messages.warning(self.request, str(clash))

    def form_valid(self, form):
        try:
            message = self.perform(form.cleaned_data)
        except SchedulingError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return self.form_invalid(form)
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url())


class _CohortActionView(_DomainActionView):
    model = Cohort
    region_lookup = "region"
    header_icon = "calendar"

    def get_success_url(self):
        return cohort_sessions_url(self.object.pk)


class ScheduleCohortView(_CohortActionView):
    form_class = forms.ScheduleForm
    page_title = gettext_lazy("Build the schedule")
    submit_button_label = gettext_lazy("Create the sessions")

    def get_initial(self):
        return {"interval_days": 7}

    def perform(self, data):
        sessions = scheduling.cohort_schedule_create(
            cohort=self.object,
            first_start_local=data["first_start"],
            interval_days=data["interval_days"],
            fold=data["fold"],
            join_url=data["join_url"],
            venue=data["venue"],
        )
        for session in sessions:
            self.warn(scheduling.facilitator_clashes(session))
        return _("%(count)s sessions created in %(zone)s.") % {
            "count": len(sessions),
            "zone": self.object.time_zone,
        }


class OpenCohortView(_CohortActionView):
    form_class = forms.ConfirmForm
    page_title = gettext_lazy("Open for enrolment")
    submit_button_label = gettext_lazy("Open for enrolment")

    def perform(self, data):
        scheduling.cohort_open_for_enrolment(cohort=self.object)
        return _("%(cohort)s is open for enrolment.") % {"cohort": self.object}


class CopyCohortView(_CohortActionView):
    form_class = forms.CopyCohortForm
    page_title = gettext_lazy("Copy to new dates")
    submit_button_label = gettext_lazy("Copy")

    def perform(self, data):
        self.copy = scheduling.cohort_copy(
            cohort=self.object,
            title=data["title"],
            slug=data["slug"],
            first_start_local=data["first_start"],
            fold=data["fold"],
        )
        return _("%(cohort)s created as a draft.") % {"cohort": self.copy}

    def get_success_url(self):
        return cohort_sessions_url(self.copy.pk)


class _SessionActionView(_DomainActionView):
    model = Session
    region_lookup = "cohort__region"
    header_icon = "time"

    def get_success_url(self):
        return cohort_sessions_url(self.object.cohort_id)


class MoveSessionView(_SessionActionView):
    form_class = forms.MoveSessionForm
    page_title = gettext_lazy("Move session")
    submit_button_label = gettext_lazy("Move")

    def perform(self, data):
        self.warn(
            scheduling.session_move(
                session=self.object,
                start_local=data["new_start"],
                fold=data["fold"],
                reason=data["reason"],
            )
        )
        return _("The session has moved.")


class CancelSessionView(_SessionActionView):
    form_class = forms.CancelSessionForm
    page_title = gettext_lazy("Cancel session")
    submit_button_label = gettext_lazy("Cancel the session")

    def perform(self, data):
        scheduling.session_cancel(session=self.object, reason=data["reason"])
        return _("The session has been cancelled.")
