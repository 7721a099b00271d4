"""Recordings' rules: who may watch, publishing beyond the cohort, consent, viewing progress."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile

from cohorts.domain.attendance import Mark, attendance_save
from cohorts.domain.completion import SeminarState, cohort_completion
from cohorts.domain.exceptions import AttendanceError
from cohorts.domain.recordings import (
    consent_refusals,
    effective_visibility,
    recording_publish,
    recording_watch_record,
    recordings_visible_to,
)
from cohorts.enums import EnrolmentStatus, ProcessingStatus, Visibility
from cohorts.models import Enrolment, Recording
from lms.enums import StaffRole
from tests.factories import RegionFactory, staff_user
from tests.factories.cohorts import held_cohort, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(curriculum):
    leaders = curriculum.tracks["leaders"]
    europe, asia = RegionFactory(name="Europe"), RegionFactory(name="Asia-Pacific")
    cohort = held_cohort(leaders, days_ago=14, region=europe, title="London")
    same_track = held_cohort(leaders, days_ago=14, region=asia, title="Manila")
    other_track = held_cohort(curriculum.tracks["curators"], days_ago=14, region=europe)
    withdrawn = participant(cohort)
    withdrawn.status = EnrolmentStatus.WITHDRAWN
    withdrawn.save()
    facilitator = staff_user(StaffRole.FACILITATOR, europe)
    cohort.facilitators.add(facilitator)
    people = {
        "cohort": cohort,
        "member": participant(cohort, full_name="Member").user,
        "withdrawn": withdrawn.user,
        "same_track": participant(same_track).user,
        "other_track": participant(other_track).user,
        "coordinator": staff_user(StaffRole.COORDINATOR, europe),
        "asia_coordinator": staff_user(StaffRole.COORDINATOR, asia),
        "facilitator": facilitator,
    }
    # Everyone agreed to be recorded, unless a test says otherwise.
    Enrolment.objects.update(recording_consent=True)
    return people


def make_recording(cohort, **fields):
    values = {
        "session": cohort.sessions.get(seminar_number=1),
        "title": "Seminar 1",
        "language": "en",
        "duration_seconds": 100,
        "processing_status": ProcessingStatus.READY,
        "keep_until": date.today() + timedelta(days=30),
        **fields,
    }
    recording = Recording(**values)
    recording.media.save("seminar.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    recording.save()
    return recording


def who_sees(world, recording):
    from django.contrib.auth.models import AnonymousUser

    people = {"anonymous": AnonymousUser(), **{k: v for k, v in world.items() if k != "cohort"}}
    return sorted(
        name
        for name, person in people.items()
        if recordings_visible_to(person).filter(pk=recording.pk).exists()
    )


def test_cohort_only_by_default(world):
    recording = make_recording(world["cohort"])
    assert who_sees(world, recording) == ["coordinator", "facilitator", "member"]


@pytest.mark.parametrize(
    ("visibility", "extra"),
    [
        (Visibility.TRACK, ["same_track"]),
        (Visibility.MEMBERS, ["asia_coordinator", "other_track", "same_track", "withdrawn"]),
        (
            Visibility.PUBLIC,
            ["anonymous", "asia_coordinator", "other_track", "same_track", "withdrawn"],
        ),
    ],
)
def test_beyond_the_cohort_once_a_coordinator_approves(world, visibility, extra):
    recording = make_recording(world["cohort"])
    recording_publish(recording=recording, visibility=visibility, by=world["coordinator"])
    recording.refresh_from_db()
    assert effective_visibility(recording) == visibility
    assert who_sees(world, recording) == sorted(["coordinator", "facilitator", "member", *extra])


def test_requested_but_unapproved_stays_in_the_cohort(world):
    recording = make_recording(world["cohort"], visibility=Visibility.PUBLIC)
    assert effective_visibility(recording) == Visibility.COHORT
    assert who_sees(world, recording) == ["coordinator", "facilitator", "member"]


def test_facilitators_cannot_publish_beyond_the_cohort(world):
    recording = make_recording(world["cohort"])
    with pytest.raises(AttendanceError) as refused:
        recording_publish(recording=recording, visibility="track", by=world["facilitator"])
    assert refused.value.message == "Only a coordinator can publish a recording beyond its cohort."
    with pytest.raises(AttendanceError) as refused:
        recording_publish(recording=recording, visibility="track", by=world["asia_coordinator"])
    assert refused.value.message == "You cannot change this recording."
    recording.refresh_from_db()
    assert (recording.visibility, recording.approved_at) == ("cohort", None)


def test_public_with_refusals_needs_the_confirmation(world):
    refuser = participant(world["cohort"], full_name="Zara Refuses")
    recording = make_recording(world["cohort"])
    assert consent_refusals(recording) == [refuser.user]
    with pytest.raises(AttendanceError) as refused:
        recording_publish(recording=recording, visibility="public", by=world["coordinator"])
    assert refused.value.field == "refusals_absent"
    recording.refresh_from_db()
    assert recording.approved_at is None
    recording_publish(
        recording=recording, visibility="members", by=world["coordinator"]
    )  # members: no confirmation needed
    recording_publish(
        recording=recording, visibility="public", by=world["coordinator"], refusals_absent=True
    )
    recording.refresh_from_db()
    assert (recording.visibility, recording.refusals_confirmed_by) == (
        "public",
        world["coordinator"],
    )


def test_processing_recordings_are_for_staff_only(world):
    recording = make_recording(world["cohort"], processing_status=ProcessingStatus.PROCESSING)
    assert who_sees(world, recording) == ["coordinator", "facilitator"]


def test_watching_counts_each_second_once_and_makes_up_an_excused_absence(world):
    cohort = world["cohort"]
    cohort.recording_makeup_allowed = True
    cohort.save()
    member = world["member"]
    attendance_save(
        session=cohort.sessions.get(seminar_number=1),
        marks={member.pk: Mark("excused")},
        by=world["coordinator"],
    )
    recording = make_recording(cohort)
    assert (
        recording_watch_record(recording=recording, user=member, start=0, end=50).percent_watched
        == 50
    )
    assert (
        recording_watch_record(recording=recording, user=member, start=20, end=60).percent_watched
        == 60
    )
    progress = [p for p in cohort_completion(cohort) if p.user == member][0]
    assert progress.cells[0].state == SeminarState.EXCUSED
    assert (
        recording_watch_record(recording=recording, user=member, start=60, end=500).percent_watched
        == 100
    )
    progress = [p for p in cohort_completion(cohort) if p.user == member][0]
    assert progress.cells[0].state == SeminarState.MADE_UP


@pytest.mark.parametrize(("start", "end"), [(10, 10), (50, 20), (-5, 0), (200, 300)])
def test_nothing_watched_is_refused(world, start, end):
    recording = make_recording(world["cohort"])
    with pytest.raises(AttendanceError):
        recording_watch_record(recording=recording, user=world["member"], start=start, end=end)
    assert recording.watches.count() == 0


def test_a_make_up_by_watching_survives_the_recordings_deletion(world):
    from cohorts.domain.recording_processing import recordings_purge_expired

    cohort = world["cohort"]
    cohort.recording_makeup_allowed = True
    cohort.save()
    member = world["member"]
    attendance_save(
        session=cohort.sessions.get(seminar_number=1),
        marks={member.pk: Mark("excused")},
        by=world["coordinator"],
    )
    recording = make_recording(cohort, keep_until=date.today() - timedelta(days=1))
    recording_watch_record(recording=recording, user=member, start=0, end=100)
    assert recordings_purge_expired() == 1
    assert not Recording.objects.filter(pk=recording.pk).exists()
    progress = [p for p in cohort_completion(cohort) if p.user == member][0]
    assert progress.cells[0].state == SeminarState.MADE_UP


def test_an_edit_by_someone_who_cannot_approve_takes_the_recording_back_to_the_cohort(world):
    from cohorts.domain.recording_editing import recording_transcript_save

    recording = make_recording(world["cohort"])
    recording_publish(recording=recording, visibility="track", by=world["coordinator"])
    recording_transcript_save(recording=recording, by=world["coordinator"], text="Checked.")
    recording.refresh_from_db()
    assert effective_visibility(recording) == "track"
    recording_transcript_save(
        recording=recording, by=world["facilitator"], text="Names everyone in the room."
    )
    recording.refresh_from_db()
    assert (recording.visibility, recording.approved_at) == ("track", None)
    assert effective_visibility(recording) == "cohort"
    assert who_sees(world, recording) == ["coordinator", "facilitator", "member"]
