"""Admin views that only programme administrators may open.

Wagtail's site history report lists every log entry of every model the
viewer holds a Django permission on, whatever its region; a regional
coordinator must not read other regions' history, so the report (with its
results and CSV/XLSX export) is for programme administrators only.
"""

from functools import wraps

from django.http import Http404
from django.urls import path
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView

from lms.domain.roles import is_programme_admin
from lms.sign_in import redirect_to_sign_in


def programme_admins_only(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not is_programme_admin(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return require_admin_access(guarded)


# Listed before Wagtail's admin URLs so these paths resolve here first.
urlpatterns = [
    # The admin's own sign-in form would bypass allauth's rate limits and e-mail
    # verification: people go to the one sign-in page, keeping where they were going.
    path("admin/login/", redirect_to_sign_in),
    path(
        "admin/reports/site-history/",
        programme_admins_only(LogEntriesView.as_view()),
    ),
    path(
        "admin/reports/site-history/results/",
        programme_admins_only(LogEntriesView.as_view(results_only=True)),
    ),
]


@hooks.register("construct_reports_menu")
def hide_site_history_from_others(request, menu_items):
    if not is_programme_admin(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]
