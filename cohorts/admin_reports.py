"""Reports in the admin: a cohort's attendance matrix, and completion by region and track.

Thin views over `cohorts.domain.reports`, with CSV and XLSX downloads
(`?format=csv` or `?format=xlsx`) made by `cohorts.exporters`. Only the viewer's
cohorts (`attendance_cohorts`) are reported on; any other cohort does not exist
for them (404).
"""

from datetime import date

from django import forms
from django.http import Http404, HttpResponseBadRequest
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.models import TrackPage
from lms.models import Region

from . import exporters
from .admin_common import ScopedMenuItem, row_or_404
from .charts import completion_chart, completion_chart_table, month_label, rate_label
from .domain.access import attendance_cohorts
from .domain.exceptions import AttendanceError
from .domain.reports import attendance_matrix, completion_report, month_start

MONTH_FORMAT = "%Y-%m"
# Months before 2000 or after 2100 are typing mistakes, not reports anyone wants.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Months shown when the viewer has not chosen: the last twelve, this one included.
DEFAULT_MONTHS = 12


class _ReportView(WagtailAdminTemplateMixin, TemplateView):
    """A report page with CSV and XLSX downloads. Each report defines `prepare()` (compute it
    for the page or the download) and `download(fmt)` (the file, or None when there is none
    and the page says why)."""

    header_icon = "table"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "")
        if fmt and fmt not in exporters.FORMATS:
            return HttpResponseBadRequest(
                _("Downloads come as CSV or XLSX."), content_type="text/plain; charset=utf-8"
            )
        self.export_format = fmt or None
        self.prepare()
        if self.export_format:
            download = self.download(self.export_format)
            if download is not None:
                return download
        return super().get(request, *args, **kwargs)

    def export_links(self) -> list[tuple[str, str]]:
        query = self.request.GET.copy()
        links = []
        for fmt, label in (
            (exporters.CSV, _("Download CSV")),
            (exporters.XLSX, _("Download XLSX")),
        ):
            query["format"] = fmt
            links.append((f"{self.request.path}?{query.urlencode()}", label))
        return links


class AttendanceMatrixView(_ReportView):
    """Everyone with a confirmed place in one cohort against its seminars."""

    template_name = "cohorts/admin/report_attendance_matrix.html"
    page_title = gettext_lazy("Attendance matrix")

    def dispatch(self, request, pk):
        cohorts = attendance_cohorts(request.user).select_related("region", "track")
        self.cohort = row_or_404(cohorts, pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(cohort=self.cohort, matrix=self.matrix, exports=self.export_links())
        return context

    def download(self, fmt):
        return exporters.report_response(
            exporters.attendance_matrix_rows(self.matrix),
            fmt=fmt,
            stem=f"attendance-{self.cohort.slug}",
            sheet_title=_("Attendance"),
        )

    def prepare(self):
        self.matrix = attendance_matrix(self.cohort)

    def get_page_subtitle(self):
        return self.cohort.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("attendance_admin:progress", args=[self.cohort.pk]),
                "label": self.cohort.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]


class MonthField(forms.DateField):
    """A month typed or picked as YYYY-MM, read as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format=MONTH_FORMAT)
    input_formats = [MONTH_FORMAT]
    default_error_messages = {"invalid": gettext_lazy("Enter a month as YYYY-MM, e.g. 2026-03.")}

    def validate(self, value):
        super().validate(value)
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Choose a month between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                code="out_of_range",
            )


class CompletionFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=gettext_lazy("All regions"),
    )
    track = forms.ModelChoiceField(
        label=gettext_lazy("Track"),
        queryset=TrackPage.objects.none(),
        required=False,
        empty_label=gettext_lazy("All tracks"),
    )
    start = MonthField(label=gettext_lazy("From month"))
    end = MonthField(label=gettext_lazy("To month"))

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the viewer's cohorts cover is offered (and accepted).
        self.fields["region"].queryset = Region.objects.filter(pk__in=cohorts.values("region_id"))
        self.fields["track"].queryset = TrackPage.objects.filter(
            pk__in=cohorts.values("track_id")
        ).order_by("title", "pk")


def _default_months() -> dict[str, str]:
    end = month_start(timezone.now().date())
    back = end.year * 12 + end.month - 1 - (DEFAULT_MONTHS - 1)
    start = date(back // 12, back % 12 + 1, 1)
    return {"start": start.strftime(MONTH_FORMAT), "end": end.strftime(MONTH_FORMAT)}


class CompletionReportView(_ReportView):
    """Completion by region and track, month by month, over the viewer's cohorts."""

    template_name = "cohorts/admin/report_completion.html"
    page_title = gettext_lazy("Completion")

    def dispatch(self, request, *args, **kwargs):
        self.cohorts = attendance_cohorts(request.user)
        if not self.cohorts.exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def prepare(self):
        data = {**_default_months(), **self.request.GET.dict()}
        self.form = CompletionFilterForm(data, cohorts=self.cohorts)
        self.report = None
        if self.form.is_valid():
            filters = self.form.cleaned_data
            cohorts = self.cohorts
            if filters["region"]:
                cohorts = cohorts.filter(region=filters["region"])
            if filters["track"]:
                cohorts = cohorts.filter(track=filters["track"])
            try:
                self.report = completion_report(
                    cohorts_qs=cohorts, start=filters["start"], end=filters["end"]
                )
            except AttendanceError as error:
                field = error.field if error.field in self.form.fields else None
                self.form.add_error(field, error.message)

    def download(self, fmt):
        if self.report is None:
            return None
        return exporters.report_response(
            exporters.completion_report_rows(self.report),
            fmt=fmt,
            stem=f"completion-{self.report.start:%Y-%m}-to-{self.report.end:%Y-%m}",
            sheet_title=_("Completion"),
        )

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        context.update(form=self.form, report=report)
        if report is not None:
            context.update(
                chart=completion_chart(report),
                series=report.series,
                chart_rows=completion_chart_table(report),
                detail_rows=[
                    {
                        "month": month_label(row.month),
                        "row": row,
                        "rate": rate_label(row.completed, row.confirmed),
                    }
                    for row in report.rows
                ],
                exports=self.export_links(),
            )
        return context


urlpatterns = [
    path("cohorts/<str:pk>/", AttendanceMatrixView.as_view(), name="matrix"),
    path("completion/", CompletionReportView.as_view(), name="completion"),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "attendance-reports/",
            include((urlpatterns, "reports_admin"), namespace="reports_admin"),
        )
    ]


@hooks.register("register_reports_menu_item")
def register_completion_menu_item():
    return ScopedMenuItem(
        gettext_lazy("Completion"),
        reverse("reports_admin:completion"),
        name="completion",
        icon_name="table",
        order=1100,
        has_scope=attendance_cohorts,
    )
