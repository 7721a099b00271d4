from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class LmsConfig(AppConfig):
    default = True
    name = "lms"
    verbose_name = _("People and places")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Role groups carry Django and Wagtail permissions, which only exist
        # after every app has migrated; keeping them in step on each migrate
        # means a fresh database, a test database and production all agree.
        post_migrate.connect(_sync_role_groups, sender=self)


def _sync_role_groups(sender, using="default", **kwargs):
    from lms.domain.roles import role_groups_sync

    role_groups_sync(using=using)


class UsersAdminConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for our e-mail-only user model."""

    default = False
    user_viewset = "lms.admin_users.UserViewSet"
