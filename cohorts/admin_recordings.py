"""Recordings in the admin: the listing, adding one to a seminar (an uploaded file, sent in
resumable chunks, or a link), changing its details and deleting it, and the recordings menu
item. The pages that edit a recording's captions, chapters, transcript and who may watch it
are in `cohorts.admin_recording_editing`, which builds on `RecordingPageView` here and
registers the URLs of both modules.

Thin views over `cohorts.domain.recording_upload` and `cohorts.domain.recordings`. The
cohort's staff (`attendance_cohorts`) upload and edit; deleting is a coordinator's decision,
which the domain enforces. A recording, session or upload outside the viewer's cohorts does
not exist for them (404).
"""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_common import ScopedMenuItem, row_or_404
from .domain.access import attendance_cohorts, can_coordinate
from .domain.exceptions import AttendanceError
from .domain.recording_editing import format_timestamp
from .domain.recording_upload import (
    RecordingDetails,
    UploadOffsetError,
    recording_create,
    recording_delete,
    recording_update,
    recording_upload_append,
    recording_upload_find,
    recording_upload_from_file,
    recording_upload_start,
)
from .domain.recordings import effective_visibility
from .enums import RecordingSource, SessionStatus, Visibility
from .forms_recordings import RecordingFilterForm, RecordingForm
from .models import Recording, Session

PAGE_TITLE = gettext_lazy("Recordings")
_CONTENT_RANGE = re.compile(r"bytes (\d{1,19})-(\d{1,19})/(\d{1,19})", re.ASCII)


def index_url(**params) -> str:
    url = reverse("recordings_admin:index")
    return f"{url}?{urlencode(params)}" if params else url


def _session_or_404(request, pk) -> Session:
    sessions = Session.objects.filter(cohort__in=attendance_cohorts(request.user))
    return row_or_404(sessions.select_related("cohort", "module"), pk)


def _recording_or_404(request, pk) -> Recording:
    rows = Recording.objects.filter(session__cohort__in=attendance_cohorts(request.user))
    return row_or_404(rows.select_related("session__cohort", "session__module"), pk)


def is_coordinator(user, cohort) -> bool:
    """Whether `user` coordinates `cohort`: they may publish beyond it and delete."""
    return can_coordinate(user, cohort.pk)


def form_error(form, error: AttendanceError) -> None:
    """Show the domain's error on its field when the form has one, else above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class _RecordingsView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "media"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": index_url(), "label": PAGE_TITLE},
            {"url": "", "label": self.get_page_title()},
        ]


class RecordingIndexView(_RecordingsView):
    """The recordings of the viewer's cohorts, newest first, with processing problems."""

    template_name = "cohorts/admin/recording_index.html"
    page_title = PAGE_TITLE
    per_page = 50

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        self.cohorts = attendance_cohorts(request.user)
        if not self.cohorts.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # The "add a recording of seminar…" chooser below sends the session here.
        if "session" in request.GET:
            session = _session_or_404(request, request.GET["session"])
            return redirect("recordings_admin:add", session.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form = RecordingFilterForm(self.request.GET or None, cohorts=self.cohorts)
        # A cohort outside the viewer's, or one that does not exist: the same answer.
        if form.is_bound and not form.is_valid() and "cohort" in form.errors:
            raise Http404
        cohort = form.cleaned_data.get("cohort") if form.is_bound else None
        rows = (
            Recording.objects.filter(session__cohort__in=self.cohorts)
            .select_related("session__cohort", "uploaded_by")
            .prefetch_related("captions")
            .order_by("-created_at", "-pk")
        )
        sessions = []
        if cohort is not None:
            rows = rows.filter(session__cohort=cohort)
            sessions = list(
                cohort.sessions.exclude(status=SessionStatus.CANCELLED).order_by("starts_at")
            )
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("p"))
        for recording in page.object_list:
            effective = effective_visibility(recording)
            recording.effective_label = Visibility(effective).label
            recording.awaiting_approval = effective != recording.visibility
        params = self.request.GET.copy()
        params.pop("p", None)
        return super().get_context_data(
            filter_form=form,
            cohort=cohort,
            sessions=sessions,
            page=page,
            page_query=params.urlencode(),
            **kwargs,
        )


class _RecordingFormView(_RecordingsView):
    template_name = "cohorts/admin/recording_form.html"

    def _details(self, form) -> RecordingDetails:
        data = form.cleaned_data
        return RecordingDetails(
            title=data["title"],
            language=data["language"],
            source=data["source"],
            keep_until=data["keep_until"],
            keep_for_training=data["keep_for_training"],
            external_url=data.get("external_url") or "",
        )

    def _upload(self, form):
        """The file this submission brings: sent whole with the form, or uploaded in chunks
        before (its token). Stored even when other fields are wrong, so it is not sent twice."""
        data = form.cleaned_data
        if data.get("source") == RecordingSource.LINK:
            return None
        try:
            if data.get("media"):
                return recording_upload_from_file(
                    session=self.session, by=self.request.user, file=data["media"]
                )
        except AttendanceError as error:
            form_error(form, error)
            return None
        return recording_upload_find(token=data.get("upload") or "", by=self.request.user)

    def _render(self, form, upload=None, **context):
        uploaded = upload if upload is not None and upload.complete else None
        context = self.get_context_data(
            form=form,
            session=self.session,
            uploaded=uploaded,
            upload_start_url=reverse("recordings_admin:upload_start", args=[self.session.pk]),
            max_bytes=settings.RECORDING_MAX_BYTES,
            **context,
        )
        return TemplateResponse(self.request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, request.FILES)
        valid = form.is_valid()
        upload = self._upload(form)
        if valid and not form.errors:
            try:
                recording = self.save(form, upload)
            except AttendanceError as error:
                form_error(form, error)
            else:
                messages.success(request, self.success_message % {"title": recording.title})
                return redirect("recordings_admin:edit", recording.pk)
        messages.error(request, _("Nothing was saved: please correct the errors below."))
        return self._render(form, upload)


class RecordingAddView(_RecordingFormView):
    page_title = gettext_lazy("Add a recording")
    success_message = gettext_lazy("“%(title)s” was added.")

    def dispatch(self, request, pk):
        self.session = _session_or_404(request, pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.session)

    def get_form(self, *args, **kwargs):
        return RecordingForm(*args, **kwargs)

    def get(self, request, *args, **kwargs):
        session = self.session
        title = _("Seminar %(number)d: %(module)s") % {
            "number": session.seminar_number,
            "module": session.module.title,
        }
        initial = {
            "title": title[: Recording._meta.get_field("title").max_length],
            "language": session.cohort.language,
            "keep_until": timezone.localdate() + timedelta(days=settings.RECORDING_KEEP_DAYS),
        }
        return self._render(RecordingForm(initial=initial))

    def save(self, form, upload):
        return recording_create(
            session=self.session, by=self.request.user, details=self._details(form), upload=upload
        )


class RecordingEditView(_RecordingFormView):
    success_message = gettext_lazy("“%(title)s” was saved.")

    def dispatch(self, request, pk):
        self.recording = _recording_or_404(request, pk)
        self.session = self.recording.session
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.recording.title

    def get_page_subtitle(self):
        return str(self.session)

    def get_form(self, *args, **kwargs):
        has_file = self.recording.source == RecordingSource.FILE and bool(self.recording.media)
        return RecordingForm(*args, has_file=has_file, **kwargs)

    def _render(self, form, upload=None, **context):
        recording = self.recording
        duration = recording.duration_seconds
        return super()._render(
            form,
            upload,
            recording=recording,
            effective=Visibility(effective_visibility(recording)).label,
            duration=format_timestamp(duration) if duration else "",
            can_delete=is_coordinator(self.request.user, recording.session.cohort),
            **context,
        )

    def get(self, request, *args, **kwargs):
        recording = self.recording
        fields = ("title", "language", "source", "external_url", "keep_until")
        initial = {field: getattr(recording, field) for field in fields}
        initial["keep_for_training"] = recording.keep_for_training
        return self._render(self.get_form(initial=initial))

    def save(self, form, upload):
        return recording_update(
            recording=self.recording,
            by=self.request.user,
            details=self._details(form),
            upload=upload,
        )


def _json(data: dict, status: int = 200, offset: int | None = None) -> JsonResponse:
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "no-store"
    if offset is not None:
        response["Upload-Offset"] = str(offset)
    return response


def _json_error(error: AttendanceError) -> JsonResponse:
    return _json({"error": str(error.message)}, status=413 if error.field == "size" else 400)


@method_decorator(never_cache, name="dispatch")
class UploadStartView(View):
    """Opens a chunked upload for a recording of a session: `name` and `size` (bytes)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        session = _session_or_404(request, pk)
        size = request.POST.get("size", "").strip()
        if not (size.isascii() and size.isdigit() and len(size) <= 20):
            return _json({"error": _("Say how large the file is, in bytes.")}, status=400)
        try:
            upload = recording_upload_start(
                session=session,
                by=request.user,
                file_name=request.POST.get("name", ""),
                total=int(size),
            )
        except AttendanceError as error:
            return _json_error(error)
        url = reverse("recordings_admin:upload", args=[upload.token])
        return _json({"token": upload.token, "url": url, "offset": 0, "total": upload.total}, 201)


class UploadView(View):
    """GET/HEAD: how many bytes the server has. POST: the next chunk, raw, with
    `Content-Range: bytes start-end/total`; at another offset, 409 with the right one."""

    http_method_names = ["get", "head", "post"]

    def dispatch(self, request, token):
        self.upload = recording_upload_find(token=token, by=request.user)
        if self.upload is None:
            raise Http404
        # Also gone for someone who no longer manages the cohort.
        _session_or_404(request, self.upload.session_id)
        return super().dispatch(request, token)

    def _state(self, status=200):
        upload = self.upload
        received = upload.received if not upload.complete else upload.total
        data = {"offset": received, "total": upload.total, "complete": upload.complete}
        return _json(data, status, offset=received)

    def get(self, request, token):
        return self._state()

    def post(self, request, token):
        match = _CONTENT_RANGE.fullmatch(request.headers.get("Content-Range", "").strip())
        if match is None:
            return _json({"error": _("Say which part of the file this is.")}, status=400)
        start, end, total = (int(value) for value in match.groups())
        try:
            recording_upload_append(
                upload=self.upload, start=start, end=end, total=total, stream=request
            )
        except UploadOffsetError:
            return self._state(409)
        except AttendanceError as error:
            return _json_error(error)
        return self._state()


class RecordingPageView(_RecordingsView):
    """A page about one recording, its title in the breadcrumbs."""

    def dispatch(self, request, pk):
        self.recording = _recording_or_404(request, pk)
        self.check_may_act()
        return super().dispatch(request, pk)

    def check_may_act(self):
        """Every member of the cohort's staff may act here unless a page says otherwise."""

    def get_page_subtitle(self):
        return self.recording.title

    def get_breadcrumbs_items(self):
        recording = self.recording
        return [
            *self.breadcrumbs_items,
            {"url": index_url(), "label": PAGE_TITLE},
            {"url": reverse("recordings_admin:edit", args=[recording.pk]), "label": recording},
            {"url": "", "label": self.get_page_title()},
        ]

    def _render(self, **context):
        context = self.get_context_data(
            recording=self.recording,
            can_delete=is_coordinator(self.request.user, self.recording.session.cohort),
            **context,
        )
        return TemplateResponse(self.request, self.template_name, context)

    def _saved(self, message):
        messages.success(self.request, message)
        return redirect(self.request.path)


class DeleteView(RecordingPageView):
    template_name = "cohorts/admin/recording_delete.html"
    page_title = gettext_lazy("Delete")

    def check_may_act(self):
        # The cohort's facilitators know the recording exists; only coordinators delete it.
        if not is_coordinator(self.request.user, self.recording.session.cohort):
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        return self._render()

    def post(self, request, *args, **kwargs):
        cohort_id = self.recording.session.cohort_id
        title = self.recording.title
        try:
            recording_delete(recording=self.recording, by=request.user)
        except AttendanceError as error:
            messages.error(request, error.message)
            return self._render()
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return redirect(index_url(cohort=cohort_id))


@hooks.register("register_admin_menu_item")
def register_recordings_menu_item():
    return ScopedMenuItem(
        PAGE_TITLE,
        index_url(),
        name="recordings",
        icon_name="media",
        order=214,
        has_scope=attendance_cohorts,
    )
