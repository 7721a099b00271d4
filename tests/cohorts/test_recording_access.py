"""Who may reach a recording, whichever way they ask: its page, the media file (with HTTP
Range), captions, transcript, poster, audio-only version, the list and its search."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.domain.recordings import recording_publish
from cohorts.enums import EnrolmentStatus, ProcessingStatus, RecordingSource, Visibility
from cohorts.models import Enrolment, Recording, RecordingCaption, RecordingChapter
from lms.enums import StaffRole
from tests.factories import RegionFactory, staff_user
from tests.factories.cohorts import held_cohort, participant

pytestmark = pytest.mark.django_db

MEDIA = bytes(range(256)) * 4
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nWelcome to the seminar.\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
M4A = b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 20
SECRET_PHRASE = "grievance at Harbour Depot"

ROLES = [
    "anonymous",
    "participant",
    "withdrawn",
    "same_track",
    "other_track",
    "coordinator",
    "other_coordinator",
    "facilitator",
]
COHORT_PEOPLE = {"participant", "coordinator", "facilitator"}


def build_world(curriculum) -> dict:
    """A cohort of union leaders in Europe and everyone around it, all of whom agreed to be
    recorded (so publishing to everyone needs no confirmation)."""
    leaders = curriculum.tracks["leaders"]
    europe = RegionFactory(name="Europe", slug="europe")
    asia = RegionFactory(name="Asia-Pacific", slug="asia-pacific")
    cohort = held_cohort(leaders, days_ago=14, region=europe, title="London leaders")
    same_track = held_cohort(leaders, days_ago=14, region=asia, title="Manila leaders")
    other_track = held_cohort(
        curriculum.tracks["curators"], days_ago=14, region=europe, title="Paris curators"
    )
    withdrawn = participant(cohort, full_name="Wim Withdrawn")
    withdrawn.status = EnrolmentStatus.WITHDRAWN
    withdrawn.save(update_fields=["status"])
    # A facilitator's role in another region: their access comes from this cohort alone.
    facilitator = staff_user(StaffRole.FACILITATOR, asia, full_name="Fran Facilitator")
    cohort.facilitators.add(facilitator)
    world = {
        "cohort": cohort,
        "participant": participant(cohort, full_name="Ana Participant").user,
        "withdrawn": withdrawn.user,
        "same_track": participant(same_track, full_name="Bo Sametrack").user,
        "other_track": participant(other_track, full_name="Cai Othertrack").user,
        "coordinator": staff_user(StaffRole.COORDINATOR, europe, full_name="Eve Coordinator"),
        "other_coordinator": staff_user(StaffRole.COORDINATOR, asia, full_name="Ari Coord"),
        "facilitator": facilitator,
    }
    Enrolment.objects.update(recording_consent=True)
    return world


def make_recording(cohort, *, seminar=1, captions=("en",), **fields) -> Recording:
    values = {
        "session": cohort.sessions.get(seminar_number=seminar),
        "title": f"{cohort.title}: seminar {seminar}",
        "language": "en",
        "media_type": "video/mp4",
        "media_size": len(MEDIA),
        "duration_seconds": 100,
        "processing_status": ProcessingStatus.READY,
        "keep_until": date.today() + timedelta(days=365),
        "transcript": f"We discussed the {SECRET_PHRASE} and the new rota software.",
        **fields,
    }
    recording = Recording(**values)
    if recording.source == RecordingSource.FILE:
        recording.media.save("x", ContentFile(MEDIA), save=False)
    recording.save()
    for language in captions:
        caption = RecordingCaption(recording=recording, language=language)
        caption.file.save("x", ContentFile(VTT), save=True)
    return recording


def publish(world, recording, visibility):
    recording_publish(recording=recording, visibility=visibility, by=world["coordinator"])
    recording.refresh_from_db()
    return recording


def client_for(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(world[role])
    return client


def url(name, recording, *args):
    return reverse(f"recordings:{name}", args=[recording.pk, *args])


@pytest.fixture
def world(curriculum):
    return build_world(curriculum)


# --- The access matrix ------------------------------------------------------------------

VISIBILITY_CASES = {
    "cohort": COHORT_PEOPLE,
    "track": COHORT_PEOPLE | {"same_track"},
    "track_not_yet_approved": COHORT_PEOPLE,
    "members": set(ROLES) - {"anonymous"},
    "public": set(ROLES),
}


def _recording_for(world, case):
    recording = make_recording(world["cohort"])
    if case in ("track", "members", "public"):
        return publish(world, recording, case)
    if case == "track_not_yet_approved":
        Recording.objects.filter(pk=recording.pk).update(visibility=Visibility.TRACK)
    return recording


def _answers(client, recording):
    """What one person gets from every way in to `recording`."""
    whole = client.get(url("media", recording))
    first_bytes = client.get(url("media", recording), HTTP_RANGE="bytes=0-9")
    past_the_end = client.get(url("media", recording), HTTP_RANGE="bytes=999999-")
    return {
        "detail": client.get(url("detail", recording)).status_code,
        "media": whole.status_code,
        "range": (
            first_bytes.status_code,
            b"".join(first_bytes.streaming_content) if first_bytes.status_code == 206 else b"",
            first_bytes.get("Content-Range"),
        ),
        "past_the_end": (past_the_end.status_code, past_the_end.get("Content-Range")),
        "captions": client.get(url("captions", recording, "en")).status_code,
        "transcript": client.get(url("transcript", recording)).status_code,
    }


ALLOWED = {
    "detail": 200,
    "media": 200,
    "range": (206, MEDIA[:10], f"bytes 0-9/{len(MEDIA)}"),
    "past_the_end": (416, f"bytes */{len(MEDIA)}"),
    "captions": 200,
    "transcript": 200,
}
REFUSED = {
    "detail": 404,
    "media": 404,
    "range": (404, b"", None),
    "past_the_end": (404, None),
    "captions": 404,
    "transcript": 404,
}


@pytest.mark.parametrize("case", list(VISIBILITY_CASES))
def test_every_way_in_for_every_role(client, world, case):
    recording = _recording_for(world, case)
    answers = {role: _answers(client_for(client, world, role), recording) for role in ROLES}
    assert answers == {
        role: ALLOWED if role in VISIBILITY_CASES[case] else REFUSED for role in ROLES
    }


def test_file_answers_are_private_and_typed(client, world):
    recording = make_recording(world["cohort"])
    client.force_login(world["participant"])
    whole = client.get(url("media", recording))
    assert (whole["Content-Type"], whole["Content-Length"], whole["Accept-Ranges"]) == (
        "video/mp4",
        str(len(MEDIA)),
        "bytes",
    )
    assert b"".join(whole.streaming_content) == MEDIA
    for response in (
        whole,
        client.get(url("captions", recording, "en")),
        client.get(url("transcript", recording)),
    ):
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
    captions = client.get(url("captions", recording, "en"))
    assert captions["Content-Type"] == "text/vtt; charset=utf-8"
    assert b"".join(captions.streaming_content) == VTT
    transcript = client.get(url("transcript", recording))
    assert transcript["Content-Type"] == "text/plain; charset=utf-8"
    assert transcript["Content-Disposition"] == (
        'attachment; filename="london-leaders-seminar-1-transcript.txt"'
    )
    assert transcript.content.decode() == recording.transcript


def test_poster_and_audio_only_version(client, world):
    recording = make_recording(world["cohort"])
    recording.poster.save("x", ContentFile(JPEG), save=False)
    recording.audio.save("x", ContentFile(M4A), save=True)
    client.force_login(world["participant"])
    poster = client.get(url("poster", recording))
    audio = client.get(url("audio", recording), HTTP_RANGE="bytes=0-3")
    assert (poster.status_code, poster["Content-Type"]) == (200, "image/jpeg")
    assert b"".join(poster.streaming_content) == JPEG
    assert (audio.status_code, audio["Content-Type"]) == (206, "audio/mp4")
    assert b"".join(audio.streaming_content) == M4A[:4]
    for role in ("anonymous", "withdrawn", "same_track", "other_coordinator"):
        client_for(client, world, role)
        assert client.get(url("poster", recording)).status_code == 404
        assert client.get(url("audio", recording)).status_code == 404


def test_missing_files_and_unknown_languages_are_404(client, world):
    recording = make_recording(world["cohort"], transcript="")
    client.force_login(world["participant"])
    for path in (
        url("captions", recording, "fr"),
        url("captions", recording, "xx"),
        url("poster", recording),
        url("audio", recording),
        url("transcript", recording),
        f"/recordings/{recording.pk}/captions/..%2Fen.vtt",
    ):
        assert client.get(path).status_code == 404, path
    caption = recording.captions.get()
    caption.file.storage.delete(caption.file.name)
    assert client.get(url("captions", recording, "en")).status_code == 404


def test_link_recordings_have_no_files(client, world):
    recording = make_recording(
        world["cohort"],
        source=RecordingSource.LINK,
        external_url="https://video.example.org/watch/42",
        captions=(),
    )
    client.force_login(world["participant"])
    assert client.get(url("detail", recording)).status_code == 200
    assert client.get(url("media", recording)).status_code == 404


@pytest.mark.parametrize("pk", [0, 2**31, 2**63, 2**63 + 1])
def test_ids_that_do_not_exist(client, world, pk):
    make_recording(world["cohort"])
    client.force_login(world["coordinator"])
    for name in ("detail", "media", "transcript"):
        assert client.get(reverse(f"recordings:{name}", args=[pk])).status_code == 404


def test_accel_mode_hands_the_file_to_the_web_server(client, world, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/protected/"
    recording = make_recording(world["cohort"])
    client.force_login(world["participant"])
    response = client.get(url("media", recording), HTTP_RANGE="bytes=0-9")
    assert (response.status_code, response["X-Accel-Redirect"]) == (
        200,
        f"/protected/{recording.media.name}",
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == b""
    captions = client.get(url("captions", recording, "en"))
    assert captions["X-Accel-Redirect"] == f"/protected/{recording.captions.get().file.name}"
    client_for(client, world, "other_track")
    refused = client.get(url("media", recording))
    assert (refused.status_code, refused.has_header("X-Accel-Redirect")) == (404, False)


# --- Still processing ---------------------------------------------------------------------


@pytest.mark.parametrize("status", [ProcessingStatus.PROCESSING, ProcessingStatus.FAILED])
def test_unfinished_recordings_are_for_the_cohorts_staff_only(client, world, status):
    recording = publish(
        world, make_recording(world["cohort"], processing_status=status), Visibility.PUBLIC
    )
    for role in ROLES:
        client_for(client, world, role)
        expected = 200 if role in ("coordinator", "facilitator") else 404
        assert client.get(url("detail", recording)).status_code == expected, role
        assert client.get(url("captions", recording, "en")).status_code == expected, role
        # Not in the list of things to watch, not even for staff: the admin shows them.
        assert client.get(reverse("recordings:list")).context["recordings"] == [], role
    client_for(client, world, "coordinator")
    page = client.get(url("detail", recording)).content.decode()
    assert "<video" not in page
    assert str(recording.get_processing_status_display()) in page


# --- The list and its search --------------------------------------------------------------


def titles(response):
    return [r.title for r in response.context["recordings"]]


def test_the_list_shows_what_each_viewer_may_watch(client, world):
    cohort = world["cohort"]
    private = make_recording(cohort, seminar=1, title="Seminar one, cohort only")
    members = publish(
        world, make_recording(cohort, seminar=2, title="Seminar two, members"), "members"
    )
    public = make_recording(world["cohort"], seminar=2, title="Seminar two, public", captions=())
    publish(world, public, "public")
    expected = {
        "anonymous": [public.title],
        "participant": [members.title, public.title, private.title],
        "other_track": [members.title, public.title],
        "coordinator": [members.title, public.title, private.title],
    }
    seen = {}
    for role in expected:
        client_for(client, world, role)
        response = client.get(reverse("recordings:list"))
        seen[role] = sorted(
            titles(response), key=[members.title, public.title, private.title].index
        )
    assert seen == expected


def test_search_never_reveals_a_recording_one_may_not_watch(client, world):
    hidden = make_recording(world["cohort"], title="Seminar one")
    public = publish(
        world,
        make_recording(world["cohort"], seminar=2, title="Seminar two", transcript="Rotas."),
        "public",
    )
    for role in ("anonymous", "withdrawn", "same_track", "other_track", "other_coordinator"):
        client_for(client, world, role)
        found = client.get(reverse("recordings:list"), {"q": "harbour depot"})
        assert (titles(found), found.context["page_obj"].paginator.count) == ([], 0), role
        assert SECRET_PHRASE not in found.content.decode()
        assert titles(client.get(reverse("recordings:list"), {"q": "rotas"})) == [public.title]
    for role in ("participant", "coordinator", "facilitator"):
        client_for(client, world, role)
        found = client.get(reverse("recordings:list"), {"q": "HARBOUR   depot"})
        assert titles(found) == [hidden.title], role


def test_filters_by_track_and_language_and_bad_values_are_left_out(client, world, curriculum):
    cohort = world["cohort"]
    english = make_recording(cohort, seminar=1, title="English one")
    french = make_recording(cohort, seminar=2, title="French one", language="fr")
    client.force_login(world["participant"])
    listing = reverse("recordings:list")
    leaders = curriculum.tracks["leaders"].pk
    curators = curriculum.tracks["curators"].pk
    assert titles(client.get(listing, {"language": "fr"})) == [french.title]
    assert titles(client.get(listing, {"track": leaders})) == [french.title, english.title]
    assert titles(client.get(listing, {"track": curators})) == []
    for bad in ({"track": "2**63"}, {"track": str(2**63)}, {"language": "<script>"}):
        response = client.get(listing, bad)
        assert titles(response) == [french.title, english.title]
        assert response.context["form"].errors
        assert "<script>" not in response.content.decode()
    oversize = client.get(listing, {"q": "x" * 201, "language": "en"})
    assert titles(oversize) == [english.title]
    assert list(oversize.context["form"].errors) == ["q"]


def test_the_list_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    cohort = world["cohort"]
    client.force_login(world["participant"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("recordings:list"), {"q": "rota"})
        assert response.status_code == 200
        return len(queries), len(response.context["recordings"])

    make_recording(cohort, seminar=1)
    count_queries()  # the site's root page is cached by the first request
    few = count_queries()
    for seminar in (1, 2, 2, 1, 2):
        make_recording(cohort, seminar=seminar, captions=())
    many = count_queries()
    assert (few[1], many[1]) == (1, 6)
    assert few[0] == many[0]
    with django_assert_max_num_queries(12):
        client.get(reverse("recordings:list"), {"q": "rota", "track": cohort.track_id})


# --- Not announced anywhere else ----------------------------------------------------------


def test_the_sitemap_lists_no_recordings(client, world):
    recording = publish(world, make_recording(world["cohort"]), "public")
    RecordingChapter.objects.create(recording=recording, starts_at_second=5, title="Welcome")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/recordings/" not in body
    assert recording.title not in body
