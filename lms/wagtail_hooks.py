from django import forms
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from . import admin_guards  # noqa: F401 - registers the reports menu hook
from .admin_roles import RoleAssignmentViewSet
from .admin_scoping import RegionScopedViewSet
from .domain.addresses import with_verified_primary_address
from .filters import PersonFilterSet, UnionFilterSet
from .models import Participant, Region, Union, User
from .permissions import ReadOnlyPeoplePolicy

register_permission_policy(Participant, ReadOnlyPeoplePolicy(Participant))


class RegionViewSet(ModelViewSet):
    model = Region
    name = "regions"
    icon = "globe"
    menu_label = _("Regions")
    list_display = ["name", "slug", "sort_order"]
    form_fields = ["name", "slug", "description", "sort_order"]
    copy_view_enabled = False


class UnionForm(WagtailAdminModelForm):
    """Contacts are chosen among the union's own members: nobody else is listed."""

    class Meta:
        model = Union
        fields = ["name", "acronym", "country", "region", "website", "contacts"]
        widgets = {"contacts": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = User.objects.none()
        if self.instance.pk:
            # Only people who confirmed their address: a contact's nominations and
            # invitations are decided by who they are.
            members = with_verified_primary_address(
                User.objects.filter(union=self.instance, is_active=True)
            )
        self.fields["contacts"].queryset = members.order_by("full_name")
        self.fields["contacts"].help_text = _(
            "Members of this union who may nominate its people for cohorts. "
            "Save the union first, then choose among its members."
        )


class UnionViewSet(RegionScopedViewSet):
    model = Union
    name = "unions"
    icon = "group"
    menu_label = _("Affiliate unions")
    list_display = ["name", "acronym", "country", "region"]
    list_export = ["name", "acronym", "country", "region", "website"]
    filterset_class = UnionFilterSet
    search_fields = ["name", "acronym"]
    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("country"),
        FieldPanel("region"),
        FieldPanel("website"),
        FieldPanel("contacts"),
    ]

    def get_form_class(self, for_update=False):
        return UnionForm


class PersonViewSet(RegionScopedViewSet):
    """Participants' profiles, read-only, for the coordinators of their region.

    Editing accounts stays in Wagtail's own user admin, which only
    programme administrators reach.
    """

    model = Participant
    name = "people"
    icon = "user"
    menu_label = _("Participants")
    list_display = ["full_name", "email", "union", "union_role", "preferred_language", "region"]
    filterset_class = PersonFilterSet
    search_fields = ["full_name", "email"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "full_name",
        "preferred_name",
        "email",
        "region",
        "union",
        "union_role",
        "preferred_language",
        "time_zone",
        "interpretation_needs",
        "accessibility_needs",
        "date_joined",
    ]
    add_to_reference_index = False
    # Never offered (the permission policy allows viewing only), but required.
    form_fields = ["full_name"]
    list_select_related = ("region", "union")


class PeopleAndPlacesGroup(ViewSetGroup):
    menu_label = _("People and places")
    menu_icon = "group"
    menu_order = 250
    items = (PersonViewSet, UnionViewSet, RegionViewSet, RoleAssignmentViewSet)


@hooks.register("register_admin_viewset")
def register_people_and_places():
    return PeopleAndPlacesGroup()


@hooks.register("insert_global_admin_css")
def admin_contrast_fixes():
    return format_html('<link rel="stylesheet" href="{}">', static("lms/css/admin.css"))
