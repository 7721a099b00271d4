"""Attendance from video-call participant reports: reading, merging, matching, applying."""

import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.domain.attendance import Mark, attendance_save
from cohorts.domain.attendance_import import (
    attendance_import_apply,
    attendance_import_create,
    attendance_import_preview,
)
from cohorts.domain.exceptions import AttendanceError
from cohorts.domain.participant_reports import MAX_BYTES
from cohorts.enums import AttendanceSource, EnrolmentStatus, SessionStatus
from cohorts.models import Attendance, AttendanceChange, AttendanceImport, Session
from lms.enums import StaffRole
from tests.factories import RegionFactory, UserFactory, staff_user
from tests.factories.cohorts import held_cohort, participant

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
BERLIN = "Europe/Berlin"
START = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo(BERLIN))
ZOOM_HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"

PEOPLE = {
    "amara": ("Amara Okafor", "amara.okafor@example.org"),
    "bruno": ("Bruno Keller", "bruno.keller@example.org"),
    "chiara": ("Chiara Rossi", "chiara.rossi@example.org"),
    "dmitri": ("Dmitri Volkov", "dmitri.volkov@example.org"),
    "elif": ("Elif Yilmaz", "elif.yilmaz@example.org"),
    "fatima": ("Fatima Benali", "fatima.benali@example.org"),
    "gabriel": ("Gabriel Santos", "gabriel.santos@example.org"),
    "hana": ("Hana Sato", "hana.sato@example.org"),
    "ivan": ("Ivan Petrov", "ivan.petrov@example.org"),
}


@pytest.fixture
def world(curriculum):
    cohort = held_cohort(curriculum.tracks["curators"], days_ago=6)
    cohort.time_zone = BERLIN
    cohort.save(update_fields=["time_zone"])
    session = cohort.sessions.order_by("seminar_number").first()
    Session.objects.filter(pk=session.pk).update(starts_at=START, duration_minutes=180)
    session.refresh_from_db()
    people = {
        key: participant(cohort, full_name=name, email=email).user
        for key, (name, email) in PEOPLE.items()
    }
    facilitator = staff_user(StaffRole.FACILITATOR, cohort.region, full_name="Nadia Facilitator")
    cohort.facilitators.add(facilitator)
    other_region = RegionFactory(name="Elsewhere", slug="elsewhere")
    return {
        "cohort": cohort,
        "session": session,
        "people": people,
        "coordinator": staff_user(StaffRole.COORDINATOR, cohort.region, full_name="Coord Here"),
        "facilitator": facilitator,
        "other_coordinator": staff_user(StaffRole.COORDINATOR, other_region),
    }


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def create(world, data: bytes, *, name="report.csv", report_format="auto", time_zone=BERLIN):
    return attendance_import_create(
        session=world["session"],
        data=data,
        file_name=name,
        time_zone=time_zone,
        report_format=report_format,
        by=world["coordinator"],
    )


def marks(session):
    return sorted(
        Attendance.objects.filter(session=session).values_list(
            "user__email", "status", "minutes_attended", "note", "source"
        )
    )


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def upload_url(session):
    return reverse("attendance_import:upload", args=[session.pk])


def preview_url(attendance_import):
    return reverse("attendance_import:preview", args=[attendance_import.pk])


def register_location(session):
    return f"/admin/attendance/sessions/{session.pk}/"


def post_file(client, session, data: bytes, *, name="report.csv", **fields):
    return client.post(
        upload_url(session),
        {
            "report": SimpleUploadedFile(name, data, content_type="text/csv"),
            "report_format": "auto",
            "time_zone": BERLIN,
            **fields,
        },
    )


# --- Reading, merging and matching a Zoom report ----------------------------------------


def test_zoom_report_is_merged_per_person_and_matched_to_the_register(world):
    imported = create(world, read("zoom_participants.csv"), name="zoom_participants.csv")
    assert imported.report_format == "zoom"
    assert [(p["name"], p["email"], p["minutes"], p["rows"]) for p in imported.people] == [
        ("Facilitator Host", "facilitator.host@example.org", 180, [5]),
        ("Amara Okafor", "amara.okafor@example.org", 80, [6]),
        # Two reconnections, apart: 60 + 84 minutes.
        ("Bruno Keller", "bruno.keller@example.org", 144, [7, 13]),
        # Overlapping reconnections count once: 10:05-11:50, not 85 + 50 minutes.
        ("Chiara Rossi", "chiara.rossi@example.org", 105, [8, 11]),
        ("Dmitri Volkov", "dmitri.volkov@example.org", 130, [9]),
        ("Amara Okafor", "", 75, [10]),
        ("Elif Yilmaz", "elif.yilmaz@example.org", 60, [12]),
        ("Fátima Benali (Fatima's phone)", "", 150, [14]),
        ("Gabe S", "gabriel.home@example.org", 165, [15]),
        ("Hana Sato", "hana.sato@example.org", 0, [16]),
    ]
    amara = imported.people[1]
    assert (amara["joined"], amara["left"]) == (
        "2026-11-24T08:58:30+00:00",
        "2026-11-24T10:20:00+00:00",
    )

    preview = attendance_import_preview(attendance_import=imported)
    assert [
        (p.row.user.email, p.person["minutes"], p.proposed.status, p.indices)
        for p in preview.matched
    ] == [
        # By e-mail and, from a phone without one, by name: one person, their time united.
        ("amara.okafor@example.org", 150, "present", [1, 5]),
        ("bruno.keller@example.org", 144, "present", [2]),  # 80 %
        ("chiara.rossi@example.org", 105, "left_early", [3]),
        ("dmitri.volkov@example.org", 130, "late", [4]),  # joined 40 minutes late
        ("elif.yilmaz@example.org", 60, "left_early", [6]),  # left after an hour
        ("fatima.benali@example.org", 150, "present", [7]),  # a guest, by name only
        ("hana.sato@example.org", 0, "absent", [9]),
    ]
    assert [(u.index, u.person["name"], u.status) for u in preview.unmatched] == [
        (0, "Facilitator Host", "present"),
        (8, "Gabe S", "present"),
    ]
    assert [row.user.full_name for row in preview.missing] == ["Gabriel Santos", "Ivan Petrov"]
    assert (preview.applied_before, preview.outside_seminar, preview.change_count) == (
        None,
        False,
        7,
    )
    assert Attendance.objects.count() == 0


def test_facilitator_uploads_matches_by_hand_and_applies(client, world):
    session, people = world["session"], world["people"]
    # A mark from the register, with a note the import keeps.
    attendance_save(
        session=session,
        marks={people["elif"].pk: Mark(status="left_early", note="Had to leave at 11")},
        by=world["coordinator"],
    )
    client.force_login(world["facilitator"])
    response = post_file(client, session, read("zoom_participants.csv"), name="zoom.csv")
    imported = AttendanceImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == preview_url(imported)
    assert (imported.uploaded_by, imported.file_name) == (world["facilitator"], "zoom.csv")

    page = client.get(preview_url(imported))
    assert page.status_code == 200
    content = page.content.decode()
    assert 'for="match-8"' in content
    assert "Joined (Europe/Berlin)" in content
    assert "<td>10:40</td>" in content  # Dmitri, in the cohort's zone
    assert "Ivan Petrov" in content

    response = client.post(
        preview_url(imported),
        {"match-8": str(people["gabriel"].pk), "match-0": "ignore", "status": "present"},
    )
    assert response.status_code == 302
    assert response["Location"] == register_location(session)
    assert texts(response) == ["Attendance imported: 8 marks changed."]
    assert marks(session) == [
        ("amara.okafor@example.org", "present", 150, "", "import"),
        ("bruno.keller@example.org", "present", 144, "", "import"),
        ("chiara.rossi@example.org", "left_early", 105, "", "import"),
        ("dmitri.volkov@example.org", "late", 130, "", "import"),
        ("elif.yilmaz@example.org", "left_early", 60, "Had to leave at 11", "import"),
        ("fatima.benali@example.org", "present", 150, "", "import"),
        ("gabriel.santos@example.org", "present", 165, "", "import"),
        ("hana.sato@example.org", "absent", 0, "", "import"),
    ]
    imported.refresh_from_db()
    assert (imported.applied_by, imported.changed_count) == (world["facilitator"], 8)
    assert imported.applied_at is not None
    assert AttendanceChange.objects.filter(source=AttendanceSource.IMPORT).count() == 8

    # An applied import shows what it did and cannot be applied again.
    page = client.get(preview_url(imported)).content.decode()
    assert "8 marks changed." in page
    assert "Apply to the register" not in page
    response = client.post(preview_url(imported), {"match-8": str(people["gabriel"].pk)})
    assert texts(response) == ["This report has already been applied."]
    assert AttendanceChange.objects.count() == 9


def test_importing_the_same_file_again_changes_nothing(client, world):
    session, gabriel = world["session"], world["people"]["gabriel"]
    data = read("zoom_participants.csv")
    first = create(world, data)
    assert (
        attendance_import_apply(
            attendance_import=first, manual_matches={8: gabriel.pk}, by=world["coordinator"]
        )
        == 8
    )
    before, changes = marks(session), AttendanceChange.objects.count()

    client.force_login(world["coordinator"])
    post_file(client, session, data)
    second = AttendanceImport.objects.exclude(pk=first.pk).get()
    assert second.file_sha256 == first.file_sha256
    page = client.get(preview_url(second))
    assert page.context["preview"].applied_before == first
    assert page.context["preview"].change_count == 0
    assert "The same file was already applied to this seminar" in page.content.decode()
    response = client.post(preview_url(second), {"match-8": str(gabriel.pk)})
    assert texts(response) == ["Attendance imported: 0 marks changed."]
    assert marks(session) == before
    assert AttendanceChange.objects.count() == changes
    second.refresh_from_db()
    assert second.changed_count == 0


def test_generic_csv_with_minutes_semicolons_summed_and_capped(world):
    imported = create(world, read("generic_minutes.csv"))
    assert imported.report_format == "generic"
    assert [(p["email"], p["minutes"]) for p in imported.people] == [
        ("amara.okafor@example.org", 170),
        ("bruno.keller@example.org", 110),
        ("chiara.rossi@example.org", 0),
        ("dmitri.volkov@example.org", 180),
    ]
    changed = attendance_import_apply(
        attendance_import=imported, manual_matches={}, by=world["coordinator"]
    )
    assert changed == 4
    assert marks(world["session"]) == [
        ("amara.okafor@example.org", "present", 170, "", "import"),
        # Minutes only: too few, and no join time to call it late.
        ("bruno.keller@example.org", "left_early", 110, "", "import"),
        ("chiara.rossi@example.org", "absent", 0, "", "import"),
        ("dmitri.volkov@example.org", "present", 180, "", "import"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le"])
def test_generic_csv_with_join_and_leave_in_any_encoding(world, encoding):
    data = read("generic_join_leave.csv").decode().encode(encoding)
    imported = create(world, data)
    preview = attendance_import_preview(attendance_import=imported)
    assert [
        (p.row.user.email, p.person["minutes"], p.proposed.status) for p in preview.matched
    ] == [
        ("amara.okafor@example.org", 180, "present"),
        ("bruno.keller@example.org", 120, "late"),  # 10:30 in the chosen zone
        ("chiara.rossi@example.org", 60, "left_early"),  # offsets are kept
        ("dmitri.volkov@example.org", 165, "present"),  # overlapping rows, united
    ]
    first = imported.people[0]
    assert (first["joined"], first["left"]) == (
        "2026-11-24T09:00:00+00:00",
        "2026-11-24T12:00:00+00:00",
    )


def test_waiting_room_time_does_not_count_and_names_match_without_accents(world):
    data = (
        "Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,"
        "In waiting room\n"
        "AMARA  okafor,,11/24/2026 09:50,11/24/2026 10:30,40,Yes,Yes\n"
        "Amara Okafor,,11/24/2026 10:30,11/24/2026 11:00,30,Yes,No\n"
        "Cuz B (Bruno Kéller),,2026-11-24 10:00:00,2026-11-24 13:00:00,180,Yes,No\n"
    ).encode()
    imported = create(world, data)
    preview = attendance_import_preview(attendance_import=imported)
    assert [
        (p.row.user.email, p.person["minutes"], p.proposed.status) for p in preview.matched
    ] == [
        # Waiting from 09:50, admitted at 10:30: joined late.
        ("amara.okafor@example.org", 30, "late"),
        ("bruno.keller@example.org", 180, "present"),
    ]


def test_the_waiting_room_sets_neither_the_join_nor_the_leave_time(world):
    imported = create(world, read("zoom_waiting_room.csv"), name="zoom_waiting_room.csv")
    assert [
        (p["name"], p["minutes"], p["joined"], p["left"], p["rows"]) for p in imported.people
    ] == [
        # Waiting from 09:58, admitted at 10:40 (Berlin): joined at 10:40.
        (
            "Amara Okafor",
            130,
            "2026-11-24T09:40:00+00:00",
            "2026-11-24T11:50:00+00:00",
            [5, 7],
        ),
        # Back in the waiting room after 11:00 and never let in again: left at 11:00.
        (
            "Bruno Keller",
            60,
            "2026-11-24T09:00:00+00:00",
            "2026-11-24T10:00:00+00:00",
            [6, 9],
        ),
        # Only ever in the waiting room: never joined the seminar.
        ("Chiara Rossi", 0, None, None, [8]),
    ]
    preview = attendance_import_preview(attendance_import=imported)
    assert [(p.row.user.email, p.proposed.status) for p in preview.matched] == [
        ("amara.okafor@example.org", "late"),
        ("bruno.keller@example.org", "left_early"),
        ("chiara.rossi@example.org", "absent"),
    ]
    assert preview.outside_seminar is False
    attendance_import_apply(attendance_import=imported, manual_matches={}, by=world["coordinator"])
    assert marks(world["session"]) == [
        ("amara.okafor@example.org", "late", 130, "", "import"),
        ("bruno.keller@example.org", "left_early", 60, "", "import"),
        ("chiara.rossi@example.org", "absent", 0, "", "import"),
    ]


def test_someone_excused_stays_excused_when_the_report_has_no_minutes(world):
    session, hana = world["session"], world["people"]["hana"]
    attendance_save(
        session=session,
        marks={hana.pk: Mark(status="excused", note="Ill")},
        by=world["facilitator"],
    )
    imported = create(world, b"email,minutes\nhana.sato@example.org,0\n")
    assert (
        attendance_import_apply(
            attendance_import=imported, manual_matches={}, by=world["coordinator"]
        )
        == 0
    )
    assert marks(session) == [("hana.sato@example.org", "excused", None, "Ill", "register")]


def test_times_outside_the_seminar_warn_of_the_wrong_time_zone(client, world):
    data = read("zoom_participants.csv")
    imported = create(world, data, time_zone="America/New_York")
    preview = attendance_import_preview(attendance_import=imported)
    assert preview.outside_seminar is True
    assert {p.proposed.status for p in preview.matched} == {"absent"}
    client.force_login(world["coordinator"])
    assert "wrong time zone" in client.get(preview_url(imported)).content.decode()


# --- Bad files: a clear error, nothing saved ------------------------------------------------


def _zoom(*rows):
    return (ZOOM_HEADER + "".join(row + "\n" for row in rows)).encode()


GOOD_ROW = "Amara Okafor,amara.okafor@example.org,11/24/2026 10:00,11/24/2026 11:00,60,No"
ROWS_LIMIT = b"email,minutes\n" + b"a@example.org,1\n" * 5001
SMALL = b"email,minutes\namara.okafor@example.org,1\n"


def _padded(data: bytes, size: int) -> bytes:
    """`data` grown to `size` bytes with blank lines (each shorter than csv's field limit)."""
    chunk = b" " * 99_999 + b"\n"
    missing = size - len(data)
    return data + chunk * (missing // len(chunk)) + b" " * (missing % len(chunk))


def _oversize():
    return _padded(SMALL, MAX_BYTES + 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf\r\n  \n", "The file is empty."),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
            "This is not a CSV text file. Export the participant report as CSV (UTF-8) and "
            "upload that file.",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00email",
            "This is not a CSV text file. Export the participant report as CSV (UTF-8) and "
            "upload that file.",
        ),
        (
            b"first,second\n1,2\n",
            "No header row naming the columns was found. A Zoom participant report needs the "
            "columns Name, Join time and Leave time; a simple list needs email and either "
            "minutes or join and leave.",
        ),
        (b"name,minutes\nAmara,3\n", "Row 1: the header has no column for e-mail."),
        (
            b"Name,User Email,Join Time,Duration (Minutes)\nA,a@example.org,11/24/2026 10:00,1\n",
            "Row 1: the header has no column for leave time.",
        ),
        (b"email,minutes\n", "The file has a header but nobody in it."),
        (
            _zoom(GOOD_ROW, GOOD_ROW, "Bo,bo@example.org,31/31/2026,11/24/2026 11:00,60,No"),
            "Row 4: the join time '31/31/2026' is not a date and time.",
        ),
        (
            _zoom("Bo,bo@example.org,11/24/2026 11:00,11/24/2026 10:00,60,No"),
            "Row 2: the leave time is before the join time.",
        ),
        (
            b"email,join,leave\nbo@example.org,0001-01-01 00:10+05:00,2026-11-24 11:00\n",
            "Row 2: the join time '0001-01-01 00:10+05:00' is not a date and time.",
        ),
        (
            b"email,join,leave\nbo@example.org,2026-11-24 10:00,9999-12-31 23:30-05:00\n",
            "Row 2: the leave time '9999-12-31 23:30-05:00' is not a date and time.",
        ),
        (_zoom("Bo,bo@example.org,11/24/2026 11:00,,60,No"), "Row 2: the leave time is missing."),
        (
            _zoom("Bo,bo@example.org,11/24/2026 10:00,11/24/2026 11:00,sixty,No"),
            "Row 2: the duration 'sixty' is not a whole number of minutes (0 or more).",
        ),
        (
            b"email,minutes\na@example.org,3\nb@example.org,-5\n",
            "Row 3: the minutes '-5' is not a whole number of minutes (0 or more).",
        ),
        (
            b"email,minutes\nnot-an-address,3\n",
            "Row 2: the e-mail 'not-an-address' is not an e-mail address.",
        ),
        (b"email,name,minutes\n,Amara,3\n", "Row 2: the e-mail is missing."),
        (
            b"email,minutes,join,leave\na@example.org,,,\n",
            "Row 2: give either the minutes or the join and leave times.",
        ),
        (
            ROWS_LIMIT,
            "The file has more than 5000 rows of people. Split it and upload each part.",
        ),
        (
            "larger",
            "The file is larger than 2 MB. Split the report and upload each part.",
        ),
    ],
    ids=lambda value: value[:20] if isinstance(value, str) else None,
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_saved(world, data, message):
    if data == "larger":
        data = _oversize()
        assert len(data) == MAX_BYTES + 1
    with pytest.raises(AttendanceError) as refused:
        create(world, data)
    assert refused.value.message == message
    assert (AttendanceImport.objects.count(), Attendance.objects.count()) == (0, 0)


def test_a_file_exactly_at_the_size_limit_is_read(world):
    imported = create(world, _padded(SMALL, MAX_BYTES))
    assert [p["email"] for p in imported.people] == ["amara.okafor@example.org"]


def test_a_bad_upload_shows_the_error_on_the_form(client, world):
    client.force_login(world["coordinator"])
    response = post_file(client, world["session"], _oversize())
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "report": ["The file is larger than 2 MB. Split the report and upload each part."]
    }
    response = post_file(client, world["session"], _zoom(GOOD_ROW), time_zone="Mars/Olympus")
    assert "time_zone" in response.context["form"].errors
    response = post_file(client, world["session"], _zoom(GOOD_ROW), report_format="excel")
    assert "report_format" in response.context["form"].errors
    assert (AttendanceImport.objects.count(), Attendance.objects.count()) == (0, 0)


def test_forcing_the_wrong_format_names_the_missing_columns(world):
    with pytest.raises(AttendanceError) as refused:
        create(world, read("generic_minutes.csv"), report_format="zoom")
    assert refused.value.message == "Row 1: the header has no column for join time, leave time."


def test_formulas_and_markup_are_kept_as_text_and_shown_escaped(client, world):
    data = (
        b"email,name,minutes\n"
        b'x1@example.org,"=HYPERLINK(""http://evil.example.org"",""click"")",10\n'
        b"x2@example.org,<script>alert(1)</script>,20\n"
        b"x3@example.org,@SUM(A1:A9),30\n"
    )
    imported = create(world, data, name="..\\..\\etc/<img src=x onerror=alert(1)>.csv")
    assert imported.file_name == "<img src=x onerror=alert(1)>.csv"
    assert [p["name"] for p in imported.people] == [
        '=HYPERLINK("http://evil.example.org","click")',
        "<script>alert(1)</script>",
        "@SUM(A1:A9)",
    ]
    client.force_login(world["coordinator"])
    content = client.get(preview_url(imported)).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;.csv" in content


# --- Applying: manual matches checked, nothing half done --------------------------------------


@pytest.mark.parametrize(
    ("matches", "message"),
    [
        ({99: "gabriel"}, "Only rows the import could not match can be matched by hand."),
        ({1: "gabriel"}, "Only rows the import could not match can be matched by hand."),
        ({-1: "gabriel"}, "Only rows the import could not match can be matched by hand."),
        ({8: "outsider"}, "Rows can only be matched to people on this seminar's register."),
        ({8: 2**63}, "Rows can only be matched to people on this seminar's register."),
        ({8: "amara"}, "Amara Okafor was chosen for more than one row."),
        ({8: "gabriel", 0: "gabriel"}, "Gabriel Santos was chosen for more than one row."),
    ],
)
def test_bad_manual_matches_save_nothing(world, matches, message):
    outsider = UserFactory()
    ids = {**{k: u.pk for k, u in world["people"].items()}, "outsider": outsider.pk}
    imported = create(world, read("zoom_participants.csv"))
    with pytest.raises(AttendanceError) as refused:
        attendance_import_apply(
            attendance_import=imported,
            manual_matches={k: ids.get(v, v) for k, v in matches.items()},
            by=world["coordinator"],
        )
    assert refused.value.message == f"{message} Nothing was saved."
    imported.refresh_from_db()
    assert (imported.applied_at, Attendance.objects.count()) == (None, 0)


@pytest.mark.parametrize("value", ["abc", "0", "-1", str(2**63), "1.5", "<script>"])
def test_a_nonsense_choice_in_the_preview_saves_nothing(client, world, value):
    imported = create(world, read("zoom_participants.csv"))
    client.force_login(world["coordinator"])
    response = client.post(preview_url(imported), {"match-8": value})
    assert response.status_code == 200
    assert texts(response) == [
        "Choose a person from the list, or ignore the row. Nothing was saved."
    ]
    assert Attendance.objects.count() == 0


def test_a_withdrawn_person_cannot_be_matched_by_hand(client, world):
    gabriel = world["people"]["gabriel"]
    gabriel.enrolments.update(status=EnrolmentStatus.WITHDRAWN)
    imported = create(world, read("zoom_participants.csv"))
    client.force_login(world["coordinator"])
    response = client.post(preview_url(imported), {"match-8": str(gabriel.pk)})
    assert texts(response) == [
        "Rows can only be matched to people on this seminar's register. Nothing was saved."
    ]
    assert Attendance.objects.count() == 0


def test_a_cancelled_seminar_takes_no_import(client, world):
    session = world["session"]
    imported = create(world, read("generic_minutes.csv"))
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)
    session.refresh_from_db()
    message = "This seminar was cancelled: there is no attendance to import."
    with pytest.raises(AttendanceError, match=message):
        create(world, read("generic_minutes.csv"))
    client.force_login(world["coordinator"])
    page = client.get(upload_url(session))
    assert page.status_code == 200
    assert message in page.content.decode()
    assert 'type="file"' not in page.content.decode()
    response = post_file(client, session, read("generic_minutes.csv"))
    assert response.context["form"].non_field_errors() == [message]
    response = client.post(preview_url(imported), {})
    assert texts(response) == [message]
    assert (AttendanceImport.objects.count(), Attendance.objects.count()) == (1, 0)


def test_a_seminar_still_ahead_takes_no_import(world):
    later = world["cohort"].sessions.order_by("-starts_at").first()
    Session.objects.filter(pk=later.pk).update(
        starts_at=datetime(2099, 1, 5, 10, tzinfo=ZoneInfo(BERLIN))
    )
    later.refresh_from_db()
    with pytest.raises(AttendanceError, match="has not started yet"):
        attendance_import_create(
            session=later,
            data=read("generic_minutes.csv"),
            file_name="x.csv",
            time_zone=BERLIN,
            by=world["coordinator"],
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_import_applied_at_once_by_many_is_applied_once(world):
    """PostgreSQL only: SQLite serialises writers, so the row lock is never contended there."""
    imported = create(world, read("zoom_participants.csv"))
    gabriel = world["people"]["gabriel"]
    barrier, outcomes = threading.Barrier(6), []

    def apply():
        try:
            barrier.wait(timeout=30)
            outcomes.append(
                attendance_import_apply(
                    attendance_import=AttendanceImport.objects.get(pk=imported.pk),
                    manual_matches={8: gabriel.pk},
                    by=world["coordinator"],
                )
            )
        except AttendanceError as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes, key=str) == [8] + ["This report has already been applied."] * 5
    assert AttendanceChange.objects.count() == 8


# --- Who may import ----------------------------------------------------------------------


def test_the_upload_form_offers_the_cohort_zone(client, world):
    client.force_login(world["facilitator"])
    response = client.get(upload_url(world["session"]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["time_zone"].value() == BERLIN
    assert form["report_format"].value() == "auto"
    assert 'for="id_report"' in response.content.decode()


def test_outsiders_never_learn_an_import_exists(client, world):
    session = world["session"]
    imported = create(world, read("generic_minutes.csv"))
    other_cohort_person = participant(held_cohort(world["cohort"].track, days_ago=6)).user
    withdrawn = participant(world["cohort"]).user
    withdrawn.enrolments.update(status=EnrolmentStatus.WITHDRAWN)
    urls = [upload_url(session), preview_url(imported)]
    missing = [
        reverse("attendance_import:upload", args=[pk]) for pk in (0, -1, 2**63, session.pk + 999)
    ] + [reverse("attendance_import:preview", args=[pk]) for pk in (0, 2**63, imported.pk + 1)]

    # Without the admin, Wagtail answers the same for any address: sign in.
    for user in (None, world["people"]["amara"], other_cohort_person, withdrawn):
        client.logout()
        if user:
            client.force_login(user)
        answers = {client.get(url).status_code for url in urls + missing[:1]}
        assert answers == {302}
        assert client.post(preview_url(imported), {}).status_code == 302

    client.force_login(world["other_coordinator"])
    for url in urls + missing:
        assert client.get(url).status_code == 404, url
    assert client.post(preview_url(imported), {}).status_code == 404
    assert post_file(client, session, read("generic_minutes.csv")).status_code == 404
    assert (AttendanceImport.objects.count(), Attendance.objects.count()) == (1, 0)

    for allowed in (world["facilitator"], world["coordinator"]):
        client.force_login(allowed)
        assert [client.get(url).status_code for url in urls] == [200, 200]
        for url in missing:
            assert client.get(url).status_code == 404, url


def test_a_facilitator_of_another_cohort_gets_404(client, world):
    elsewhere = held_cohort(world["cohort"].track, days_ago=6, region=world["cohort"].region)
    stranger = staff_user(StaffRole.FACILITATOR, elsewhere.region)
    elsewhere.facilitators.add(stranger)
    imported = create(world, read("generic_minutes.csv"))
    client.force_login(stranger)
    assert client.get(upload_url(world["session"])).status_code == 404
    assert client.get(preview_url(imported)).status_code == 404


# --- The preview's cost does not grow with the report --------------------------------------


def _big_report(world, first, count):
    rows = ["email,name,minutes"]
    for number in range(first, first + count):
        person = participant(
            world["cohort"], full_name=f"Member {number}", email=f"member{number}@example.org"
        ).user
        rows.append(f"{person.email},{person.full_name},{number % 181}")
        rows.append(f"stranger{number}@example.org,Stranger {number},30")
    return create(world, "\n".join(rows).encode())


def test_the_preview_query_count_does_not_grow_with_the_report(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["coordinator"])
    small = _big_report(world, 0, 3)
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(preview_url(small)).status_code == 200
    big = _big_report(world, 3, 60)
    for imported in (small, big):
        with django_assert_max_num_queries(len(small_queries)):
            response = client.get(preview_url(imported))
        assert response.status_code == 200
    assert len(response.context["unmatched"]) == 60
    assert len(response.context["matched"]) == 60


def test_at_most_a_hundred_rows_are_offered_for_matching_by_hand(client, world):
    rows = "".join(f"stranger{n}@example.org,{n}\n" for n in range(105))
    imported = create(world, ("email,minutes\n" + rows).encode())
    client.force_login(world["coordinator"])
    response = client.get(preview_url(imported))
    assert [row["index"] for row in response.context["unmatched"]] == list(range(100))
    assert response.context["unmatched_hidden"] == 5
    assert "5 more rows were not found on the register" in response.content.decode()
