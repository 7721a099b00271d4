"""Watching a recording: the player page, the progress its player reports, and watching as a
make-up for an excused absence."""

import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from cohorts.domain.attendance import Mark, attendance_save
from cohorts.domain.completion import SeminarState, cohort_completion
from cohorts.enums import AttendanceStatus, RecordingSource
from cohorts.models import RecordingChapter, RecordingWatch
from tests.cohorts.test_recording_access import (
    JPEG,
    M4A,
    build_world,
    client_for,
    make_recording,
    publish,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(curriculum):
    return build_world(curriculum)


@pytest.fixture
def recording(world):
    return make_recording(world["cohort"], captions=("en", "fr"))


def page(client, recording, **params):
    response = client.get(url("detail", recording), params)
    assert response.status_code == 200
    return response.content.decode()


def post(client, recording, data):
    return client.post(url("progress", recording), data)


def watched(world, recording, role="participant"):
    return list(
        RecordingWatch.objects.filter(recording=recording, user=world[role]).values_list(
            "percent_watched", flat=True
        )
    )


# --- The player page ----------------------------------------------------------------------


def test_the_player_page(client, world, recording):
    recording.poster.save("x", ContentFile(JPEG), save=True)
    RecordingChapter.objects.create(recording=recording, starts_at_second=0, title="Welcome")
    RecordingChapter.objects.create(
        recording=recording, starts_at_second=3725, title="Rota <script>alert(1)</script>"
    )
    client.force_login(world["participant"])
    html = page(client, recording)
    media, poster = url("media", recording), url("poster", recording)
    assert (
        f'<video id="player" controls preload="metadata" aria-labelledby="recording-title" '
        f'poster="{poster}" data-progress-url="{url("progress", recording)}">'
    ) in html
    assert f'<source src="{media}" type="video/mp4">' in html
    en, fr = url("captions", recording, "en"), url("captions", recording, "fr")
    assert re.findall(r"<track [^>]*>", html) == [
        f'<track kind="captions" srclang="en" label="English" src="{en}" default>',
        f'<track kind="captions" srclang="fr" label="French" src="{fr}">',
    ]
    assert re.findall(r'<a href="([^"]*)" data-seek="(\d+)">', html) == [
        (f"{media}#t=0", "0"),
        (f"{media}#t=3725", "3725"),
    ]
    assert '<time datetime="PT3725S">1:02:05</time> Rota &lt;script&gt;' in html
    assert "<script>alert(1)" not in html
    assert '<details class="recording-transcript">' in html
    assert "grievance at Harbour Depot" in html
    assert "London leaders" in html
    assert "Seminar 1: Union leaders seminar 1" in html
    assert "You have watched <span data-watched-percent>0</span> % of this recording." in html
    assert "recording-progress.js" in html
    assert "Audio only" not in html


def test_captions_default_to_the_viewers_language(client, world, recording):
    world["participant"].preferred_language = "fr"
    world["participant"].save(update_fields=["preferred_language"])
    client.force_login(world["participant"])
    tracks = re.findall(r"<track [^>]*>", page(client, recording))
    assert [t.endswith(" default>") for t in tracks] == [False, True]


def test_anonymous_viewers_of_a_public_recording_see_no_progress(client, world, recording):
    publish(world, recording, "public")
    html = page(client, recording)
    assert "<video" in html
    assert "data-progress-url" not in html
    assert "You have watched" not in html
    assert "recording-progress.js" not in html


def test_audio_only_version_for_slow_connections(client, world, recording):
    recording.audio.save("x", ContentFile(M4A), save=True)
    client.force_login(world["participant"])
    video = page(client, recording)
    switch = f'<a href="{url("detail", recording)}?version=audio">'
    assert f"{switch}Audio only (smaller, for slow connections)</a>" in video
    audio = page(client, recording, version="audio")
    assert "<video" not in audio
    assert f'<source src="{url("audio", recording)}">' in audio
    assert '<audio id="player" controls preload="metadata"' in audio
    assert f'<a href="{url("detail", recording)}">Video with captions</a>' in audio


def test_an_audio_recording_plays_in_an_audio_player(client, world):
    recording = make_recording(world["cohort"], media_type="audio/mpeg", captions=())
    client.force_login(world["participant"])
    html = page(client, recording)
    assert "<video" not in html
    assert f'<source src="{url("media", recording)}">' in html


def test_a_linked_recording_shows_the_link(client, world):
    recording = make_recording(
        world["cohort"],
        source=RecordingSource.LINK,
        external_url="https://video.example.org/watch?v=42&t=1",
        captions=(),
        title='Seminar <img src=x onerror="alert(1)">',
    )
    client.force_login(world["participant"])
    html = page(client, recording)
    assert (
        '<a href="https://video.example.org/watch?v=42&amp;t=1" rel="noopener noreferrer" '
        'target="_blank">Watch the recording on video.example.org (opens in a new tab)</a>'
    ) in html
    assert "<video" not in html
    assert "<img src=x" not in html
    assert "Seminar &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_a_link_that_is_not_a_web_address_is_not_a_link(client, world):
    recording = make_recording(
        world["cohort"],
        source=RecordingSource.LINK,
        external_url="javascript:alert(1)",
        captions=(),
    )
    client.force_login(world["participant"])
    html = page(client, recording)
    assert "javascript:" not in html
    assert "The link to this recording cannot be used." in html


# --- Progress ---------------------------------------------------------------------------


def test_progress_accumulates_without_counting_twice(client, world, recording):
    client.force_login(world["participant"])
    answers = [
        post(client, recording, {"start": "0", "end": "30"}).json(),
        post(client, recording, {"start": "20.5", "end": "50.9"}).json(),
        post(client, recording, {"start": "0", "end": "50"}).json(),
        post(client, recording, {"start": ["60", "80"], "end": ["70", "90"]}).json(),
        # Beyond the end (a player may know a slightly longer length) and under a second.
        post(client, recording, {"start": ["95", "100.2", "91.2"], "end": ["103", "101", "91.8"]}),
    ]
    assert answers[:4] == [{"percent": 30}, {"percent": 50}, {"percent": 50}, {"percent": 70}]
    assert answers[4].json() == {"percent": 75}
    assert watched(world, recording) == [75]
    assert "You have watched <span data-watched-percent>75</span> %" in page(client, recording)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"start": "10"},
        {"end": "10"},
        {"start": "", "end": ""},
        {"start": "-1", "end": "10"},
        {"start": "10", "end": "-5"},
        {"start": "nan", "end": "10"},
        {"start": "0", "end": "inf"},
        {"start": "0", "end": "1e400"},
        {"start": "ten", "end": "twenty"},
        {"start": "0", "end": "<script>"},
        {"start": "20", "end": "10"},
        {"start": "10", "end": "10"},
        {"start": ["0", "50"], "end": ["10"]},
        {"start": ["0", "50"], "end": ["10", "40"]},
        {"start": ["0"] * 101, "end": ["10"] * 101},
    ],
)
def test_bad_progress_is_refused_and_records_nothing(client, world, recording, data):
    client.force_login(world["participant"])
    response = post(client, recording, data)
    assert response.status_code == 400
    assert response.json() == {
        "error": "Send the watched ranges as numbers of seconds, each end after its start."
    }
    assert watched(world, recording) == []


def test_extra_fields_change_nothing(client, world, recording):
    client.force_login(world["participant"])
    response = post(
        client,
        recording,
        {"start": "0", "end": "30", "user": world["coordinator"].pk, "percent_watched": "100"},
    )
    assert response.json() == {"percent": 30}
    assert watched(world, recording) == [30]
    assert watched(world, recording, "coordinator") == []


def test_a_recording_of_unknown_length_records_nothing(client, world):
    recording = make_recording(world["cohort"], duration_seconds=None)
    client.force_login(world["participant"])
    response = post(client, recording, {"start": "0", "end": "30"})
    assert (response.status_code, response.json()) == (
        400,
        {"error": "This recording's length is not known yet."},
    )
    assert watched(world, recording) == []


def test_outsiders_cannot_report_progress(client, world, recording):
    for role in ("anonymous", "withdrawn", "same_track", "other_track", "other_coordinator"):
        client_for(client, world, role)
        assert post(client, recording, {"start": "0", "end": "30"}).status_code == 404, role
    client_for(client, world, "participant")
    assert client.get(url("progress", recording)).status_code == 405
    assert client.post(reverse("recordings:progress", args=[2**63])).status_code == 404
    assert RecordingWatch.objects.count() == 0


def test_anonymous_viewers_of_a_public_recording_cannot_report(client, world, recording):
    publish(world, recording, "public")
    assert post(client, recording, {"start": "0", "end": "30"}).status_code == 404
    assert RecordingWatch.objects.count() == 0


def test_progress_needs_the_page_token(world, recording):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["participant"])
    assert post(client, recording, {"start": "0", "end": "30"}).status_code == 403
    page(client, recording)
    token = client.cookies["csrftoken"].value
    answer = post(client, recording, {"start": "0", "end": "30", "csrfmiddlewaretoken": token})
    assert answer.json() == {"percent": 30}


# --- Watching as a make-up ----------------------------------------------------------------


def _excuse(world, recording):
    attendance_save(
        session=recording.session,
        marks={world["participant"].pk: Mark(AttendanceStatus.EXCUSED)},
        by=world["coordinator"],
    )


def _seminar_one(world):
    (progress,) = [p for p in cohort_completion(world["cohort"]) if p.user == world["participant"]]
    return progress.cells[0].state


@pytest.mark.parametrize(
    ("allowed", "end", "state"),
    [
        (True, "79", SeminarState.EXCUSED),
        (True, "80", SeminarState.MADE_UP),
        (False, "100", SeminarState.EXCUSED),
    ],
)
def test_watching_most_of_the_recording_makes_up_an_excused_absence(
    client, world, recording, allowed, end, state, django_capture_on_commit_callbacks
):
    cohort = world["cohort"]
    cohort.recording_makeup_allowed = allowed
    cohort.save(update_fields=["recording_makeup_allowed"])
    _excuse(world, recording)
    assert _seminar_one(world) == SeminarState.EXCUSED
    client.force_login(world["participant"])
    with django_capture_on_commit_callbacks(execute=True):
        post(client, recording, {"start": "0", "end": "40"})
        post(client, recording, {"start": "30", "end": end})
    assert _seminar_one(world) == state
