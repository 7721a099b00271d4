"""Attendance from a video-call participant report: merge per person, match, apply.

Reading the file is `participant_reports`' job. Reconnections are merged as a union
of intervals clipped to the seminar (overlapping connections are not counted twice).
The merged people are kept in an `AttendanceImport` for the preview; applying goes
through `attendance_save`, which writes and logs only marks that change, so the same
file applied twice changes nothing.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.enums import AttendanceSource, AttendanceStatus
from cohorts.models import Attendance, AttendanceImport, Session

from .attendance import Mark, RegisterRow, attendance_save, mark_matches, register_rows
from .exceptions import AttendanceError
from .participant_reports import AUTO, GENERIC, ZOOM, ReportRow, report_parse
from .practical import safe_file_name
from .time_slots import zone_or_none

# --- Merging per person ---------------------------------------------------------------


def name_key(name: str) -> str:
    """A name as compared: case, accents and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def _name_candidates(name: str) -> list[str]:
    """Zoom shows a renamed person as "Display name (Original name)": try each part too."""
    candidates = [name_key(name)]
    found = re.fullmatch(r"\s*(.*?)\s*\((.*)\)\s*", name)
    if found:
        candidates += [name_key(found[1]), name_key(found[2])]
    return [c for c in dict.fromkeys(candidates) if c]


def _union_minutes(intervals) -> int:
    total, end_so_far = timedelta(), None
    for start, end in sorted(intervals):
        if end_so_far is not None and start < end_so_far:
            if end > end_so_far:
                total += end - end_so_far
                end_so_far = end
            continue
        total += end - start
        end_so_far = end
    return int(total.total_seconds()) // 60


def _merge(people: list[dict], session: Session) -> dict:
    """One person's rows (or several report people's) as one: the union of their time."""
    intervals = [
        (datetime.fromisoformat(s), datetime.fromisoformat(e))
        for person in people
        for s, e in person["intervals"]
    ]
    summed = sum(person["summed"] for person in people)
    joins = [_instant(p["joined"]) for p in people if p["joined"]]
    leaves = [_instant(p["left"]) for p in people if p["left"]]
    return {
        "name": next((p["name"] for p in people if p["name"]), ""),
        "email": next((p["email"] for p in people if p["email"]), ""),
        "minutes": min(_union_minutes(intervals) + summed, session.duration_minutes),
        "joined": min(joins).isoformat() if joins else None,
        "left": max(leaves).isoformat() if leaves else None,
        "intervals": [[s.isoformat(), e.isoformat()] for s, e in intervals],
        "summed": summed,
        "rows": sorted(n for p in people for n in p["rows"]),
    }


def report_people(*, rows: list[ReportRow], session: Session) -> list[dict]:
    """The rows merged per person (by e-mail, else by name), in order of first appearance."""
    starts, ends = session.starts_at, session.ends_at
    grouped: dict[str, dict] = {}
    for row in rows:
        key = row.email or "name:" + name_key(row.name)
        person = grouped.setdefault(
            key,
            {
                "name": "",
                "email": "",
                "intervals": [],
                "summed": 0,
                "rows": [],
                "joined": None,
                "left": None,
            },
        )
        person["name"] = person["name"] or row.name
        person["email"] = person["email"] or row.email
        person["rows"].append(row.number)
        if not row.counts:
            # Waiting to be let in is not being in the seminar: no minutes, no join or leave.
            continue
        person["summed"] += row.minutes or 0
        person["joined"] = _earliest(person["joined"], row.joined)
        person["left"] = _latest(person["left"], row.left)
        if row.joined:
            start, end = max(row.joined, starts), min(row.left, ends)
            if end > start:
                person["intervals"].append([start.isoformat(), end.isoformat()])
    return [_merge([p], session) for p in grouped.values()]


def _instant(value: datetime | str) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _earliest(a, b):
    return b if a is None else a if b is None else min(a, b)


def _latest(a, b):
    return b if a is None else a if b is None else max(a, b)


def import_status(*, minutes: int, joined: datetime | str | None, session: Session) -> str:
    """The mark a report's minutes earn under the cohort's threshold."""
    if minutes * 100 >= session.cohort.present_percent * session.duration_minutes:
        return AttendanceStatus.PRESENT
    if minutes == 0:
        return AttendanceStatus.ABSENT
    joined = _instant(joined) if joined else None
    late_after = session.starts_at + timedelta(minutes=settings.CHECK_IN_LATE_AFTER_MINUTES)
    if joined is not None and joined > late_after:
        return AttendanceStatus.LATE
    return AttendanceStatus.LEFT_EARLY


# --- Matching against the register and applying ---------------------------------------


@dataclass
class RegisterIndex:
    rows: list[RegisterRow]
    by_user: dict[int, RegisterRow]
    by_email: dict[str, int]
    by_name: dict[str, set[int]] = field(default_factory=dict)


def _register_index(session: Session) -> RegisterIndex:
    rows = register_rows(session)
    by_user = {row.user.pk: row for row in rows}
    # Matched only by verified addresses (people join calls from their other verified
    # addresses too): an address nobody confirmed proves nothing about who was in the call.
    by_email = {}
    for email, user_id in EmailAddress.objects.filter(
        user_id__in=list(by_user), verified=True
    ).values_list("email", "user_id"):
        by_email.setdefault(email.casefold(), user_id)
    index = RegisterIndex(rows=rows, by_user=by_user, by_email=by_email)
    for row in rows:
        index.by_name.setdefault(name_key(row.user.full_name), set()).add(row.user.pk)
    return index


def _match(person: dict, index: RegisterIndex) -> int | None:
    if person["email"] and person["email"] in index.by_email:
        return index.by_email[person["email"]]
    for candidate in _name_candidates(person["name"]):
        ids = index.by_name.get(candidate)
        if ids:
            # Two people of the same name: a person decides, not the importer.
            return next(iter(ids)) if len(ids) == 1 else None
    return None


@dataclass
class PlannedMark:
    """A person on the register, what the report says of them and the mark it gives."""

    row: RegisterRow
    indices: list[int]
    person: dict
    proposed: Mark

    @property
    def current(self) -> Attendance | None:
        return self.row.attendance

    @property
    def changes(self) -> bool:
        return self.current is None or not mark_matches(self.current, self.proposed)


def _proposed(person: dict, row: RegisterRow, session: Session) -> Mark:
    status = import_status(minutes=person["minutes"], joined=person["joined"], session=session)
    current = row.attendance
    note = current.note if current else ""
    if current and current.status == AttendanceStatus.EXCUSED and status == AttendanceStatus.ABSENT:
        # Someone excused in advance who shows up in the report without minutes stays excused.
        return Mark(status=current.status, minutes=current.minutes_attended, note=note)
    return Mark(status=status, minutes=person["minutes"], note=note)


def _plan(*, attendance_import, index: RegisterIndex, manual_matches: dict[int, int]):
    """The marks the report gives (in register order) and the report people left unmatched."""
    session, people = attendance_import.session, attendance_import.people
    found: dict[int, list[int]] = {}
    unmatched = []
    for number, person in enumerate(people):
        user_id = _match(person, index)
        if user_id is None:
            unmatched.append(number)
        else:
            found.setdefault(user_id, []).append(number)
    for number, user_id in manual_matches.items():
        if number not in unmatched:
            raise AttendanceError(
                _("Only rows the import could not match can be matched by hand. Nothing was saved.")
            )
        if user_id not in index.by_user:
            raise AttendanceError(
                _(
                    "Rows can only be matched to people on this seminar's register. "
                    "Nothing was saved."
                )
            )
        if user_id in found:
            raise AttendanceError(
                _("%(person)s was chosen for more than one row. Nothing was saved.")
                % {"person": index.by_user[user_id].user.full_name}
            )
        found[user_id] = [number]
    planned = []
    for row in index.rows:
        numbers = found.get(row.user.pk)
        if numbers:
            merged = _merge([people[n] for n in numbers], session)
            planned.append(
                PlannedMark(
                    row=row,
                    indices=numbers,
                    person=merged,
                    proposed=_proposed(merged, row, session),
                )
            )
    return planned, [n for n in unmatched if n not in manual_matches]


@dataclass
class UnmatchedPerson:
    index: int
    person: dict
    status: str  # the mark they would get


@dataclass
class ImportPreview:
    attendance_import: AttendanceImport
    matched: list[PlannedMark]
    unmatched: list[UnmatchedPerson]
    missing: list[RegisterRow]  # on the register, not found in the report
    applied_before: AttendanceImport | None
    # Everyone's connection lies outside the seminar: most likely the wrong time zone.
    outside_seminar: bool

    @property
    def change_count(self) -> int:
        return sum(1 for planned in self.matched if planned.changes)


def attendance_import_preview(*, attendance_import: AttendanceImport) -> ImportPreview:
    """What applying `attendance_import` would do, for the facilitator to check first.

    A constant number of queries, whatever the size of the report or the register.
    """
    session = attendance_import.session
    index = _register_index(session)
    matched, unmatched = _plan(attendance_import=attendance_import, index=index, manual_matches={})
    matched_ids = {planned.row.user.pk for planned in matched}
    people = attendance_import.people
    applied_before = (
        AttendanceImport.objects.filter(
            session_id=attendance_import.session_id,
            file_sha256=attendance_import.file_sha256,
            applied_at__isnull=False,
        )
        .exclude(pk=attendance_import.pk)
        .select_related("applied_by")
        .order_by("-applied_at")
        .first()
    )
    timed = [p for p in people if p["joined"]]
    return ImportPreview(
        attendance_import=attendance_import,
        matched=matched,
        unmatched=[
            UnmatchedPerson(
                index=n,
                person=people[n],
                status=import_status(
                    minutes=people[n]["minutes"], joined=people[n]["joined"], session=session
                ),
            )
            for n in unmatched
        ],
        missing=[row for row in index.rows if row.user.pk not in matched_ids],
        applied_before=applied_before,
        outside_seminar=bool(timed) and not any(p["intervals"] for p in timed),
    )


def attendance_import_create(
    *,
    session: Session,
    data: bytes,
    file_name: str,
    time_zone: str,
    by,
    report_format: str = AUTO,
    now=None,
) -> AttendanceImport:
    """Read a participant report for `session` and keep its people for the preview.

    Nothing is stored unless the whole file is read without a problem; `time_zone` is the
    zone of the times written in the file without an offset.
    """
    now = now or timezone.now()
    if session.is_cancelled:
        raise AttendanceError(_("This seminar was cancelled: there is no attendance to import."))
    if session.starts_at > now:
        raise AttendanceError(_("This seminar has not started yet: import its report afterwards."))
    if report_format not in (AUTO, ZOOM, GENERIC):
        raise AttendanceError(_("Choose one of the formats offered."), field="report_format")
    zone = zone_or_none(time_zone)
    if zone is None:
        raise AttendanceError(_("Choose one of the time zones offered."), field="time_zone")
    found_format, rows = report_parse(data=data, report_format=report_format, zone=zone)
    return AttendanceImport.objects.create(
        session=session,
        uploaded_by=by,
        file_name=safe_file_name(file_name) or "report.csv",
        file_sha256=hashlib.sha256(data).hexdigest(),
        report_format=found_format,
        people=report_people(rows=rows, session=session),
    )


def attendance_import_apply(
    *, attendance_import: AttendanceImport, manual_matches: dict[int, int], by, now=None
) -> int:
    """Mark the register from the report; return how many marks changed.

    `manual_matches` maps report people the import could not match (their index) to people
    on the register; each register person once. Existing notes are kept. An import is
    applied once; the same file uploaded again applies, changing only what changed since.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            # The session too: the notes the marks keep are read under its lock.
            AttendanceImport.objects.select_for_update(of=("self", "session"))
            .select_related("session__cohort")
            .get(pk=attendance_import.pk)
        )
        session = locked.session
        if locked.applied_at is not None:
            raise AttendanceError(_("This report has already been applied."))
        if session.is_cancelled:
            raise AttendanceError(
                _("This seminar was cancelled: there is no attendance to import.")
            )
        planned, _unmatched = _plan(
            attendance_import=locked,
            index=_register_index(session),
            manual_matches=manual_matches,
        )
        marks = {p.row.user.pk: p.proposed for p in planned}
        changed = 0
        if marks:
            changed = attendance_save(
                session=session, marks=marks, by=by, source=AttendanceSource.IMPORT, now=now
            )
        locked.applied_at, locked.applied_by, locked.changed_count = now, by, changed
        locked.save(update_fields=["applied_at", "applied_by", "changed_count"])
    attendance_import.applied_at = locked.applied_at
    attendance_import.applied_by = locked.applied_by
    attendance_import.changed_count = changed
    return changed


def attendance_imports_purge(*, now=None) -> int:
    """Delete uploaded reports older than ATTENDANCE_IMPORT_KEEP_DAYS: they name everyone in
    the call, participants or not. The marks they set and the change log stay."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ATTENDANCE_IMPORT_KEEP_DAYS)
    deleted, _per_model = AttendanceImport.objects.filter(uploaded_at__lt=cutoff).delete()
    return deleted


def attendance_imports_forget(*, email: str, full_name: str) -> int:
    """Remove the person from every kept report, by e-mail or by name (their account is
    erased); returns how many reports named them."""
    email = email.strip().lower()
    name = name_key(full_name) if full_name else None

    def is_them(person):
        return (person.get("email") or "").lower() == email or (
            name and name_key(person.get("name") or "") == name
        )

    changed = 0
    for kept in AttendanceImport.objects.select_for_update().only("pk", "people"):
        people = [p for p in kept.people if not is_them(p)]
        if len(people) != len(kept.people):
            kept.people = people
            kept.save(update_fields=["people"])
            changed += 1
    return changed
