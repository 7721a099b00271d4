"""Reading video-call participant reports: Zoom's participant CSV and a generic CSV.

The whole file is read before anything is stored, and the first problem is refused
with a message naming its row and column, so a half-read file never leaves half a
register behind. Times are read in the zone the person uploading says the file uses.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from itertools import islice

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import AttendanceError

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
NAME_MAX = 200
# A meeting-details block comes first in some exports: the participant header is near the top.
HEADER_SEARCH_ROWS = 30
VALUE_SHOWN_MAX = 40

AUTO, ZOOM, GENERIC = "auto", "zoom", "generic"
REPORT_FORMATS = (
    (AUTO, gettext_lazy("Recognise it from the file")),
    (ZOOM, gettext_lazy("Zoom participant report")),
    (GENERIC, gettext_lazy("Simple list: e-mail, with minutes or join and leave times")),
)

# Header spellings, compared case-insensitively with spaces collapsed.
ZOOM_COLUMNS = {
    "name": ("name (original name)", "name", "participant", "user name"),
    "email": ("user email", "email", "e-mail", "email address"),
    "join": ("join time",),
    "leave": ("leave time",),
    "duration": ("duration (minutes)", "duration (mins)", "duration"),
    "waiting": ("in waiting room",),
}
GENERIC_COLUMNS = {
    "name": ("name", "full name"),
    "email": ("email", "e-mail", "email address", "user email"),
    "minutes": ("minutes", "minutes attended"),
    "join": ("join", "joined", "join time"),
    "leave": ("leave", "left", "leave time"),
}
ZOOM_MARKERS = {"name (original name)", "user email", "join time", "leave time"}
PREAMBLE_MARKERS = {"meeting id", "topic"}
# Zoom's "11/30/2026 10:02:15 AM" (month first), with or without seconds or AM/PM.
ZOOM_TIME = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp])\.?[Mm]\.?)?"
)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MINUTES_PATTERN = re.compile(r"\d{1,6}([.,]\d{1,6})?")


@dataclass
class ReportRow:
    number: int
    name: str
    email: str
    joined: datetime | None = None
    left: datetime | None = None
    minutes: int | None = None
    counts: bool = True  # False for time in Zoom's waiting room


def _column_labels():
    return {
        "name": _("name"),
        "email": _("e-mail"),
        "join": _("join time"),
        "leave": _("leave time"),
        "minutes": _("minutes"),
        "duration": _("duration"),
    }


def _shown(value: str) -> str:
    return value if len(value) <= VALUE_SHOWN_MAX else value[: VALUE_SHOWN_MAX - 1] + "…"


def _row_error(number: int, message: str) -> AttendanceError:
    return AttendanceError(
        _("Row %(row)s: %(problem)s") % {"row": number, "problem": message}, field="report"
    )


def _decode(data: bytes) -> str:
    if not data.strip(b" \t\r\n\xef\xbb\xbf\xff\xfe\x00"):
        raise AttendanceError(_("The file is empty."), field="report")
    if len(data) > MAX_BYTES:
        raise AttendanceError(
            _("The file is larger than %(size)s MB. Split the report and upload each part.")
            % {"size": MAX_BYTES // (1024 * 1024)},
            field="report",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif len(data) >= 4 and data[1] == data[3] == 0 and data[0] and data[2]:
        encoding = "utf-16-le"  # Zoom sometimes writes UTF-16 without a byte-order mark
    elif len(data) >= 4 and data[0] == data[2] == 0 and data[1] and data[3]:
        encoding = "utf-16-be"
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError:
        text = None
    if text is None or CONTROL_CHARACTERS.search(text):
        raise AttendanceError(
            _(
                "This is not a CSV text file. Export the participant report as CSV (UTF-8) "
                "and upload that file."
            ),
            field="report",
        )
    return text


def _header_key(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split()).casefold()


def _columns(header: list[str], spellings: dict) -> dict[str, int]:
    keys = [_header_key(cell) for cell in header]
    found = {}
    for column, names in spellings.items():
        for name in names:
            if name in keys:
                found[column] = keys.index(name)
                break
    return found


def _is_header(row: list[str]) -> bool:
    keys = {_header_key(cell) for cell in row}
    if keys & PREAMBLE_MARKERS:
        return False
    columns = {**_columns(row, GENERIC_COLUMNS), **_columns(row, ZOOM_COLUMNS)}
    return bool({"name", "email"} & set(columns)) and bool(
        {"join", "leave", "minutes", "duration"} & set(columns)
    )


def _find_header(text: str):
    """The delimiter, and the index and cells of the participant header row."""
    for delimiter in (",", ";", "\t"):
        try:
            top = list(
                islice(csv.reader(io.StringIO(text), delimiter=delimiter), HEADER_SEARCH_ROWS)
            )
        except csv.Error:
            continue
        for index, row in enumerate(top):
            if _is_header(row):
                return delimiter, index, row
    raise AttendanceError(
        _(
            "No header row naming the columns was found. A Zoom participant report needs the "
            "columns Name, Join time and Leave time; a simple list needs email and either "
            "minutes or join and leave."
        ),
        field="report",
    )


def _choose_columns(header: list[str], report_format: str, header_row: int):
    keys = {_header_key(cell) for cell in header}
    if report_format == AUTO:
        report_format = ZOOM if keys & ZOOM_MARKERS else GENERIC
    if report_format == ZOOM:
        columns = _columns(header, ZOOM_COLUMNS)
        missing = [c for c in ("join", "leave") if c not in columns]
        if "name" not in columns and "email" not in columns:
            missing.insert(0, "name")
    else:
        columns = _columns(header, GENERIC_COLUMNS)
        missing = [] if "email" in columns else ["email"]
        if "minutes" not in columns:
            missing += [c for c in ("join", "leave") if c not in columns]
    if missing:
        labels = _column_labels()
        raise AttendanceError(
            _("Row %(row)s: the header has no column for %(columns)s.")
            % {"row": header_row, "columns": ", ".join(str(labels[c]) for c in missing)},
            field="report",
        )
    return report_format, columns


def _zoom_time(value: str) -> datetime | None:
    found = ZOOM_TIME.fullmatch(value)
    if not found:
        return None
    month, day, year, hour, minute, second, half = found.groups()
    hour = int(hour)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half in "Pp" else 0)
    try:
        return datetime(int(year), int(month), int(day), hour, int(minute), int(second or 0))
    except ValueError:
        return None


def _parse_time(value: str, zone) -> datetime | None:
    value = " ".join(value.split())
    if ":" not in value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = _zoom_time(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        # Video-call reports give wall-clock times; in a repeated hour the first is meant.
        parsed = parsed.replace(tzinfo=zone)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        # Years 1 or 9999 pushed past the calendar's ends by the offset: not a real time.
        return None


def _parse_minutes(value: str) -> int | None:
    if not MINUTES_PATTERN.fullmatch(value):
        return None
    return int(Decimal(value.replace(",", ".")))


def _read_row(number: int, cells: list[str], columns: dict, report_format: str, zone):
    def cell(column):
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    name = " ".join(cell("name").split())[:NAME_MAX]
    email = cell("email").casefold()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise _row_error(
                number,
                _("the e-mail '%(value)s' is not an e-mail address.") % {"value": _shown(email)},
            ) from None
    elif report_format == GENERIC:
        raise _row_error(number, _("the e-mail is missing."))
    if not name and not email:
        raise _row_error(number, _("there is neither a name nor an e-mail."))
    row = ReportRow(number=number, name=name, email=email)
    for column in ("duration", "minutes"):
        raw = cell(column)
        if raw and _parse_minutes(raw) is None:
            raise _row_error(
                number,
                _("the %(column)s '%(value)s' is not a whole number of minutes (0 or more).")
                % {"column": _column_labels()[column], "value": _shown(raw)},
            )
    join_raw, leave_raw = cell("join"), cell("leave")
    if report_format == GENERIC and not (join_raw or leave_raw) and cell("minutes"):
        row.minutes = _parse_minutes(cell("minutes"))
        return row
    for column, raw in (("join", join_raw), ("leave", leave_raw)):
        if not raw:
            if report_format == GENERIC and "minutes" in columns:
                raise _row_error(number, _("give either the minutes or the join and leave times."))
            raise _row_error(
                number, _("the %(column)s is missing.") % {"column": _column_labels()[column]}
            )
        instant = _parse_time(raw, zone)
        if instant is None:
            raise _row_error(
                number,
                _("the %(column)s '%(value)s' is not a date and time.")
                % {"column": _column_labels()[column], "value": _shown(raw)},
            )
        setattr(row, "joined" if column == "join" else "left", instant)
    if row.left < row.joined:
        raise _row_error(number, _("the leave time is before the join time."))
    row.counts = cell("waiting").casefold() not in ("yes", "true")
    return row


def report_parse(*, data: bytes, report_format: str, zone) -> tuple[str, list[ReportRow]]:
    """The format found and the rows of a participant report; AttendanceError on any problem."""
    text = _decode(data)
    delimiter, header_index, header = _find_header(text)
    report_format, columns = _choose_columns(header, report_format, header_index + 1)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        for index, cells in enumerate(reader):
            if index <= header_index or not any(c.strip() for c in cells):
                continue
            if len(rows) == MAX_ROWS:
                raise AttendanceError(
                    _(
                        "The file has more than %(max)s rows of people. "
                        "Split it and upload each part."
                    )
                    % {"max": MAX_ROWS},
                    field="report",
                )
            rows.append(_read_row(reader.line_num, cells, columns, report_format, zone))
    except csv.Error:
        raise _row_error(reader.line_num + 1, _("the line is not valid CSV.")) from None
    if not rows:
        raise AttendanceError(_("The file has a header but nobody in it."), field="report")
    return report_format, rows
