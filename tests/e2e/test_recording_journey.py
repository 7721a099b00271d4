"""A coordinator uploads a seminar's recording with captions and publishes it to the track; a
participant of another cohort of the track, in another region, watches it with captions."""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from cohorts.domain.recording_processing import recording_process
from cohorts.models import Enrolment, Recording
from lms.enums import StaffRole
from tests.factories import RegionFactory, staff_user
from tests.factories.cohorts import held_cohort, participant
from tests.factories.people import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:02.500\nWelcome to the seminar on data rights.\n"


def sign_in(page, email, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


@pytest.fixture
def seminar_video(tmp_path, on_ci):
    if shutil.which("ffmpeg") is None:
        if on_ci:
            pytest.fail("CI must have ffmpeg (make test installs it).")
        pytest.skip("ffmpeg is not installed: apt-get install ffmpeg")
    path = tmp_path / "seminar-1.mp4"
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            shutil.which("ffmpeg"), "-loglevel", "error", "-f", "lavfi", "-i",
            "testsrc=duration=3:size=160x120:rate=10", "-f", "lavfi", "-i",
            "sine=frequency=440:duration=3", "-shortest", "-pix_fmt", "yuv420p", str(path),
        ],
        check=True,
        timeout=60,
    )  # fmt: skip
    return path


def test_coordinator_publishes_to_the_track_and_another_cohort_watches_with_captions(
    browser, live_server, curriculum, seminar_video, assert_accessible
):
    europe, asia = RegionFactory(name="Europe"), RegionFactory(name="Asia-Pacific")
    leaders = curriculum.tracks["leaders"]
    london = held_cohort(leaders, days_ago=14, region=europe, title="Leaders in London")
    manila = held_cohort(leaders, days_ago=14, region=asia, title="Leaders in Manila")
    coordinator = staff_user(StaffRole.COORDINATOR, europe, full_name="Clara Coordinator")
    participant(london, full_name="Lena Speaks")
    viewer = participant(manila, full_name="Mateo Watches").user
    Enrolment.objects.update(recording_consent=True)
    session = london.sessions.get(seminar_number=1)

    options = {"base_url": live_server.url, "locale": "en-GB", "reduced_motion": "reduce"}
    admin_context = browser.new_context(**options)
    page = admin_context.new_page()
    sign_in(page, coordinator.email, f"/admin/recordings/sessions/{session.pk}/add/")
    page.get_by_label("Title").fill("Seminar 1: what data and AI are")
    page.get_by_label("Audio or video file").set_input_files(str(seminar_video))
    page.get_by_role("button", name="Add the recording").click()
    expect(page.get_by_text("“Seminar 1: what data and AI are” was added.")).to_be_visible()
    assert_accessible(page)
    recording = Recording.objects.get()
    assert recording.media_size == seminar_video.stat().st_size
    # The worker's turn (in CI tasks go to Redis, where no worker listens in browser tests).
    recording_process(recording_id=recording.pk)
    recording.refresh_from_db()
    assert (recording.processing_status, recording.duration_seconds) == ("ready", 3)

    page.goto(f"/admin/recordings/{recording.pk}/captions/")
    page.get_by_label("Language of the captions").select_option("en")
    page.get_by_label("WebVTT file (.vtt)").set_input_files(
        {"name": "seminar-1.en.vtt", "mimeType": "text/vtt", "buffer": CAPTIONS.encode()}
    )
    page.get_by_role("button", name="Upload the captions").click()
    expect(page.get_by_role("button", name="Remove the English captions")).to_be_visible()

    page.goto(f"/admin/recordings/{recording.pk}/publish/")
    assert_accessible(page)
    page.get_by_label("Everyone enrolled in this track, in any region").check()
    page.get_by_role("button", name="Save").click()
    recording.refresh_from_db()
    assert (recording.visibility, recording.approved_by) == ("track", coordinator)
    admin_context.close()

    viewer_context = browser.new_context(**options)
    page = viewer_context.new_page()
    sign_in(page, viewer.email, "/recordings/")
    page.get_by_role("link", name="Seminar 1: what data and AI are").click()
    video = page.locator("video#player")
    expect(video).to_be_visible()
    assert_accessible(page)
    # The English captions are the default track and show while the video plays.
    page.wait_for_function("document.querySelector('#player').readyState >= 1")
    page.evaluate("document.querySelector('#player').muted = true")
    page.evaluate("document.querySelector('#player').play()")
    page.wait_for_function(
        "(() => { const t = document.querySelector('#player').textTracks[0];"
        " return t && t.mode === 'showing' && t.cues && t.cues.length === 1; })()"
    )
    cue = page.evaluate("document.querySelector('#player').textTracks[0].cues[0].text")
    assert cue == "Welcome to the seminar on data rights."
    viewer_context.close()
