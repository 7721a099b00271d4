from wagtail.permission_policies.base import ModelPermissionPolicy

from lms.domain.roles import user_has_role
from lms.enums import StaffRole


class ReadOnlyPeoplePolicy(ModelPermissionPolicy):
    """Who may look at participants' profiles in the admin's participants area.

    Decided by role, not by Django's `view_user` permission: that permission
    would also open Wagtail's own user admin, which lists everybody in every
    region. Changes to accounts go through the user admin (administrators only).
    """

    def user_has_permission(self, user, action):
        if action != "view" or not user.is_active:
            return False
        return user_has_role(user, StaffRole.COORDINATOR, StaffRole.PROGRAMME_ADMIN)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


class ModelPolicyWithout(ModelPermissionPolicy):
    """Django's model permissions, minus actions that never apply to this model."""

    def __init__(self, model, *, denied, **kwargs):
        super().__init__(model, **kwargs)
        self.denied = frozenset(denied)

    def user_has_permission(self, user, action):
        return action not in self.denied and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
