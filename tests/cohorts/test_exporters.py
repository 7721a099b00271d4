"""CSV and XLSX exports of the reports: safe from formula injection, numbers kept numeric."""

import csv
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.domain.attendance import Mark, attendance_save
from cohorts.exporters import export_filename, spreadsheet_text
from cohorts.models import Certificate
from lms.enums import StaffRole
from tests.factories import RegionFactory, UnionFactory, staff_user
from tests.factories.cohorts import held_cohort, participant
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

EVIL_NAME = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1+1", "'  =1+1"),
        ("\n@x", "'\n@x"),
        ("\x01=1", "'\x01=1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("Ana = Bea", "Ana = Bea"),
        ("O'Neil", "O'Neil"),
        ("", ""),
    ],
)
def test_text_that_looks_like_a_formula_is_escaped(value, expected):
    assert spreadsheet_text(value) == expected


def test_file_names_are_slugs_with_the_date():
    today = date(2026, 3, 9)
    assert export_filename("attendance-../../etc/passwd", "csv", today=today) == (
        "attendance-etcpasswd-2026-03-09.csv"
    )
    assert export_filename('<x>"; rm', "xlsx", today=today) == "x-rm-2026-03-09.xlsx"
    assert export_filename("", "csv", today=today) == "report-2026-03-09.csv"


@pytest.fixture
def world(curriculum):
    region = RegionFactory(name="Europe", slug="europe")
    coordinator = staff_user(StaffRole.COORDINATOR, region)
    cohort = held_cohort(
        curriculum.tracks["leaders"], days_ago=14, region=region, slug="lisbon-leaders"
    )
    union = UnionFactory(name="+1+1", region=region)
    evil = participant(cohort, full_name=EVIL_NAME, union=union)
    plain = participant(cohort, full_name="Zoe Plain")
    first, second = cohort.sessions.order_by("seminar_number")
    attendance_save(
        session=first,
        marks={
            evil.user.pk: Mark(status="present", minutes=170, note="@SUM(A1)"),
            plain.user.pk: Mark(status="late", minutes=120),
        },
        by=coordinator,
    )
    attendance_save(session=second, marks={evil.user.pk: Mark(status="absent")}, by=coordinator)
    return {"cohort": cohort, "coordinator": coordinator, "region": region, "evil": evil}


def download(client, world, fmt):
    assert client.login(email=world["coordinator"].email, password=PASSWORD)
    response = client.get(
        reverse("reports_admin:matrix", args=[world["cohort"].pk]), {"format": fmt}
    )
    assert response.status_code == 200
    return response


def test_matrix_csv_is_escaped_and_keeps_numbers(client, world):
    response = download(client, world, "csv")
    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="attendance-lisbon-leaders-{today}.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "private" in response["Cache-Control"]
    text = response.content.decode("utf-8-sig")
    # Quoted text, bare numbers: read back, numbers come out as numbers.
    table = list(csv.reader(io.StringIO(text), quoting=csv.QUOTE_NONNUMERIC))
    header = table[0]
    assert header[:2] == ["Participant", "Union"]
    assert header[2].startswith("Seminar 1: Union leaders seminar 1 (")
    assert header[3].endswith(" – minutes") and header[4].endswith(" – note")
    assert header[-2:] == ["Overall", "Why"]
    assert table[1][:-1] == [
        "'" + EVIL_NAME,
        "'+1+1",
        "Present",
        170.0,
        "'@SUM(A1)",
        "Absent",
        "",
        "",
        "Unable to complete",
    ]
    assert table[1][-1] == "Missed seminar 2. The practical part has not been submitted."
    assert table[2][:8] == ["Zoe Plain", "", "Late", 120.0, "", "Not yet marked", "", ""]
    assert table[3] == ["Attended", "", 2.0, "", "", 0.0, "", "", "", ""]


def test_matrix_xlsx_forces_text_and_keeps_numbers(client, world):
    response = download(client, world, "xlsx")
    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="attendance-lisbon-leaders-{today}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Attendance"
    name, union, status, minutes, note = (sheet.cell(row=2, column=c) for c in range(1, 6))
    assert (name.value, name.data_type) == ("'" + EVIL_NAME, "s")
    assert (union.value, union.data_type) == ("'+1+1", "s")
    assert (status.value, status.data_type) == ("Present", "s")
    assert (minutes.value, minutes.data_type) == (170, "n")
    assert (note.value, note.data_type) == ("'@SUM(A1)", "s")
    totals = [cell.value for cell in sheet[4]]
    assert totals[:6] == ["Attended", None, 2, None, None, 0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def _header(response, fmt):
    if fmt == "csv":
        return next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [cell.value for cell in sheet[1]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_matrix_headers_name_each_seminar_with_its_day_and_zone(client, world, fmt):
    cohort = world["cohort"]
    cohort.time_zone = "Europe/London"
    cohort.save(update_fields=["time_zone"])
    london = ZoneInfo("Europe/London")
    days = [
        session.starts_at.astimezone(london).strftime("%a %-d %b %Y")
        for session in cohort.sessions.order_by("seminar_number")
    ]
    first = f"Seminar 1: Union leaders seminar 1 ({days[0]}, Europe/London)"
    second = f"Seminar 2: Union leaders seminar 2 ({days[1]}, Europe/London)"
    assert _header(download(client, world, fmt), fmt) == [
        "Participant",
        "Union",
        first,
        f"{first} – minutes",
        f"{first} – note",
        second,
        f"{second} – minutes",
        f"{second} – note",
        "Overall",
        "Why",
    ]


@pytest.fixture
def ended(curriculum):
    """A cohort of a region and track with formula-like names, ended in January 2025."""
    region = RegionFactory(name="-2+3", slug="minus")
    track = curriculum.tracks["curators"]
    track.title = '=HYPERLINK("http://example.org")'
    track.save()
    cohort = held_cohort(track, region=region)
    last = cohort.sessions.order_by("-starts_at").first().starts_at
    shift = datetime(2025, 1, 20, 10, tzinfo=UTC) - last
    for session in cohort.sessions.all():
        session.starts_at += shift
        session.save(update_fields=["starts_at"])
    enrolments = [participant(cohort) for _ in range(3)]
    Certificate.objects.create(
        enrolment=enrolments[0],
        code="CERT-1",
        full_name=enrolments[0].user.full_name,
        track_title=track.title,
        region_name=region.name,
        language="en",
        completed_on=date(2025, 1, 20),
    )
    return {"region": region, "admin": staff_user(StaffRole.PROGRAMME_ADMIN)}


def completion_download(client, ended, fmt):
    assert client.login(email=ended["admin"].email, password=PASSWORD)
    response = client.get(
        reverse("reports_admin:completion"), {"start": "2025-01", "end": "2025-02", "format": fmt}
    )
    assert response.status_code == 200
    return response


def test_completion_csv(client, ended):
    response = completion_download(client, ended, "csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="completion-2025-01-to-2025-02-'
        f'{timezone.localdate().isoformat()}.csv"'
    )
    text = response.content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), quoting=csv.QUOTE_NONNUMERIC)) == [
        [
            "Month of the last seminar (UTC)",
            "Region",
            "Track",
            "Confirmed participants",
            "Completed",
            "Completion rate",
        ],
        ["2025-01", "'-2+3", '\'=HYPERLINK("http://example.org")', 3.0, 1.0, 0.3333],
    ]


def test_completion_xlsx(client, ended):
    response = completion_download(client, ended, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Completion"
    row = list(sheet[2])
    assert [(cell.value, cell.data_type) for cell in row] == [
        ("2025-01", "s"),
        ("'-2+3", "s"),
        ('\'=HYPERLINK("http://example.org")', "s"),
        (3, "n"),
        (1, "n"),
        (0.3333, "n"),
    ]


def test_export_with_bad_filters_shows_the_form_instead(client, ended):
    assert client.login(email=ended["admin"].email, password=PASSWORD)
    response = client.get(
        reverse("reports_admin:completion"), {"start": "2025-13", "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert list(response.context["form"].errors) == ["start"]
