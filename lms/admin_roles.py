"""Granting and withdrawing staff roles in the admin (programme administrators only)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import models as generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .domain.addresses import verified_account_for
from .domain.roles import role_assign, role_revoke
from .enums import StaffRole
from .models import RoleAssignment
from .permissions import ModelPolicyWithout


class RoleAssignmentForm(WagtailAdminModelForm):
    email = forms.EmailField(
        label=_("E-mail address of the person"),
        help_text=_("The person must already have an account."),
    )

    class Meta:
        model = RoleAssignment
        fields = ["role", "region"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        self.person = verified_account_for(email)
        if self.person is None:
            raise forms.ValidationError(
                _("Nobody has an account with this address, or it has not been confirmed yet.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == StaffRole.PROGRAMME_ADMIN and cleaned.get("region"):
            self.add_error(
                "region", _("Programme administrators act in every region: leave this empty.")
            )
            return cleaned
        person = getattr(self, "person", None)
        if (
            person
            and cleaned.get("role")
            and RoleAssignment.objects.filter(
                user=person, role=cleaned["role"], region=cleaned.get("region")
            ).exists()
        ):
            raise forms.ValidationError(_("This person already holds this role there."))
        return cleaned


class CreateRoleView(generic.CreateView):
    def save_instance(self):
        return role_assign(
            user=self.form.person,
            role=self.form.cleaned_data["role"],
            region=self.form.cleaned_data.get("region"),
        )


class DeleteRoleView(generic.DeleteView):
    def delete_action(self):
        role_revoke(user=self.object.user, role=self.object.role, region=self.object.region)


# Roles are granted or withdrawn, never edited in place.
register_permission_policy(RoleAssignment, ModelPolicyWithout(RoleAssignment, denied={"change"}))


class RoleAssignmentViewSet(ModelViewSet):
    model = RoleAssignment
    name = "roles"
    icon = "key"
    menu_label = _("Staff roles")
    add_view_class = CreateRoleView
    delete_view_class = DeleteRoleView
    copy_view_enabled = False
    list_display = ["user", "role", "region", "granted_at"]
    list_filter = ["role", "region"]
    search_fields = ["user__full_name", "user__email"]
    add_to_reference_index = False

    def get_form_class(self, for_update=False):
        return RoleAssignmentForm
