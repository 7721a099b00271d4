"""Retention: recordings past their keep-until date are deleted with their files, unless kept
for training colleagues."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohorts.domain.recording_processing import recordings_purge_expired
from cohorts.enums import ProcessingStatus, RecordingSource
from cohorts.models import Recording, RecordingCaption, RecordingChapter, RecordingWatch
from cohorts.tasks import purge_expired_recordings
from tests.factories.cohorts import held_cohort, participant

pytestmark = pytest.mark.django_db

TODAY = date(2031, 6, 15)


@pytest.fixture
def cohort(curriculum):
    return held_cohort(curriculum.tracks["leaders"], days_ago=14)


def recording(cohort, title, *, keep_until, keep_for_training=False, source=RecordingSource.FILE):
    """A processed recording with every kind of file: media, poster, audio, captions."""
    found = Recording(
        session=cohort.sessions.get(seminar_number=1),
        title=title,
        language="en",
        source=source,
        keep_until=keep_until,
        keep_for_training=keep_for_training,
        processing_status=ProcessingStatus.READY,
        duration_seconds=60,
    )
    if source == RecordingSource.LINK:
        found.external_url = "https://video.example.org/watch/1"
        found.save()
        return found
    found.media.save("talk.mp4", ContentFile(b"media of " + title.encode()), save=False)
    found.poster.save("poster.jpg", ContentFile(b"\xff\xd8\xff poster"), save=False)
    found.audio.save("audio.m4a", ContentFile(b"audio"), save=False)
    found.save()
    caption = RecordingCaption(recording=found, language="en")
    caption.file.save("en.vtt", ContentFile(b"WEBVTT\n"), save=True)
    RecordingChapter.objects.create(recording=found, starts_at_second=0, title="Welcome")
    RecordingWatch.objects.create(
        recording=found, session=found.session, user=participant(cohort).user, percent_watched=90
    )
    return found


def stored_files() -> list[str]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def files_of(kept: Recording) -> list[str]:
    names = [kept.media.name, kept.poster.name, kept.audio.name]
    return names + [c.file.name for c in kept.captions.all()]


def test_expired_recordings_go_with_their_files_and_the_others_stay(
    cohort, django_capture_on_commit_callbacks
):
    yesterday = TODAY - timedelta(days=1)
    expired = recording(cohort, "Expired", keep_until=yesterday)
    expired_link = recording(
        cohort, "Expired link", keep_until=yesterday, source=RecordingSource.LINK
    )
    for_training = recording(cohort, "Training", keep_until=yesterday, keep_for_training=True)
    last_day = recording(cohort, "Last day", keep_until=TODAY)
    expired_files = files_of(expired)
    kept_files = sorted(files_of(for_training) + files_of(last_day))

    expired_viewer = RecordingWatch.objects.get(recording=expired).user_id
    with django_capture_on_commit_callbacks(execute=True):
        assert recordings_purge_expired(today=TODAY) == 2

    assert sorted(Recording.objects.values_list("title", flat=True)) == ["Last day", "Training"]
    assert not Recording.objects.filter(pk__in=[expired.pk, expired_link.pk]).exists()
    assert RecordingCaption.objects.filter(recording_id=expired.pk).count() == 0
    assert RecordingChapter.objects.filter(recording_id=expired.pk).count() == 0
    # The viewing stays, tied to its session: it is the evidence of a make-up.
    assert list(
        RecordingWatch.objects.filter(user_id=expired_viewer).values_list(
            "recording", "session", "percent_watched"
        )
    ) == [(None, expired.session_id, 90)]
    assert stored_files() == kept_files
    assert set(expired_files).isdisjoint(stored_files())
    assert len(expired_files) == 4


def test_files_stay_until_the_deletion_has_committed(cohort, django_capture_on_commit_callbacks):
    expired = recording(cohort, "Expired", keep_until=TODAY - timedelta(days=1))
    files = sorted(files_of(expired))

    with django_capture_on_commit_callbacks(execute=False) as pending:
        recordings_purge_expired(today=TODAY)
        # A rollback now would bring the recording back: its files must still be there.
        assert (Recording.objects.count(), stored_files()) == (0, files)

    assert (len(pending), len(files)) == (1, 4)


def test_purging_again_deletes_nothing_more(cohort, django_capture_on_commit_callbacks):
    recording(cohort, "Expired", keep_until=TODAY - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        recordings_purge_expired(today=TODAY)

    assert recordings_purge_expired(today=TODAY) == 0
    assert Recording.objects.count() == 0


def purge_queries(today) -> int:
    with CaptureQueriesContext(connection) as queries:
        recordings_purge_expired(today=today)
    return len(queries)


def test_the_purge_query_count_does_not_grow_with_the_recordings(cohort):
    """Measured on SQLite and PostgreSQL: 9 queries for one expired recording and for six.
    Per batch: the expired rows, their captions' files, the rows Django deletes, the cascade
    over chapters, captions and viewings, the recordings themselves, and a savepoint around
    them (here inside the test's transaction; a real transaction outside tests)."""
    recording(cohort, "One", keep_until=TODAY - timedelta(days=1))
    one = purge_queries(TODAY)
    for day in range(6):
        recording(cohort, f"Day {day}", keep_until=TODAY - timedelta(days=day + 1))
    six = purge_queries(TODAY)

    assert one == six
    assert six == 9
    assert Recording.objects.count() == 0


def test_a_small_batch_still_deletes_them_all(cohort, django_capture_on_commit_callbacks):
    for day in range(5):
        recording(cohort, f"Day {day}", keep_until=TODAY - timedelta(days=day + 1))

    with django_capture_on_commit_callbacks(execute=True):
        assert recordings_purge_expired(today=TODAY, batch_size=2) == 5

    assert (Recording.objects.count(), stored_files()) == (0, [])


def test_the_daily_task_purges_with_todays_date(cohort, django_capture_on_commit_callbacks):
    recording(cohort, "Expired", keep_until=date.today() - timedelta(days=1))
    recording(cohort, "Kept", keep_until=date.today() + timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert purge_expired_recordings.delay().get() == 1

    assert list(Recording.objects.values_list("title", flat=True)) == ["Kept"]


def test_celery_beat_runs_the_purge_daily():
    assert settings.CELERY_BEAT_SCHEDULE["purge-expired-recordings"] == {
        "task": "cohorts.tasks.purge_expired_recordings",
        "schedule": 86400.0,
    }
