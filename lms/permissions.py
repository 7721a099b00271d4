from wagtail.permission_policies.base import ModelPermissionPolicy


class ReadOnlyPeoplePolicy(ModelPermissionPolicy):
    """The participants area only ever shows people; changes go through the user admin."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")
