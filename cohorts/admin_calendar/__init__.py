"""The coordinators' calendar of a region's sessions and the time-slot helper (admin).

Importing this package registers its admin URLs and its menu item with Wagtail
(`cohorts.wagtail_hooks` imports it). The pages live in `views`, their forms in
`forms`; what they show is read and computed in `cohorts.domain.session_calendar`
and `cohorts.domain.time_slots`.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import can_view_sessions, session_calendar, time_slots

urlpatterns = [
    path("", session_calendar, name="index"),
    path("time-slots/", time_slots, name="time_slots"),
]


@hooks.register("register_admin_urls")
def register_calendar_urls():
    return [path("session-calendar/", include((urlpatterns, "session_calendar")))]


class _CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_sessions(request.user)


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item():
    return _CalendarMenuItem(
        gettext_lazy("Session calendar"),
        reverse("session_calendar:index"),
        name="session-calendar",
        icon_name="date",
        order=201,
    )
