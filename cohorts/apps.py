from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = _("Delivery")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .domain.completion import register_recording_makeups
        from .domain.recordings import watched_makeups

        # Watching most of a seminar's recording can make up an excused absence from it.
        register_recording_makeups(watched_makeups)
