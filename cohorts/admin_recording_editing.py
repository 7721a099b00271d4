"""Recordings in the admin, the pages that edit one recording's parts: its captions (WebVTT
files, one per language), chapters (suggested from the module's agenda), transcript, and who
may watch it (publishing, with the cohort's consent status).

Also the URL list of the whole recordings admin (namespace "recordings_admin"): it names the
listing, add, edit, upload and delete views of `cohorts.admin_recordings` too, which this
module builds on (`RecordingPageView`), so the list lives on this side of the import.

Thin views over `cohorts.domain.recording_editing` and `cohorts.domain.recordings`. The
cohort's staff edit; publishing beyond the cohort is a coordinator's decision, which the
domain enforces. A recording or caption outside the viewer's cohorts does not exist for them
(404).
"""

from django.urls import include, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from .admin_common import row_or_404
from .admin_recordings import (
    DeleteView,
    RecordingAddView,
    RecordingEditView,
    RecordingIndexView,
    RecordingPageView,
    UploadStartView,
    UploadView,
    form_error,
    is_coordinator,
)
from .domain.exceptions import AttendanceError
from .domain.recording_editing import (
    agenda_chapters,
    format_timestamp,
    recording_caption_remove,
    recording_caption_save,
    recording_chapters_save,
    recording_transcript_save,
)
from .domain.recordings import consent_refusals, effective_visibility, recording_publish
from .enums import Visibility
from .forms_recordings import CaptionForm, ChapterFormSet, PublishForm, TranscriptForm


class CaptionsView(RecordingPageView):
    template_name = "cohorts/admin/recording_captions.html"
    page_title = gettext_lazy("Captions")

    def get(self, request, *args, **kwargs):
        return self._render(form=CaptionForm(), captions=list(self.recording.captions.all()))

    def post(self, request, *args, **kwargs):
        form = CaptionForm(request.POST, request.FILES)
        if "remove" in request.POST:
            caption = row_or_404(self.recording.captions.all(), request.POST["remove"])
            recording_caption_remove(caption=caption, by=request.user)
            return self._saved(
                _("The %(language)s captions were removed.")
                % {"language": caption.get_language_display()}
            )
        if form.is_valid():
            try:
                caption = recording_caption_save(
                    recording=self.recording,
                    by=request.user,
                    language=form.cleaned_data["language"],
                    upload=form.cleaned_data["file"],
                )
            except AttendanceError as error:
                form_error(form, error)
            else:
                return self._saved(
                    _("The %(language)s captions were saved.")
                    % {"language": caption.get_language_display()}
                )
        return self._render(form=form, captions=list(self.recording.captions.all()))


class ChaptersView(RecordingPageView):
    template_name = "cohorts/admin/recording_chapters.html"
    page_title = gettext_lazy("Chapters")

    def _suggestions(self):
        return [
            {"time": format_timestamp(second), "title": title}
            for second, title in agenda_chapters(self.recording.session.module)
        ]

    def _render(self, formset, suggested=False):
        duration = self.recording.duration_seconds
        return super()._render(
            formset=formset,
            suggested=suggested,
            agenda=self._suggestions(),
            duration=format_timestamp(duration) if duration else "",
        )

    def get(self, request, *args, **kwargs):
        initial = [
            {"time": format_timestamp(c.starts_at_second), "title": c.title}
            for c in self.recording.chapters.all()
        ]
        suggested = not initial
        return self._render(ChapterFormSet(initial=initial or self._suggestions()), suggested)

    def post(self, request, *args, **kwargs):
        formset = ChapterFormSet(request.POST)
        if formset.is_valid():
            try:
                recording_chapters_save(
                    recording=self.recording, by=request.user, chapters=formset.chapters()
                )
            except AttendanceError as error:
                formset._non_form_errors.append(error.message)
            else:
                return self._saved(_("The chapters were saved."))
        return self._render(formset)


class TranscriptView(RecordingPageView):
    template_name = "cohorts/admin/recording_transcript.html"
    page_title = gettext_lazy("Transcript")

    def get(self, request, *args, **kwargs):
        form = TranscriptForm(initial={"transcript": self.recording.transcript})
        return self._render(form=form)

    def post(self, request, *args, **kwargs):
        form = TranscriptForm(request.POST)
        if form.is_valid():
            try:
                recording_transcript_save(
                    recording=self.recording,
                    by=request.user,
                    text=form.cleaned_data["transcript"],
                )
            except AttendanceError as error:
                form_error(form, error)
            else:
                return self._saved(_("The transcript was saved."))
        return self._render(form=form)


class PublishView(RecordingPageView):
    template_name = "cohorts/admin/recording_publish.html"
    page_title = gettext_lazy("Who may watch it")

    def _render(self, form):
        recording = self.recording
        return super()._render(
            form=form,
            refusals=consent_refusals(recording),
            effective=Visibility(effective_visibility(recording)).label,
            may_approve=is_coordinator(self.request.user, recording.session.cohort),
        )

    def get(self, request, *args, **kwargs):
        return self._render(PublishForm(initial={"visibility": self.recording.visibility}))

    def post(self, request, *args, **kwargs):
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                self.recording = recording_publish(
                    recording=self.recording,
                    visibility=form.cleaned_data["visibility"],
                    by=request.user,
                    refusals_absent=form.cleaned_data["refusals_absent"],
                )
            except AttendanceError as error:
                form_error(form, error)
            else:
                return self._saved(
                    _("“%(title)s” may now be watched by: %(who)s.")
                    % {
                        "title": self.recording.title,
                        "who": Visibility(self.recording.visibility).label,
                    }
                )
        return self._render(form)


urlpatterns = [
    path("", RecordingIndexView.as_view(), name="index"),
    path("sessions/<str:pk>/add/", RecordingAddView.as_view(), name="add"),
    path("sessions/<str:pk>/uploads/", UploadStartView.as_view(), name="upload_start"),
    path("uploads/<str:token>/", UploadView.as_view(), name="upload"),
    path("<str:pk>/", RecordingEditView.as_view(), name="edit"),
    path("<str:pk>/captions/", CaptionsView.as_view(), name="captions"),
    path("<str:pk>/chapters/", ChaptersView.as_view(), name="chapters"),
    path("<str:pk>/transcript/", TranscriptView.as_view(), name="transcript"),
    path("<str:pk>/publish/", PublishView.as_view(), name="publish"),
    path("<str:pk>/delete/", DeleteView.as_view(), name="delete"),
]


@hooks.register("register_admin_urls")
def register_recording_urls():
    return [
        path(
            "recordings/",
            include((urlpatterns, "recordings_admin"), namespace="recordings_admin"),
        )
    ]
