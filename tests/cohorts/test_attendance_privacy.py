"""A person's attendance, apologies, practical work and certificates are in their data export
and leave with their account."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from cohorts.domain.attendance import Mark, attendance_save
from cohorts.domain.attendance_import import attendance_imports_purge
from cohorts.models import (
    Apology,
    Attendance,
    AttendanceChange,
    AttendanceImport,
    Certificate,
    Submission,
    SubmissionFile,
)
from lms.domain.people import person_erase, person_export
from lms.enums import StaffRole
from tests.factories import staff_user
from tests.factories.cohorts import held_cohort, open_cohort, participant

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def records(curriculum, settings):
    cohort = held_cohort(curriculum.tracks["leaders"], days_ago=14, title="Nairobi leaders")
    enrolment = participant(cohort, full_name="Wanjiru Kamau")
    person = enrolment.user
    coordinator = staff_user(StaffRole.PROGRAMME_ADMIN)
    attendance_save(
        session=cohort.sessions.get(seminar_number=1),
        marks={person.pk: Mark("late", 120, "Power cut")},
        by=coordinator,
    )
    later = open_cohort(curriculum.tracks["curators"])
    participant_there = participant(later)
    participant_there.user = person
    participant_there.save()
    Apology.objects.create(
        session=later.sessions.get(seminar_number=1), user=person, reason="Congress"
    )
    submission = Submission.objects.create(
        enrolment=enrolment, text="Bargaining plan", status="accepted", submitted_at=timezone.now()
    )
    stored = SubmissionFile(
        submission=submission, original_name="plan.txt", content_type="text/plain", size=4
    )
    stored.file.save("plan.txt", ContentFile(b"plan"), save=True)
    Certificate.objects.create(
        enrolment=enrolment,
        code="ABCD-EFGH-JKMN",
        full_name="Wanjiru Kamau",
        track_title="Union leaders",
        region_name=cohort.region.name,
        language="en",
        completed_on=timezone.now().date(),
    )
    return person, Path(settings.PRIVATE_MEDIA_ROOT) / stored.file.name


def test_export_contains_attendance_apologies_submissions_and_certificates(records):
    person, _path = records
    data = json.loads(person_export(user=person))
    assert [
        (a["cohort"], a["seminar"], a["status"], a["minutes_attended"], a["note"])
        for a in data["attendance"]
    ] == [("Nairobi leaders", 1, "late", 120, "Power cut")]
    assert [(a["seminar"], a["reason"]) for a in data["apologies"]] == [(1, "Congress")]
    assert [(s["text"], s["files"], s["status"]) for s in data["practical_submissions"]] == [
        ("Bargaining plan", ["plan.txt"], "accepted")
    ]
    assert [(c["code"], c["full_name"]) for c in data["certificates"]] == [
        ("ABCD-EFGH-JKMN", "Wanjiru Kamau")
    ]


def test_erasure_removes_the_records_and_the_submitted_files(records):
    person, path = records
    assert path.exists()
    person_erase(user=person)
    assert Attendance.objects.count() == 0
    assert AttendanceChange.objects.count() == 0
    assert Apology.objects.count() == 0
    assert Submission.objects.count() == 0
    assert Certificate.objects.count() == 0
    assert not path.exists()


def _report(session, people, *, days_old=0):
    kept = AttendanceImport.objects.create(
        session=session,
        file_name="zoom.csv",
        file_sha256="0" * 64,
        report_format="zoom",
        people=people,
    )
    AttendanceImport.objects.filter(pk=kept.pk).update(
        uploaded_at=timezone.now() - timedelta(days=days_old)
    )
    return kept


def test_erasure_removes_the_person_from_kept_reports(records):
    person, _path = records
    session = Attendance.objects.get().session
    kept = _report(
        session,
        [
            {"name": "Someone Else", "email": "else@example.org", "minutes": 170},
            {"name": "W. Kamau", "email": person.email.upper(), "minutes": 120},
            {"name": "wanjiru  KAMAU", "email": "", "minutes": 30},
        ],
    )
    person_erase(user=person)
    kept.refresh_from_db()
    assert kept.people == [{"name": "Someone Else", "email": "else@example.org", "minutes": 170}]


def test_reports_are_deleted_after_their_keeping_time(records, settings):
    settings.ATTENDANCE_IMPORT_KEEP_DAYS = 14
    session = Attendance.objects.get().session
    old = _report(session, [], days_old=15)
    recent = _report(session, [], days_old=13)
    assert attendance_imports_purge() == 1
    assert list(AttendanceImport.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AttendanceImport.objects.filter(pk=old.pk).exists()
    assert Attendance.objects.count() == 1


def test_export_lists_recording_viewings(records):
    from datetime import date

    from django.core.files.base import ContentFile

    from cohorts.domain.recordings import recording_watch_record
    from cohorts.models import Recording

    person, _path = records
    session = Attendance.objects.get().session
    recording = Recording(
        session=session,
        title="Seminar 1",
        language="en",
        duration_seconds=100,
        processing_status="ready",
        keep_until=date(2030, 1, 1),
    )
    recording.media.save("x.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=True)
    recording_watch_record(recording=recording, user=person, start=0, end=40)
    data = json.loads(person_export(user=person))
    assert [
        (v["cohort"], v["seminar"], v["recording"], v["percent_watched"])
        for v in data["recording_viewings"]
    ] == [("Nairobi leaders", 1, "Seminar 1", 40)]
