"""Forms of the recordings admin: the recording's details and file, captions, chapters,
transcript, publishing and the listing's filter. They only read the input (times such as
1:05:30 become seconds here); the rules are in `cohorts.domain.recording_upload`,
`cohorts.domain.recording_editing` and `cohorts.domain.recordings`."""

import re

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from lms.models.people import LANGUAGE_CHOICES

from .domain.recording_editing import CHAPTER_TITLE_MAX, CHAPTERS_MAX, TRANSCRIPT_MAX
from .domain.recording_upload import MEDIA_KINDS, TITLE_MAX, URL_MAX, media_types_label
from .enums import RecordingSource, Visibility

_TIME = re.compile(r"(?:(\d{1,2}):([0-5]\d)|(\d{1,3})):([0-5]\d)", re.ASCII)


def parse_timestamp(text: str) -> int:
    """Seconds from H:MM:SS or M:SS; ValidationError otherwise."""
    match = _TIME.fullmatch((text or "").strip())
    if match is None:
        raise forms.ValidationError(
            _("Write the time as H:MM:SS or M:SS, for example 1:05:30 or 12:00."), code="time"
        )
    hours, minutes_of_hour, minutes, seconds = match.groups()
    if hours is not None:
        return int(hours) * 3600 + int(minutes_of_hour) * 60 + int(seconds)
    return int(minutes) * 60 + int(seconds)


class RecordingFilterForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=None, required=False, empty_label=_("All my cohorts")
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts.order_by("title", "pk")


class RecordingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    language = forms.ChoiceField(label=_("Language spoken"), choices=LANGUAGE_CHOICES)
    source = forms.ChoiceField(
        label=_("The recording is"),
        choices=RecordingSource.choices,
        initial=RecordingSource.FILE,
        widget=forms.RadioSelect,
    )
    # The domain says what is wrong with an empty file, in its own words.
    media = forms.FileField(label=_("Audio or video file"), required=False, allow_empty_file=True)
    # Filled in by the browser once a chunked upload is complete.
    upload = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    external_url = forms.URLField(
        label=_("Link to the video"),
        required=False,
        max_length=URL_MAX,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The address of the video on a video service, starting with https://."),
    )
    keep_until = forms.DateField(
        label=_("Keep until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    keep_for_training = forms.BooleanField(
        label=_("Keep it after that day: it is reused to train colleagues"), required=False
    )

    def __init__(self, *args, has_file=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_file = has_file
        self.fields["media"].help_text = _(
            "At most %(size)s. Allowed types: %(types)s. Large files are sent in parts; "
            "an interrupted upload continues where it stopped."
        ) % {"size": filesizeformat(settings.RECORDING_MAX_BYTES), "types": media_types_label()}
        self.fields["media"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension in MEDIA_KINDS
        )
        if has_file:
            self.fields["media"].label = _("Replace the file")

    def clean(self):
        data = super().clean()
        source = data.get("source")
        has_file = data.get("media") or data.get("upload") or self.has_file
        if source == RecordingSource.FILE and not has_file and "media" not in self.errors:
            self.add_error("media", _("Choose the audio or video file."))
        missing_link = "external_url" not in self.errors and not data.get("external_url")
        if source == RecordingSource.LINK and missing_link:
            self.add_error("external_url", _("Enter the link to the video."))
        return data


class CaptionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the captions"), choices=LANGUAGE_CHOICES)
    file = forms.FileField(
        label=_("WebVTT file (.vtt)"),
        # The domain says what is wrong with an empty file, in its own words.
        allow_empty_file=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "UTF-8 text starting with WEBVTT, at most %(size)s. Captions already there in the "
            "same language are replaced."
        ) % {"size": filesizeformat(settings.CAPTION_MAX_BYTES)}
        self.fields["file"].widget.attrs["accept"] = ".vtt,text/vtt"


class ChapterForm(forms.Form):
    time = forms.CharField(
        label=_("Starts at"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 9}),
    )
    title = forms.CharField(
        label=_("Agenda item"),
        required=False,
        max_length=CHAPTER_TITLE_MAX,
        widget=forms.TextInput(attrs={"list": "agenda-items"}),
    )

    def clean(self):
        data = super().clean()
        time, title = data.get("time", ""), data.get("title", "")
        if not time and not title:
            return data
        if not title:
            self.add_error("title", _("Name the agenda item."))
        if not time:
            self.add_error("time", _("Say when it starts."))
        else:
            try:
                data["seconds"] = parse_timestamp(time)
            except forms.ValidationError as error:
                self.add_error("time", error)
        return data


class _ChapterFormSet(forms.BaseFormSet):
    def chapters(self) -> list[tuple[int, str]]:
        return [
            (form.cleaned_data["seconds"], form.cleaned_data["title"])
            for form in self.forms
            if form.cleaned_data.get("title")
        ]


ChapterFormSet = forms.formset_factory(
    ChapterForm,
    formset=_ChapterFormSet,
    extra=3,
    max_num=CHAPTERS_MAX,
    validate_max=True,
    absolute_max=CHAPTERS_MAX,
)


class TranscriptForm(forms.Form):
    transcript = forms.CharField(
        label=_("Transcript"),
        required=False,
        max_length=TRANSCRIPT_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transcript"].help_text = _(
            "Plain text, at most %(max)d characters. People who may watch the recording can "
            "read and search it."
        ) % {"max": TRANSCRIPT_MAX}


class PublishForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who may watch it"), choices=Visibility.choices, widget=forms.RadioSelect
    )
    refusals_absent = forms.BooleanField(
        label=_("I confirm the people who refused are not in this recording"), required=False
    )
