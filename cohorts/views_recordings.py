"""Watching recordings: the list, the player page, viewing progress and the private files.

Every view starts from `recordings_visible_to(request.user)`, the one access rule, so a
recording the viewer may not watch answers 404 whichever way it is asked for (page, file,
captions, transcript, search). Files go out through `private_file_response` (HTTP Range,
X-Accel-Redirect in production, private cache headers).
"""

import math
from urllib.parse import urlsplit

from django import forms
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .admin_common import row_or_404
from .domain.catalogue import language_name, track_choices
from .domain.exceptions import AttendanceError
from .domain.recording_editing import format_timestamp
from .domain.recording_processing import AUDIO_CONTENT_TYPE, POSTER_CONTENT_TYPE
from .domain.recordings import (
    recording_watch_record,
    recording_watchable,
    recordings_visible_to,
)
from .enums import ProcessingStatus, RecordingSource
from .models import Recording, RecordingWatch
from .serving import private_file_response, private_headers

RECORDINGS_PER_PAGE = 20
SEARCH_TERMS_MAX = 8
# A player reports its watched ranges; more than this in one report is not a player.
RANGES_PER_REPORT_MAX = 100


def _visible_recording(request, pk) -> Recording:
    return row_or_404(
        recordings_visible_to(request.user).select_related(
            "session__cohort__track", "session__cohort__region", "session__module"
        ),
        pk,
    )


def _safe_link(url: str) -> str:
    """The external address when it is a web address (nothing else becomes a link)."""
    return url if urlsplit(url).scheme in ("http", "https") else ""


class RecordingSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search titles and transcripts"),
        required=False,
        max_length=200,
        widget=forms.SearchInput,
    )
    track = forms.ChoiceField(label=gettext_lazy("Track"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [("", _("Any track")), *track_choices()]
        self.fields["language"].choices = [("", _("Any language")), *languages]


def _search(queryset, text: str):
    """Recordings whose title or transcript holds every word of `text` (case-insensitive).
    Applied to what the viewer may watch, so a phrase never reveals anything else."""
    for term in text.split()[:SEARCH_TERMS_MAX]:
        queryset = queryset.filter(Q(title__icontains=term) | Q(transcript__icontains=term))
    return queryset


@require_safe
def recording_list(request):
    visible = recordings_visible_to(request.user).filter(recording_watchable())
    codes = visible.order_by().values_list("language", flat=True).distinct()
    languages = sorted(
        ((code, language_name(code)) for code in codes), key=lambda c: c[1].casefold()
    )
    form = RecordingSearchForm(request.GET or None, languages=languages)
    # A value that does not fit is shown as an error next to its field and left out.
    chosen = {}
    if form.is_bound:
        form.is_valid()
        chosen = form.cleaned_data
    recordings = visible
    if chosen.get("track"):
        recordings = recordings.filter(session__cohort__track_id=chosen["track"])
    if chosen.get("language"):
        recordings = recordings.filter(language=chosen["language"])
    if chosen.get("q"):
        recordings = _search(recordings, chosen["q"])
    recordings = (
        recordings.select_related(
            "session__cohort__track", "session__cohort__region", "session__module"
        )
        .defer("transcript")
        .order_by("-session__starts_at", "-pk")
    )
    if request.user.is_authenticated:
        watched = RecordingWatch.objects.filter(recording=OuterRef("pk"), user=request.user)
        recordings = recordings.annotate(
            watched_percent=Subquery(watched.values("percent_watched")[:1])
        )
    page = Paginator(recordings, RECORDINGS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for recording in page.object_list:
        recording.language_name = language_name(recording.language)
        recording.length = (
            format_timestamp(recording.duration_seconds) if recording.duration_seconds else ""
        )
    kept = QueryDict(mutable=True)
    for name, value in chosen.items():
        if value:
            kept[name] = value
    return render(
        request,
        "cohorts/recording_list.html",
        {
            "form": form,
            "page_obj": page,
            "recordings": page.object_list,
            "is_filtered": bool(kept),
            "query_prefix": f"{kept.urlencode()}&" if kept else "",
        },
    )


@require_safe
def recording_detail(request, pk):
    recording = _visible_recording(request, pk)
    is_file = recording.source == RecordingSource.FILE
    playable = is_file and recording.processing_status == ProcessingStatus.READY
    media_is_audio = recording.media_type.startswith("audio/")
    offers_audio = playable and bool(recording.audio) and not media_is_audio
    # Without JavaScript too: the audio-only version is a link to this page.
    wants_audio = offers_audio and request.GET.get("version") == "audio"
    audio_only = playable and (media_is_audio or wants_audio)
    captions = list(recording.captions.all()) if playable else []
    interface = (get_language() or "").split("-")[0]
    for caption in captions:
        caption.language_name = language_name(caption.language)
        caption.is_default = caption.language == interface
    chapters = list(recording.chapters.all())
    for chapter in chapters:
        chapter.clock = format_timestamp(chapter.starts_at_second)
    watched_percent = None
    if request.user.is_authenticated:
        watched_percent = (
            RecordingWatch.objects.filter(recording=recording, user=request.user)
            .values_list("percent_watched", flat=True)
            .first()
        ) or 0
    session = recording.session
    return render(
        request,
        "cohorts/recording_detail.html",
        {
            "recording": recording,
            "session": session,
            "cohort": session.cohort,
            "language": language_name(recording.language),
            "length": format_timestamp(recording.duration_seconds)
            if recording.duration_seconds
            else "",
            "playable": playable,
            "audio_only": audio_only,
            "source_url_name": "recordings:audio" if wants_audio else "recordings:media",
            "offers_audio": offers_audio,
            "captions": captions,
            "chapters": chapters,
            "external_url": "" if is_file else _safe_link(recording.external_url),
            "external_host": urlsplit(recording.external_url).hostname or "",
            "watched_percent": watched_percent,
            "tracks_progress": playable
            and request.user.is_authenticated
            and bool(recording.duration_seconds),
        },
    )


def _ranges(data) -> list[tuple[float, float]] | None:
    """The (start, end) pairs of a progress report; None when anything in it is wrong."""
    starts, ends = data.getlist("start"), data.getlist("end")
    if not starts or len(starts) != len(ends) or len(starts) > RANGES_PER_REPORT_MAX:
        return None
    pairs = []
    for raw_start, raw_end in zip(starts, ends, strict=True):
        try:
            start, end = float(raw_start), float(raw_end)
        except (TypeError, ValueError):
            return None
        if not (math.isfinite(start) and math.isfinite(end)) or start < 0 or end <= start:
            return None
        pairs.append((start, end))
    return pairs


@require_POST
def recording_progress(request, pk):
    """A player's report of the ranges watched; answers the percentage watched so far."""
    if not request.user.is_authenticated:
        raise Http404
    recording = _visible_recording(request, pk)
    pairs = _ranges(request.POST)
    if pairs is None:
        return JsonResponse(
            {
                "error": _(
                    "Send the watched ranges as numbers of seconds, each end after its start."
                )
            },
            status=400,
        )
    duration = recording.duration_seconds
    if not duration:
        return JsonResponse({"error": _("This recording's length is not known yet.")}, status=400)
    # A player may know the length to a fraction of a second more than processing did, and
    # reports stretches shorter than a second: those add no whole second seen.
    counted = [(s, e) for s, e in pairs if int(s) < min(int(e), duration)]
    try:
        with transaction.atomic():
            for start, end in counted:
                recording_watch_record(recording=recording, user=request.user, start=start, end=end)
    except AttendanceError as error:
        return JsonResponse({"error": error.message}, status=400)
    percent = (
        RecordingWatch.objects.filter(recording=recording, user=request.user)
        .values_list("percent_watched", flat=True)
        .first()
    ) or 0
    return JsonResponse({"percent": percent})


@require_safe
def media(request, pk):
    recording = _visible_recording(request, pk)
    return private_file_response(
        request, recording.media, content_type=recording.media_type or "application/octet-stream"
    )


@require_safe
def audio(request, pk):
    recording = _visible_recording(request, pk)
    if not recording.audio:
        raise Http404
    return private_file_response(request, recording.audio, content_type=AUDIO_CONTENT_TYPE)


@require_safe
def poster(request, pk):
    recording = _visible_recording(request, pk)
    if not recording.poster:
        raise Http404
    return private_file_response(request, recording.poster, content_type=POSTER_CONTENT_TYPE)


@require_safe
def captions(request, pk, lang):
    recording = _visible_recording(request, pk)
    caption = recording.captions.filter(language=lang).first()
    if caption is None:
        raise Http404
    return private_file_response(request, caption.file, content_type="text/vtt; charset=utf-8")


@require_safe
def transcript(request, pk):
    """The transcript as a text file. It is a database field, not a stored file, so it is
    answered here with the same private headers as the files."""
    recording = _visible_recording(request, pk)
    if not recording.transcript:
        raise Http404
    name = f"{slugify(recording.title, allow_unicode=True) or 'recording'}-transcript.txt"
    response = HttpResponse(recording.transcript, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return private_headers(response)
