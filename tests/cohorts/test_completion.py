"""Completion: every seminar attended (or made up) and the practical part accepted."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cohorts.domain.attendance import Mark, attendance_add_makeup, attendance_save
from cohorts.domain.completion import (
    SeminarState,
    cohort_completion,
    enrolment_progress,
    person_progress,
    register_recording_makeups,
    unregister_recording_makeups,
)
from cohorts.domain.participation import my_enrolments
from cohorts.enums import EnrolmentStatus, ProgressState, SessionStatus, SubmissionStatus
from cohorts.models import Certificate, Submission
from lms.enums import StaffRole
from tests.factories import staff_user
from tests.factories.cohorts import EnrolmentFactory, held_cohort, open_cohort, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaders(curriculum):
    return curriculum.tracks["leaders"]


@pytest.fixture
def cohort(leaders):
    """Both of its two seminars are held (14 and 7 days ago)."""
    return held_cohort(leaders, days_ago=14)


@pytest.fixture
def coordinator(cohort):
    return staff_user(StaffRole.COORDINATOR, cohort.region)


def _mark(cohort, number, user, mark, by):
    attendance_save(
        session=cohort.sessions.get(seminar_number=number), marks={user.pk: mark}, by=by
    )


def _practical(enrolment, status=SubmissionStatus.ACCEPTED):
    return Submission.objects.create(
        enrolment=enrolment, text="Our plan", status=status, submitted_at=timezone.now()
    )


def _only(cohort):
    (progress,) = cohort_completion(cohort)
    return progress


def test_all_seminars_attended_and_practical_accepted_completes(cohort, coordinator):
    enrolment = participant(cohort)
    _mark(cohort, 1, enrolment.user, Mark("present"), coordinator)
    _mark(cohort, 2, enrolment.user, Mark("late", 120), coordinator)
    _practical(enrolment)
    progress = _only(cohort)
    assert progress.state == ProgressState.COMPLETED
    assert [c.state for c in progress.cells] == [SeminarState.ATTENDED, SeminarState.ATTENDED]
    assert progress.reasons == []


@pytest.mark.parametrize(
    ("mark", "state"),
    [
        (Mark("late", 90), SeminarState.ATTENDED),  # exactly the 50 % minimum
        (Mark("left_early", 89), SeminarState.MISSED),
        (Mark("left_early"), SeminarState.ATTENDED),  # minutes unknown
        (Mark("absent"), SeminarState.MISSED),
    ],
)
def test_late_and_left_early_count_only_above_the_minimum(cohort, coordinator, mark, state):
    enrolment = participant(cohort)
    _mark(cohort, 1, enrolment.user, Mark("present"), coordinator)
    _mark(cohort, 2, enrolment.user, mark, coordinator)
    _practical(enrolment)
    progress = _only(cohort)
    assert progress.cells[1].state == state
    expected = (
        ProgressState.COMPLETED if state == SeminarState.ATTENDED else ProgressState.CANNOT_COMPLETE
    )
    assert progress.state == expected
    if state == SeminarState.MISSED:
        assert progress.reasons == ["Missed seminar 2."]


def test_future_seminars_are_on_track_and_unmarked_past_ones_at_risk(leaders):
    cohort = held_cohort(leaders, days_ago=3)  # seminar 1 held, seminar 2 in four days
    coordinator = staff_user(StaffRole.COORDINATOR, cohort.region)
    marked, unmarked = participant(cohort, full_name="A"), participant(cohort, full_name="B")
    _mark(cohort, 1, marked.user, Mark("present"), coordinator)
    first, second = cohort_completion(cohort)
    assert (first.state, [c.state for c in first.cells]) == (
        ProgressState.ON_TRACK,
        [SeminarState.ATTENDED, SeminarState.UPCOMING],
    )
    assert (second.state, second.reasons) == (
        ProgressState.AT_RISK,
        ["Seminar 1 is not yet marked."],
    )
    assert unmarked == second.enrolment


def test_practical_part_needs_revision_or_missing_is_at_risk(cohort, coordinator):
    revising, missing, waiting = (participant(cohort, full_name=n) for n in "ABC")
    for enrolment in (revising, missing, waiting):
        _mark(cohort, 1, enrolment.user, Mark("present"), coordinator)
        _mark(cohort, 2, enrolment.user, Mark("present"), coordinator)
    _practical(revising, SubmissionStatus.NEEDS_REVISION)
    _practical(waiting, SubmissionStatus.SUBMITTED)
    assert [(p.state, p.reasons) for p in cohort_completion(cohort)] == [
        (ProgressState.AT_RISK, ["The practical part needs revision."]),
        (ProgressState.AT_RISK, ["The practical part has not been submitted."]),
        (ProgressState.ON_TRACK, []),
    ]


def test_excused_absence_made_up_in_another_cohort_of_the_track(cohort, coordinator, leaders):
    enrolment = participant(cohort)
    _mark(cohort, 1, enrolment.user, Mark("present"), coordinator)
    _mark(cohort, 2, enrolment.user, Mark("excused", note="Ill"), coordinator)
    _practical(enrolment)
    later = open_cohort(leaders)  # its seminars are ahead: a chance to make up
    progress = _only(cohort)
    assert (progress.state, progress.reasons) == (
        ProgressState.AT_RISK,
        ["Excused from seminar 2: still to make up."],
    )
    second = later.sessions.get(seminar_number=2)
    # Held now: the person attends it as a guest.
    second.starts_at = timezone.now() - timedelta(days=1)
    second.save()
    staff = staff_user(StaffRole.PROGRAMME_ADMIN)
    attendance_add_makeup(session=second, user=enrolment.user, status="present", by=staff)
    progress = _only(cohort)
    assert [c.state for c in progress.cells] == [SeminarState.ATTENDED, SeminarState.MADE_UP]
    assert progress.state == ProgressState.COMPLETED


def test_excused_with_no_chance_left_cannot_complete(cohort, coordinator, leaders):
    enrolment = participant(cohort)
    _mark(cohort, 1, enrolment.user, Mark("excused"), coordinator)
    elsewhere = open_cohort(leaders)
    elsewhere.sessions.filter(seminar_number=1).update(status=SessionStatus.CANCELLED)
    progress = _only(cohort)
    assert progress.state == ProgressState.CANNOT_COMPLETE
    assert progress.reasons[0] == "Excused from seminar 1, with no way left to make it up."


def test_a_make_up_attended_below_the_minimum_does_not_count(cohort, coordinator, leaders):
    enrolment = participant(cohort)
    _mark(cohort, 1, enrolment.user, Mark("present"), coordinator)
    _mark(cohort, 2, enrolment.user, Mark("excused"), coordinator)
    other = held_cohort(leaders, days_ago=9)
    staff = staff_user(StaffRole.PROGRAMME_ADMIN)
    attendance_add_makeup(
        session=other.sessions.get(seminar_number=2),
        user=enrolment.user,
        status="left_early",
        by=staff,
    )
    attendance_save(
        session=other.sessions.get(seminar_number=2),
        marks={enrolment.user.pk: Mark("left_early", 30)},
        by=staff,
    )
    assert _only(cohort).cells[1].state == SeminarState.EXCUSED


def test_watching_the_recording_makes_up_only_where_the_cohort_allows(cohort, coordinator):
    enrolment = participant(cohort)
    _mark(cohort, 1, enrolment.user, Mark("present"), coordinator)
    _mark(cohort, 2, enrolment.user, Mark("excused"), coordinator)
    _practical(enrolment)
    second = cohort.sessions.get(seminar_number=2)
    # A fake "watched" record, as the recordings feature will provide them.
    watched = {(second.pk, enrolment.user_id)}
    calls = []

    def provider(sessions, user_ids):
        calls.append(([s.pk for s in sessions], set(user_ids)))
        return {pair for pair in watched if pair[1] in user_ids}

    register_recording_makeups(provider)
    try:
        assert _only(cohort).state == ProgressState.CANNOT_COMPLETE
        assert calls == []  # not consulted: the cohort does not count recordings
        cohort.recording_makeup_allowed = True
        cohort.save()
        progress = _only(cohort)
        assert progress.cells[1].state == SeminarState.MADE_UP
        assert progress.state == ProgressState.COMPLETED
        assert calls == [
            (
                list(cohort.sessions.order_by("seminar_number").values_list("pk", flat=True)),
                {enrolment.user_id},
            )
        ]
    finally:
        unregister_recording_makeups(provider)


def test_only_confirmed_places_are_counted(cohort, coordinator):
    kept = participant(cohort)
    gone = participant(cohort)
    gone.status = EnrolmentStatus.WITHDRAWN
    gone.save()
    assert [p.enrolment for p in cohort_completion(cohort)] == [kept]
    assert enrolment_progress(gone) is None
    assert enrolment_progress(kept).enrolment == kept


def test_valid_certificate_is_attached(cohort, coordinator):
    enrolment = participant(cohort)
    common = {
        "enrolment": enrolment,
        "full_name": "A",
        "track_title": "T",
        "region_name": "R",
        "language": "en",
        "completed_on": timezone.now().date(),
    }
    Certificate.objects.create(
        code="OLD", revoked_at=timezone.now(), revoke_reason="Name misspelt", **common
    )
    valid = Certificate.objects.create(code="NEW", **common)
    assert _only(cohort).certificate == valid


def test_cohort_completion_queries_do_not_grow_with_people_or_marks(
    cohort, coordinator, leaders, django_assert_num_queries
):
    held_cohort(leaders, days_ago=9)  # another cohort of the track, for make-ups
    for size in (2, 25):
        people = [participant(cohort) for _ in range(size)]
        for number in (1, 2):
            attendance_save(
                session=cohort.sessions.get(seminar_number=number),
                marks={e.user_id: Mark("excused") for e in people},
                by=coordinator,
            )
        for enrolment in people[::2]:
            _practical(enrolment)
        with django_assert_num_queries(6):
            progress = cohort_completion(cohort)
            [(p.user.union, p.submission) for p in progress]


def test_my_cohorts_progress_takes_the_same_queries_for_one_or_many_cohorts(leaders, curriculum):
    coordinator = staff_user(StaffRole.PROGRAMME_ADMIN)
    person = participant(held_cohort(leaders, days_ago=14)).user
    my_enrolments(user=person)  # the person's roles are read once, then kept on the object
    counts = []
    for extra in range(3):
        cohort = held_cohort(curriculum.tracks["curators"], days_ago=10 + extra)
        EnrolmentFactory(cohort=cohort, user=person, status=EnrolmentStatus.APPROVED)
        attendance_save(
            session=cohort.sessions.get(seminar_number=1),
            marks={person.pk: Mark("present")},
            by=coordinator,
        )
        with CaptureQueriesContext(connection) as captured:
            current, _past = my_enrolments(user=person)
        counts.append(len(captured.captured_queries))
        assert [entry.progress.cells[0].state for entry in current][:1] == [SeminarState.ATTENDED]
    assert counts[0] == counts[1] == counts[2]
    assert person_progress(user=person, enrolments=[]) == {}


def test_a_check_in_that_completes_issues_the_certificate(
    leaders, django_capture_on_commit_callbacks
):
    from cohorts.domain.attendance import attendance_check_in, check_in_code

    cohort = held_cohort(leaders, days_ago=7)  # seminar 2 is today
    live = cohort.sessions.get(seminar_number=2)
    live.starts_at = timezone.now() - timedelta(minutes=5)
    live.save()
    enrolment = participant(cohort)
    coordinator = staff_user(StaffRole.COORDINATOR, cohort.region)
    _mark(cohort, 1, enrolment.user, Mark("present"), coordinator)
    _practical(enrolment)
    assert Certificate.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        attendance_check_in(session=live, user=enrolment.user, code=check_in_code(live))
    assert list(Certificate.objects.values_list("enrolment", flat=True)) == [enrolment.pk]


def test_a_make_up_elsewhere_completes_the_home_cohort(
    cohort, coordinator, leaders, django_capture_on_commit_callbacks
):
    enrolment = participant(cohort)
    _mark(cohort, 1, enrolment.user, Mark("present"), coordinator)
    _mark(cohort, 2, enrolment.user, Mark("excused"), coordinator)
    _practical(enrolment)
    other = held_cohort(leaders, days_ago=9)
    staff = staff_user(StaffRole.PROGRAMME_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        attendance_add_makeup(
            session=other.sessions.get(seminar_number=2),
            user=enrolment.user,
            status="present",
            by=staff,
        )
    assert list(Certificate.objects.values_list("enrolment", flat=True)) == [enrolment.pk]
