from django.db import transaction
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from lms.admin_scoping import RegionScopedViewSet, ScopedEditView, ScopedIndexView
from lms.permissions import ModelPolicyWithout

from . import (  # noqa: F401 - the admin_* modules register their own hooks
    admin_attendance,
    admin_attendance_import,
    admin_calendar,
    admin_certificates,
    admin_enrolments,
    admin_practical,
    admin_recording_editing,
    admin_recordings,
    admin_reports,
    admin_views,
)
from .domain.enrolment import cohort_capacity_problem, cohort_places_offer
from .domain.scheduling import session_update_details
from .enums import ENROLLING_COHORT_STATUSES, CohortStatus
from .filters import CohortFilterSet, EnrolmentFilterSet, NominationFilterSet, SessionFilterSet
from .forms import CohortForm
from .models import Cohort, Enrolment, Nomination, Session


# Cohorts that still take nominations on their public page.
class CohortIndexView(ScopedIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        pk = instance.pk
        buttons.append(
            MenuItem(_("Sessions"), url=admin_views.cohort_sessions_url(pk), icon_name="time")
        )
        if instance.status == CohortStatus.DRAFT:
            buttons.append(
                MenuItem(
                    _("Build the schedule"),
                    url=reverse("cohorts:schedule", args=[pk]),
                    icon_name="calendar",
                )
            )
            buttons.append(
                MenuItem(
                    _("Open for enrolment"),
                    url=reverse("cohorts:open", args=[pk]),
                    icon_name="tick",
                )
            )
        buttons.append(
            MenuItem(
                _("Copy to new dates"), url=reverse("cohorts:copy_to", args=[pk]), icon_name="copy"
            )
        )
        if instance.status in (CohortStatus.RUNNING, CohortStatus.COMPLETED):
            buttons.append(
                MenuItem(
                    _("Progress towards completion"),
                    url=reverse("attendance_admin:progress", args=[pk]),
                    icon_name="tasks",
                )
            )
        if admin_enrolments.can_review(self.request.user):
            buttons.append(
                MenuItem(
                    _("Review applications"),
                    url=admin_enrolments.review_url(cohort=pk),
                    icon_name="tasks",
                )
            )
        if instance.status in ENROLLING_COHORT_STATUSES:
            buttons.append(
                MenuItem(
                    _("Nominate people"),
                    url=reverse("catalogue:nominate", args=[instance.slug]),
                    icon_name="user",
                )
            )
        return buttons


class CohortEditView(ScopedEditView):
    def form_valid(self, form):
        # The cohort's row is locked while the capacity is checked and saved, as every
        # enrolment change locks it: no approval can slip in between.
        with transaction.atomic():
            locked = Cohort.objects.select_for_update(of=("self",)).get(pk=self.object.pk)
            problem = cohort_capacity_problem(
                cohort=locked, capacity=form.cleaned_data.get("capacity")
            )
            if problem:
                form.add_error("capacity", problem)
                self.produced_error_message = self.get_error_message()
                return self.form_invalid(form)
            # The status is the domain's (open, full, running…), not what the form loaded.
            form.instance.status = locked.status
            return super().form_valid(form)

    def save_instance(self):
        cohort = super().save_instance()
        # A raised capacity frees places: the people waiting are offered them first.
        cohort_places_offer(cohort=cohort)
        return cohort


class CohortViewSet(RegionScopedViewSet):
    model = Cohort
    name = "cohorts"
    icon = "calendar"
    menu_label = _("Cohorts")
    index_view_class = CohortIndexView
    edit_view_class = CohortEditView
    filterset_class = CohortFilterSet
    list_display = ["title", "track", "region", "language", "status", "capacity"]
    list_select_related = ("region", "track")
    search_fields = ["title", "slug"]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("track"), FieldPanel("region")]),
        FieldRowPanel([FieldPanel("language"), FieldPanel("interpretation_languages")]),
        FieldRowPanel(
            [FieldPanel("time_zone"), FieldPanel("capacity"), FieldPanel("delivery_mode")]
        ),
        MultiFieldPanel(
            [
                FieldPanel("enrolment_opens_at"),
                FieldPanel("enrolment_closes_at"),
                FieldPanel("ends_on"),
            ],
            heading=_("Dates"),
        ),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("coordinators"), FieldPanel("facilitators")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("present_percent"), FieldPanel("attended_min_percent")]),
                FieldPanel("recording_makeup_allowed"),
            ],
            heading=_("Attendance and completion"),
        ),
    ]

    def get_form_class(self, for_update=False):
        return CohortForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("schedule/<int:pk>/", admin_views.ScheduleCohortView.as_view(), name="schedule"),
            path("open/<int:pk>/", admin_views.OpenCohortView.as_view(), name="open"),
            path("copy-to/<int:pk>/", admin_views.CopyCohortView.as_view(), name="copy_to"),
        ]


class SessionIndexView(ScopedIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not instance.is_cancelled:
            buttons.append(
                MenuItem(
                    _("Add a recording"),
                    url=reverse("recordings_admin:add", args=[instance.pk]),
                    icon_name="media",
                )
            )
            buttons.append(
                MenuItem(
                    _("Attendance register"),
                    url=reverse("attendance_admin:register", args=[instance.pk]),
                    icon_name="tasks",
                )
            )
            buttons.append(
                MenuItem(
                    _("Move"), url=reverse("sessions:move", args=[instance.pk]), icon_name="time"
                )
            )
            buttons.append(
                MenuItem(
                    _("Cancel"),
                    url=reverse("sessions:cancel", args=[instance.pk]),
                    icon_name="cross",
                )
            )
        return buttons


class SessionEditView(ScopedEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return session_update_details(
            session=self.object, join_url=data["join_url"], venue=data["venue"], mode=data["mode"]
        )


# Sessions come from a cohort's schedule and are cancelled, never added or deleted by hand.
register_permission_policy(Session, ModelPolicyWithout(Session, denied={"add", "delete"}))


class SessionViewSet(RegionScopedViewSet):
    model = Session
    name = "sessions"
    icon = "time"
    menu_label = _("Sessions")
    region_lookup = "cohort__region"
    list_select_related = ("cohort", "cohort__region")
    index_view_class = SessionIndexView
    edit_view_class = SessionEditView
    filterset_class = SessionFilterSet
    list_display = ["cohort", "seminar_number", "start_in_cohort_zone", "status", "mode"]
    ordering = ["starts_at"]
    form_fields = ["mode", "join_url", "venue"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("move/<int:pk>/", admin_views.MoveSessionView.as_view(), name="move"),
            path("cancel/<int:pk>/", admin_views.CancelSessionView.as_view(), name="cancel"),
        ]


# Enrolments change only through the domain's actions ("Review applications"); the
# `change` permission lets coordinators take them, but there is no generic edit page.
register_permission_policy(Enrolment, ModelPolicyWithout(Enrolment, denied={"add", "delete"}))
# Nominations are made on the cohort's public page; the admin only lists them.
register_permission_policy(
    Nomination, ModelPolicyWithout(Nomination, denied={"add", "change", "delete"})
)


class EnrolmentViewSet(admin_enrolments.NoGenericEditsMixin, RegionScopedViewSet):
    model = Enrolment
    name = "enrolments"
    icon = "user"
    menu_label = _("Enrolments")
    region_lookup = "cohort__region"
    list_select_related = ("user", "user__union", "cohort")
    index_view_class = admin_enrolments.EnrolmentIndexView
    inspect_view_class = admin_enrolments.EnrolmentInspectView
    filterset_class = EnrolmentFilterSet
    search_fields = ["user__full_name", "user__email"]
    ordering = ["applied_at", "id"]
    list_per_page = 50

    @property
    def list_display(self):
        return admin_enrolments.enrolment_columns()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("review/", admin_enrolments.EnrolmentReviewView.as_view(), name="review"),
        ]


class NominationViewSet(admin_enrolments.NoGenericEditsMixin, RegionScopedViewSet):
    model = Nomination
    name = "nominations"
    icon = "mail"
    menu_label = _("Nominations")
    region_lookup = "cohort__region"
    list_select_related = ("union", "cohort", "nominated_by")
    filterset_class = NominationFilterSet
    search_fields = ["full_name", "email"]
    ordering = ["-created_at", "-id"]
    inspect_view_fields = [
        "full_name",
        "email",
        "union",
        "cohort",
        "nominated_by",
        "note",
        "eligibility_override",
        "created_at",
    ]

    @property
    def list_display(self):
        return admin_enrolments.nomination_columns()


class DeliveryGroup(ViewSetGroup):
    menu_label = _("Delivery")
    menu_icon = "calendar"
    menu_order = 200
    items = (CohortViewSet, SessionViewSet, EnrolmentViewSet, NominationViewSet)


@hooks.register("register_admin_viewset")
def register_delivery():
    return DeliveryGroup()
