"""Taking attendance in the admin: the sessions to mark, each session's register, the
check-in code to show, the log of changes, and a cohort's progress towards completion.

Thin views over `cohorts.domain.attendance` and `cohorts.domain.completion`. A session or
cohort outside the viewer's cohorts (`attendance_cohorts`) does not exist for them (404).
"""

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_common import ScopedMenuItem, parse_id, row_or_404
from .domain import attendance as domain
from .domain.access import attendance_cohorts, can_coordinate
from .domain.completion import SEMINAR_STATE_LABELS, cohort_completion
from .domain.exceptions import AttendanceError
from .enums import AttendanceStatus, ProgressState, SessionStatus
from .forms_attendance import MARK_UNMARKED, MakeupGuestForm, RegisterForm
from .models import AttendanceChange, Cohort, Session


def _session_or_404(request, pk) -> Session:
    sessions = Session.objects.filter(cohort__in=attendance_cohorts(request.user))
    return row_or_404(
        sessions.select_related("cohort", "cohort__region", "cohort__track", "module"), pk
    )


def _cohort_or_404(request, pk) -> Cohort:
    return row_or_404(attendance_cohorts(request.user).select_related("region", "track"), pk)


class _AttendanceView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("attendance_admin:index"), "label": _("Attendance")},
            {"url": "", "label": self.get_page_title()},
        ]


class _SessionView(_AttendanceView):
    """A page about one session in the viewer's cohorts."""

    def dispatch(self, request, pk):
        self.session = _session_or_404(request, pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.session)


class SessionIndexView(_AttendanceView):
    """The sessions whose registers the viewer keeps: today's first, then recent, then ahead."""

    template_name = "cohorts/admin/attendance_index.html"
    page_title = gettext_lazy("Attendance")
    per_page = 50

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        show = self.request.GET.get("show", "recent")
        sessions = (
            Session.objects.filter(cohort__in=attendance_cohorts(self.request.user))
            .exclude(status=SessionStatus.CANCELLED)
            .select_related("cohort", "cohort__region", "module")
        )
        cohort_id = parse_id(self.request.GET.get("cohort", ""))
        if cohort_id:
            sessions = sessions.filter(cohort_id=cohort_id)
        if show == "upcoming":
            sessions = sessions.filter(starts_at__gte=now - timedelta(hours=12)).order_by(
                "starts_at", "pk"
            )
        else:
            show = "recent"
            sessions = sessions.filter(starts_at__lt=now + timedelta(hours=12)).order_by(
                "-starts_at", "-pk"
            )
        page = Paginator(sessions, self.per_page).get_page(self.request.GET.get("p"))
        context.update(page=page, show=show, now=now, cohort_id=cohort_id)
        return context


def _version(raw: str) -> int | None:
    """The register version the page was made from (None: not sent, nothing to compare)."""
    raw = raw.strip()
    if raw == "0":
        return 0
    return parse_id(raw)


def _register_url(session) -> str:
    return reverse("attendance_admin:register", args=[session.pk])


class RegisterView(_SessionView):
    """One session's register: every person on one page, saved in one request."""

    template_name = "cohorts/admin/attendance_register.html"
    page_title = gettext_lazy("Attendance register")

    def get_page_subtitle(self):
        return _("%(cohort)s, seminar %(number)s") % {
            "cohort": self.session.cohort.title,
            "number": self.session.seminar_number,
        }

    def _rows(self):
        # The version first: a save landing between the two reads then shows as a conflict
        # instead of being overwritten by a page that never displayed it.
        self.version = domain.register_version(self.session)
        rows = domain.register_rows(self.session)
        query = " ".join(self.request.GET.get("q", "").split()).casefold()[:100]
        if query:
            rows = [
                row
                for row in rows
                if query in row.user.full_name.casefold()
                or query in row.user.email.casefold()
                or (row.user.union_id and query in row.user.union.name.casefold())
                or (row.user.union_id and query == row.user.union.acronym.casefold())
            ]
        return rows, query

    def _render(self, *, rows, query, form=None, guest_form=None, status=200):
        errors = form.errors if form else {}
        fresh = form.fresh if form else {}
        data = form.data if form else None
        counts = dict.fromkeys(AttendanceStatus.values, 0)
        for row in rows:
            if row.attendance:
                counts[row.attendance.status] += 1
        context = self.get_context_data(
            session=self.session,
            cohort=self.session.cohort,
            rows=[self._row(row, errors, data, fresh) for row in rows],
            version=self.version,
            statuses=AttendanceStatus.choices,
            non_field_errors=form.non_field_errors if form else [],
            query=query,
            unmarked=sum(1 for row in rows if row.attendance is None),
            counts=[(label, counts[value]) for value, label in AttendanceStatus.choices],
            guest_form=guest_form or MakeupGuestForm(),
            check_in_open=domain.check_in_is_open(self.session),
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)

    @staticmethod
    def _row(row, errors, data, fresh):
        """What one row shows: what was posted (to correct it), else the saved mark."""
        pk = row.user.pk
        if data is not None and pk not in fresh:
            values = [data.get(f"{name}-{pk}", "") for name in ("status", "minutes", "note")]
        else:
            mark = fresh.get(pk) or row.attendance
            values = [mark.status, mark.minutes_attended, mark.note] if mark else ["", None, ""]
        return dict(zip(("status", "minutes", "note"), values, strict=True)) | {
            "row": row,
            "error": errors.get(pk),
        }

    def get(self, request, *args, **kwargs):
        rows, query = self._rows()
        return self._render(rows=rows, query=query)

    def post(self, request, *args, **kwargs):
        if "add_guest" in request.POST:
            return self._add_guest(request)
        rows, query = self._rows()
        form = RegisterForm(request.POST, session=self.session, rows=rows)
        if not form.is_valid():
            messages.error(request, _("Nothing was saved: please correct the marked rows."))
            return self._render(rows=rows, query=query, form=form)
        try:
            changed = domain.attendance_save(
                session=self.session,
                marks=form.marks,
                by=request.user,
                since_version=_version(request.POST.get("version", "")),
            )
        except domain.AttendanceConflict as conflict:
            form.non_field_errors.append(conflict.message)
            for user_id, attendance in conflict.current.items():
                form.errors[user_id] = _(
                    "Changed by someone else meanwhile: now %(status)s. This row shows it."
                ) % {"status": attendance.get_status_display()}
                form.fresh[user_id] = attendance
            return self._render(rows=rows, query=query, form=form)
        except AttendanceError as error:
            form.non_field_errors.append(error.message)
            return self._render(rows=rows, query=query, form=form)
        if request.POST.get("action") == MARK_UNMARKED or changed:
            messages.success(
                request,
                _("Register saved: %(count)s marks changed.") % {"count": changed},
            )
        else:
            messages.info(request, _("Register saved: nothing had changed."))
        url = _register_url(self.session)
        return redirect(f"{url}?{urlencode({'q': query})}" if query else url)

    def _add_guest(self, request):
        guest_form = MakeupGuestForm(request.POST)
        if guest_form.is_valid():
            try:
                domain.attendance_add_makeup(
                    session=self.session,
                    user=guest_form.person,
                    status=guest_form.cleaned_data["status"],
                    by=request.user,
                )
            except AttendanceError as error:
                guest_form.add_error(
                    error.field if error.field in guest_form.fields else None, error.message
                )
            else:
                messages.success(
                    request,
                    _("%(person)s is on the register, making up this seminar.")
                    % {"person": guest_form.person},
                )
                return redirect(_register_url(self.session))
        rows, query = self._rows()
        return self._render(rows=rows, query=query, guest_form=guest_form)


@method_decorator(never_cache, name="dispatch")
class CheckInCodeView(_SessionView):
    """The code and QR code a facilitator shows on screen; the page refreshes itself."""

    template_name = "cohorts/admin/attendance_check_in_code.html"
    page_title = gettext_lazy("Check-in code")

    def get_context_data(self, **kwargs):
        import segno

        context = super().get_context_data(**kwargs)
        now = timezone.now()
        is_open = domain.check_in_is_open(self.session, now=now)
        opens, closes = domain.check_in_window(self.session)
        context.update(session=self.session, is_open=is_open, opens=opens, closes=closes)
        if is_open:
            code = domain.check_in_code(self.session, now=now)
            url = self.request.build_absolute_uri(
                reverse("attendance:check_in", args=[self.session.uid]) + f"?code={code}"
            )
            expires = domain.check_in_code_expires_at(now=now)
            context.update(
                code=code,
                code_display=f"{code[:3]} {code[3:]}",
                qr_svg=segno.make(url, error="m").svg_inline(scale=6, dark="#000", light="#fff"),
                expires=expires,
                refresh_seconds=max(int((expires - now).total_seconds()) + 1, 5),
            )
        return context


class ChangeLogView(_SessionView):
    """Every change to the session's marks: who, when, through what, before → after."""

    template_name = "cohorts/admin/attendance_changes.html"
    page_title = gettext_lazy("Changes to the register")
    per_page = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        changes = (
            AttendanceChange.objects.filter(attendance__session=self.session)
            .select_related("attendance__user", "changed_by")
            .order_by("-changed_at", "-pk")
        )
        page = Paginator(changes, self.per_page).get_page(self.request.GET.get("p"))
        context.update(session=self.session, page=page)
        return context


class CohortProgressView(_AttendanceView):
    """Who is on track, at risk, unable to complete or done, with every seminar's state."""

    template_name = "cohorts/admin/cohort_progress.html"
    page_title = gettext_lazy("Progress towards completion")

    def dispatch(self, request, pk):
        self.cohort = _cohort_or_404(request, pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.cohort.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        progress = cohort_completion(self.cohort)
        wanted = self.request.GET.get("state", "")
        totals = dict.fromkeys(ProgressState.values, 0)
        for entry in progress:
            totals[entry.state] += 1
        if wanted in ProgressState.values:
            progress = [entry for entry in progress if entry.state == wanted]
        sessions = progress[0].cells if progress else []
        context.update(
            decides_certificates=can_coordinate(self.request.user, self.cohort.pk),
            cohort=self.cohort,
            progress=progress,
            sessions=[cell.session for cell in sessions],
            totals=[(value, label, totals[value]) for value, label in ProgressState.choices],
            wanted=wanted,
            state_labels=SEMINAR_STATE_LABELS,
        )
        return context


urlpatterns = [
    path("", SessionIndexView.as_view(), name="index"),
    path("sessions/<str:pk>/", RegisterView.as_view(), name="register"),
    path("sessions/<str:pk>/check-in/", CheckInCodeView.as_view(), name="check_in_code"),
    path("sessions/<str:pk>/changes/", ChangeLogView.as_view(), name="changes"),
    path("cohorts/<str:pk>/", CohortProgressView.as_view(), name="progress"),
]


@hooks.register("register_admin_urls")
def register_attendance_urls():
    return [
        path(
            "attendance/",
            include((urlpatterns, "attendance_admin"), namespace="attendance_admin"),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_attendance_menu_item():
    return ScopedMenuItem(
        gettext_lazy("Attendance"),
        reverse("attendance_admin:index"),
        icon_name="tasks",
        order=210,
        has_scope=attendance_cohorts,
    )
