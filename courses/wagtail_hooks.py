from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.views.generic import history, usage
from wagtail.admin.views.generic import models as generic
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cohorts.domain.exceptions import AttendanceError
from cohorts.enums import CohortStatus, SessionStatus
from cohorts.models import Session
from lms.admin_scoping import RegionScopedViewSet
from lms.domain.roles import is_programme_admin

from .domain.materials import (
    EDITOR_ROLES,
    MATERIAL_EXTENSIONS,
    material_create,
    material_delete,
    material_file_check,
    material_regions,
    material_update,
    materials_managed_by,
)
from .filters import ReferenceMaterialFilterSet
from .models import ModulePage, ReferenceMaterial, Topic, TrackPage

# Sessions offered when attaching a material: those still to be delivered.
LIVE_COHORT_STATUSES = (
    CohortStatus.DRAFT,
    CohortStatus.OPEN,
    CohortStatus.FULL,
    CohortStatus.RUNNING,
)
LIVE_SESSION_STATUSES = (SessionStatus.SCHEDULED, SessionStatus.MOVED)


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["number", "title", "slug"]
    search_fields = ["title", "description"]
    ordering = ["number"]


register_snippet(TopicViewSet)


# --- Reference materials -------------------------------------------------------------------
# The listing and every way into a row are limited to the regions whose materials the viewer
# manages (`materials_managed_by`: coordinators', curators' and facilitators' regions), which
# is wider than lms.admin_scoping's coordinated regions; rows outside them answer 404. What
# each may do there (view, add, change, delete) is their role's Django permissions. Writes go
# through courses.domain.materials, whose refusals become errors next to the fields.


def _session_label(session):
    return _("%(cohort)s – seminar %(number)d, %(start)s") % {
        "cohort": session.cohort.title,
        "number": session.seminar_number,
        "start": session.start_in_cohort_zone(),
    }


def _module_labeller():
    # Modules' titles repeat across tracks; their track (the parent page) tells them apart.
    track_titles = dict(TrackPage.objects.values_list("path", "title"))

    def label(module):
        track = track_titles.get(module.path[: -ModulePage.steplen], "")
        return _("%(track)s: %(module)s") % {"track": track, "module": module.title}

    return label


class MaterialForm(WagtailAdminModelForm):
    upload = forms.FileField(label=_("File"), required=False)

    class Meta:
        model = ReferenceMaterial
        fields = [
            "title",
            "kind",
            "language",
            "description",
            "upload",
            "url",
            "region",
            "visibility",
            "topics",
            "tracks",
            "modules",
            "sessions",
        ]
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "tracks": forms.CheckboxSelectMultiple,
            "modules": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        admin = is_programme_admin(user)
        region = self.fields["region"]
        region.queryset = material_regions(user, roles=EDITOR_ROLES)
        region.required = not admin
        self.fields["tracks"].queryset = TrackPage.objects.order_by("path")
        self.fields["modules"].queryset = ModulePage.objects.order_by("path")
        self.fields["modules"].label_from_instance = _module_labeller()
        # Sessions of cohorts still to be delivered, and those already attached.
        sessions = Session.objects.filter(
            cohort__status__in=LIVE_COHORT_STATUSES, status__in=LIVE_SESSION_STATUSES
        )
        if not admin:
            sessions = sessions.filter(cohort__region__in=region.queryset)
        if self.instance.pk:
            sessions = sessions | Session.objects.filter(reference_materials=self.instance)
        self.fields["sessions"].queryset = (
            sessions.distinct().select_related("cohort").order_by("cohort__title", "seminar_number")
        )
        self.fields["sessions"].label_from_instance = _session_label
        limit = filesizeformat(settings.SUBMISSION_MAX_FILE_BYTES)
        types = ", ".join(f".{extension}" for extension in MATERIAL_EXTENSIONS)
        help_text = _("Or a link below. Allowed: %(types)s; at most %(limit)s.") % {
            "types": types,
            "limit": limit,
        }
        if self.instance.file:
            help_text = _("Now: “%(name)s”. Choose a file to replace it. %(rest)s") % {
                "name": self.instance.original_name,
                "rest": help_text,
            }
        self.fields["upload"].help_text = help_text

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            try:
                material_file_check(upload)
            except AttendanceError as error:
                raise ValidationError(error.message) from error
        return upload or None

    def material_values(self) -> dict:
        data = self.cleaned_data
        names = ["title", "kind", "language", "description", "upload", "url", "region"]
        names += ["visibility", "topics", "tracks", "modules", "sessions"]
        return {name: data.get(name) for name in names}


class _InMaterialScope:
    region_lookup = "region"

    def get_object(self, *args, **kwargs):
        material = super().get_object(*args, **kwargs)
        if not materials_managed_by(self.request.user).filter(pk=material.pk).exists():
            raise Http404
        return material


class _SavedByDomain:
    region_lookup = "region"

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except AttendanceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class MaterialIndexView(generic.IndexView):
    region_lookup = "region"
    list_select_related = ()

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related(*self.list_select_related)
        return queryset.filter(pk__in=materials_managed_by(self.request.user).values("pk"))


class MaterialCreateView(_SavedByDomain, generic.CreateView):
    def save_instance(self):
        material = material_create(by=self.request.user, **self.form.material_values())
        log(instance=material, action="wagtail.create", user=self.request.user)
        return material


class MaterialEditView(_SavedByDomain, _InMaterialScope, generic.EditView):
    def save_instance(self):
        material = material_update(
            material=self.object, by=self.request.user, **self.form.material_values()
        )
        log(instance=material, action="wagtail.edit", user=self.request.user)
        return material


class MaterialDeleteView(_InMaterialScope, generic.DeleteView):
    def delete_action(self):
        log(instance=self.object, action="wagtail.delete", user=self.request.user)
        material_delete(material=self.object, by=self.request.user)


class MaterialInspectView(_InMaterialScope, generic.InspectView):
    pass


class MaterialHistoryView(_InMaterialScope, history.HistoryView):
    pass


class MaterialUsageView(_InMaterialScope, usage.UsageView):
    pass


class ReferenceMaterialViewSet(RegionScopedViewSet):
    model = ReferenceMaterial
    # "materials" is the public library's namespace.
    name = "reference_materials"
    url_prefix = "materials"
    icon = "doc-full"
    menu_label = _("Reference materials")
    menu_order = 215
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = MaterialIndexView
    add_view_class = MaterialCreateView
    edit_view_class = MaterialEditView
    delete_view_class = MaterialDeleteView
    inspect_view_class = MaterialInspectView
    history_view_class = MaterialHistoryView
    usage_view_class = MaterialUsageView
    filterset_class = ReferenceMaterialFilterSet
    list_display = ["title", "kind", "language", "visibility", "region", "updated_at"]
    list_select_related = ("region",)
    search_fields = ["title", "description"]
    inspect_view_fields = [
        "title",
        "kind",
        "language",
        "description",
        "original_name",
        "file_size",
        "url",
        "region",
        "visibility",
        "topics",
        "tracks",
        "modules",
        "sessions",
        "uploaded_by",
        "created_at",
        "updated_at",
    ]
    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("language"),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("upload"), FieldPanel("url")], heading=_("File or link")),
        MultiFieldPanel(
            [FieldPanel("region"), FieldPanel("visibility")], heading=_("Who manages and sees it")
        ),
        MultiFieldPanel(
            [
                FieldPanel("topics"),
                FieldPanel("tracks"),
                FieldPanel("modules"),
                FieldPanel("sessions"),
            ],
            heading=_("Attached to"),
        ),
    ]

    def get_form_class(self, for_update=False):
        return MaterialForm


@hooks.register("register_admin_viewset")
def register_reference_materials():
    return ReferenceMaterialViewSet()


from . import admin_clauses  # noqa: E402, F401 - registers the clause admin's views and hooks
