"""CSV and XLSX downloads of the reports, safe to open in a spreadsheet.

Names, unions and notes are typed by people, and a spreadsheet runs a cell that
starts like a formula (OWASP: CSV injection). Every text cell that could be read
as one gets a leading apostrophe, and in XLSX its type is forced to text as well;
numbers stay numbers so they can be summed.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .domain.reports import AttendanceMatrix, CompletionReport

CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a spreadsheet may take for the start of a formula (with full-width forms, which
# some spreadsheet locales read as their ASCII twins).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

Cell = str | int | float | None


def spreadsheet_text(value: str) -> str:
    """`value` with a leading apostrophe if a spreadsheet could take it for a formula,
    also behind leading spaces or line breaks."""
    value = str(value)
    # Control characters are dropped by spreadsheet apps, so they cannot hide a formula.
    probe = ILLEGAL_CHARACTERS_RE.sub("", value)
    if probe.startswith(FORMULA_STARTS) or probe.lstrip().startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe(value: Cell) -> Cell:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return spreadsheet_text(value)


def export_filename(stem: str, extension: str, *, today: date | None = None) -> str:
    """A file name that is safe everywhere: `stem` as a slug, then the date."""
    today = today or timezone.localdate()
    return f"{slugify(stem) or 'report'}-{today.isoformat()}.{extension}"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(rows: Iterable[Sequence[Cell]], *, filename: str) -> HttpResponse:
    """`rows` as a UTF-8 CSV with a byte-order mark (so spreadsheet apps read the accents
    right); text quoted, numbers bare."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        writer.writerow([_safe(value) for value in row])
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, filename)


def _xlsx_cell(sheet, value: Cell) -> WriteOnlyCell:
    if value is None:
        return WriteOnlyCell(sheet, value=None)
    if isinstance(value, str):
        # Characters XML cannot hold would make the whole file unreadable.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    value = _safe(value)
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        # openpyxl stores a string starting with "=" as a formula: text it is.
        cell.data_type = "s"
        return cell
    return WriteOnlyCell(sheet, value=value)


def xlsx_response(
    rows: Iterable[Sequence[Cell]], *, filename: str, sheet_title: str
) -> HttpResponse:
    """`rows` as one worksheet, written in openpyxl's write-only mode so a large report
    does not hold every cell object in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return _attachment(HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE), filename)


def _sheet_title(title: str) -> str:
    # Worksheet names: at most 31 characters, none of []:*?/\
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip()
    return cleaned[:31] or "Sheet1"


def report_response(
    rows: Iterable[Sequence[Cell]], *, fmt: str, stem: str, sheet_title: str
) -> HttpResponse:
    """The download of `rows` in `fmt` (CSV or XLSX), named after `stem` and today."""
    filename = export_filename(stem, fmt)
    if fmt == XLSX:
        return xlsx_response(rows, filename=filename, sheet_title=sheet_title)
    return csv_response(rows, filename=filename)


# --- The reports as rows -----------------------------------------------------------


def attendance_matrix_rows(matrix: AttendanceMatrix) -> Iterator[list[Cell]]:
    """A header, one row per participant, and the totals: for each seminar its status,
    minutes (a number) and note in separate columns, so each can be sorted and summed."""
    header: list[Cell] = [_("Participant"), _("Union")]
    for column in matrix.columns:
        # The day and its zone in one bracket: "Seminar 1: … (Sat 21 Nov 2026, Europe/London)".
        seminar = _("Seminar %(number)s: %(title)s (%(date)s, %(zone)s)") % {
            "number": column.number,
            "title": column.title,
            "date": column.day_label,
            "zone": matrix.cohort.time_zone,
        }
        header += [seminar, _("%(seminar)s – minutes") % {"seminar": seminar}]
        header.append(_("%(seminar)s – note") % {"seminar": seminar})
    header += [_("Overall"), _("Why")]
    yield header
    for row in matrix.rows:
        cells: list[Cell] = [row.person.full_name or row.person.email, row.union_name]
        for cell in row.cells:
            cells += [cell.label, cell.minutes, cell.note]
        cells += [row.state_label, " ".join(str(reason) for reason in row.reasons)]
        yield cells
    totals: list[Cell] = [_("Attended"), None]
    for count in matrix.totals:
        totals += [count, None, None]
    yield totals + [None, None]


def completion_report_rows(report: CompletionReport) -> Iterator[list[Cell]]:
    """A header and one row per month, region and track; the rate is a fraction (0 to 1)
    so a spreadsheet can format it as a percentage."""
    yield [
        _("Month of the last seminar (UTC)"),
        _("Region"),
        _("Track"),
        _("Confirmed participants"),
        _("Completed"),
        _("Completion rate"),
    ]
    for row in report.rows:
        rate = round(row.rate, 4) if row.rate is not None else None
        yield [
            row.month.strftime("%Y-%m"),
            row.region_name,
            row.track_title,
            row.confirmed,
            row.completed,
            rate,
        ]
