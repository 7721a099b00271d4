"""Importing attendance from a video-call participant report (admin).

Upload a report for a session, check the preview (who was matched to whom, the marks it
gives, rows to match by hand), then apply it. Thin views over
`cohorts.domain.attendance_import`. A session or import outside the viewer's cohorts
(`attendance_cohorts`) does not exist for them (404).
"""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.models import time_zone_choices

from .admin_common import parse_id, row_or_404
from .domain.access import attendance_cohorts
from .domain.attendance_import import (
    attendance_import_apply,
    attendance_import_create,
    attendance_import_preview,
)
from .domain.exceptions import AttendanceError
from .domain.local_time import local_label, utc_to_local
from .domain.participant_reports import AUTO, MAX_BYTES, REPORT_FORMATS
from .enums import AttendanceStatus
from .models import AttendanceImport, Session

IGNORE = "ignore"
# Rows offered for matching by hand on one page. More means the wrong file or meeting, and
# each row's list of people would make the page heavy and the form too large to send.
MATCH_BY_HAND_MAX = 100


def _register_url(session_id: int) -> str:
    return reverse("attendance_admin:register", args=[session_id])


def _session_or_404(request, pk) -> Session:
    sessions = Session.objects.filter(cohort__in=attendance_cohorts(request.user))
    return row_or_404(sessions.select_related("cohort"), pk)


def _import_or_404(request, pk) -> AttendanceImport:
    imports = AttendanceImport.objects.filter(session__cohort__in=attendance_cohorts(request.user))
    return row_or_404(imports.select_related("session__cohort", "uploaded_by", "applied_by"), pk)


class _ImportView(WagtailAdminTemplateMixin):
    header_icon = "upload"

    def get_page_subtitle(self):
        return str(self.session)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("attendance_admin:index"), "label": _("Attendance")},
            {"url": _register_url(self.session.pk), "label": str(self.session)},
            {"url": "", "label": self.get_page_title()},
        ]


class ReportUploadForm(forms.Form):
    report = forms.FileField(
        label=gettext_lazy("Participant report (CSV)"),
        # The domain says what is wrong with an empty file, in its own words.
        allow_empty_file=True,
        help_text=gettext_lazy(
            "Zoom's participant report, or a list with the columns email and either minutes "
            "or join and leave. At most 2 MB and 5,000 rows."
        ),
    )
    report_format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=REPORT_FORMATS, initial=AUTO
    )
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Time zone of the times in the file"),
        help_text=gettext_lazy(
            "Zoom writes times in the zone of the account that held the meeting. "
            "Times with an offset (such as +02:00) keep their own."
        ),
    )

    def __init__(self, *args, cohort_zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        choices = time_zone_choices()
        if cohort_zone not in dict(choices):
            choices.insert(0, (cohort_zone, cohort_zone))
        self.fields["time_zone"].choices = choices
        self.fields["time_zone"].initial = cohort_zone


class AttendanceImportUploadView(_ImportView, FormView):
    template_name = "cohorts/admin/attendance_import_upload.html"
    form_class = ReportUploadForm
    page_title = gettext_lazy("Import a video-call report")

    def dispatch(self, request, pk):
        self.session = _session_or_404(request, pk)
        return super().dispatch(request, pk)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort_zone": self.session.cohort.time_zone}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.session
        context.update(
            session=session,
            cancelled=session.is_cancelled,
            starts=local_label(session.starts_at, session.cohort.time_zone),
            register_url=_register_url(session.pk),
        )
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["report"]
        # One byte past the limit is enough to know the file is too large.
        data = upload.read(MAX_BYTES + 1)
        try:
            created = attendance_import_create(
                session=self.session,
                data=data,
                file_name=upload.name,
                time_zone=form.cleaned_data["time_zone"],
                report_format=form.cleaned_data["report_format"],
                by=self.request.user,
            )
        except AttendanceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        return redirect("attendance_import:preview", created.pk)


def _clock(value: str | None, zone_name: str, day) -> str:
    """A time from the report in the cohort's zone; with its date when not the seminar's day."""
    if not value:
        return ""
    local = utc_to_local(datetime.fromisoformat(value), zone_name)
    fmt = "H:i" if local.date() == day else "D j M, H:i"
    return formats.date_format(local, fmt)


def _status_label(value) -> str:
    return AttendanceStatus(value).label if value else ""


class AttendanceImportPreviewView(_ImportView, TemplateView):
    template_name = "cohorts/admin/attendance_import_preview.html"
    page_title = gettext_lazy("Check the imported attendance")

    def dispatch(self, request, pk):
        self.attendance_import = _import_or_404(request, pk)
        self.session = self.attendance_import.session
        return super().dispatch(request, pk)

    def _render(self, preview, chosen=None):
        zone = self.session.cohort.time_zone
        day = utc_to_local(self.session.starts_at, zone).date()

        def report(person):
            return {
                "name": person["name"],
                "email": person["email"],
                "minutes": person["minutes"],
                "joined": _clock(person["joined"], zone, day),
                "left": _clock(person["left"], zone, day),
            }

        chosen = chosen or {}
        context = self.get_context_data(
            attendance_import=self.attendance_import,
            session=self.session,
            zone_name=zone,
            starts=local_label(self.session.starts_at, zone),
            preview=preview,
            matched=[
                {
                    "user": planned.row.user,
                    "report": report(planned.person),
                    "rows": len(planned.person["rows"]),
                    "current": _status_label(planned.current and planned.current.status),
                    "current_minutes": planned.current and planned.current.minutes_attended,
                    "proposed": _status_label(planned.proposed.status),
                    "changes": planned.changes,
                }
                for planned in preview.matched
            ],
            unmatched=[
                {
                    "index": unmatched.index,
                    "report": report(unmatched.person),
                    "status": _status_label(unmatched.status),
                    "chosen": chosen.get(unmatched.index, ""),
                }
                for unmatched in preview.unmatched[:MATCH_BY_HAND_MAX]
            ],
            unmatched_hidden=max(len(preview.unmatched) - MATCH_BY_HAND_MAX, 0),
            applied_at=self._when(self.attendance_import.applied_at),
            applied_before_at=preview.applied_before
            and self._when(preview.applied_before.applied_at),
            register_url=_register_url(self.session.pk),
            upload_url=reverse("attendance_import:upload", args=[self.session.pk]),
            ignore=IGNORE,
        )
        return TemplateResponse(self.request, self.template_name, context)

    def _when(self, value):
        return local_label(value, self.session.cohort.time_zone) if value else ""

    def get(self, request, *args, **kwargs):
        return self._render(attendance_import_preview(attendance_import=self.attendance_import))

    def post(self, request, *args, **kwargs):
        preview = attendance_import_preview(attendance_import=self.attendance_import)
        chosen, manual, unreadable = {}, {}, False
        for unmatched in preview.unmatched[:MATCH_BY_HAND_MAX]:
            raw = request.POST.get(f"match-{unmatched.index}", "")
            chosen[unmatched.index] = raw
            if raw in ("", IGNORE):
                continue
            user_id = parse_id(raw)
            if user_id is None:
                unreadable = True
            else:
                manual[unmatched.index] = user_id
        if unreadable:
            messages.error(
                request,
                _("Choose a person from the list, or ignore the row. Nothing was saved."),
            )
            return self._render(preview, chosen)
        try:
            changed = attendance_import_apply(
                attendance_import=self.attendance_import, manual_matches=manual, by=request.user
            )
        except AttendanceError as error:
            messages.error(request, error.message)
            return self._render(preview, chosen)
        messages.success(
            request,
            ngettext(
                "Attendance imported: %(count)d mark changed.",
                "Attendance imported: %(count)d marks changed.",
                changed,
            )
            % {"count": changed},
        )
        return redirect(_register_url(self.session.pk))


urlpatterns = [
    path("sessions/<str:pk>/", AttendanceImportUploadView.as_view(), name="upload"),
    path("<str:pk>/", AttendanceImportPreviewView.as_view(), name="preview"),
]


@hooks.register("register_admin_urls")
def register_attendance_import_urls():
    return [
        path(
            "attendance-import/",
            include((urlpatterns, "attendance_import"), namespace="attendance_import"),
        )
    ]
