"""Forms that turn the register, check-in and apologies into calls to the attendance domain."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.domain.addresses import verified_account_for

from .domain.attendance import NOTE_MAX, Mark, mark_problem
from .enums import AttendanceStatus

SAVE, MARK_UNMARKED = "save", "mark_unmarked"
_ROW_FIELD = re.compile(r"^status-(\d{1,19})$")


class RegisterForm:
    """The whole register in one submission: `status-<person id>`, `minutes-<id>`, `note-<id>`.

    Not a Django form, because its fields are the register's rows. Every row is checked
    before anything is saved; `errors` maps person ids to their row's problem, and
    `non_field_errors` holds problems with the submission as a whole.
    """

    def __init__(self, data, *, session, rows):
        self.data = data
        self.session = session
        self.rows = {row.user.pk: row for row in rows}
        self.errors: dict[int, str] = {}
        self.non_field_errors: list[str] = []
        self.marks: dict[int, Mark] = {}
        # Marks someone else saved meanwhile, shown instead of what was posted.
        self.fresh: dict = {}

    def is_valid(self) -> bool:
        action = self.data.get("action", SAVE)
        fill = self.data.get("bulk_status", "") if action == MARK_UNMARKED else ""
        if action not in (SAVE, MARK_UNMARKED):
            self.non_field_errors.append(_("Unknown action."))
            return False
        if action == MARK_UNMARKED and fill not in AttendanceStatus.values:
            self.non_field_errors.append(_("Choose the status to give everyone not yet marked."))
            return False
        ids = [int(m.group(1)) for key in self.data if (m := _ROW_FIELD.match(key))]
        strangers = [pk for pk in ids if pk not in self.rows]
        if strangers:
            self.non_field_errors.append(
                _("Some of these people are not on this seminar's register. Nothing was saved.")
            )
            return False
        for pk in ids:
            self._row(pk, fill)
        return not self.errors

    def _row(self, pk: int, fill: str) -> None:
        row = self.rows[pk]
        status = str(self.data.get(f"status-{pk}", "")).strip()
        minutes_raw = str(self.data.get(f"minutes-{pk}", "")).strip()
        note = " ".join(str(self.data.get(f"note-{pk}", "")).split())
        if not status:
            # Only an unmarked row offers "not marked": a blank for a marked one comes from a
            # page loaded before someone (or a check-in) marked the person, and keeps the mark.
            if row.attendance is not None:
                return
            if not fill:
                if minutes_raw or note:
                    self.errors[pk] = _("Choose a status for the minutes or note you entered.")
                return
            status = fill
        minutes = None
        if minutes_raw:
            if not minutes_raw.isascii() or not minutes_raw.isdigit() or len(minutes_raw) > 4:
                self.errors[pk] = _("Minutes attended must be a whole number.")
                return
            minutes = int(minutes_raw)
        mark = Mark(status=status, minutes=minutes, note=note)
        problem = mark_problem(mark, session=self.session)
        if problem:
            self.errors[pk] = problem
            return
        self.marks[pk] = mark


class MakeupGuestForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address of the person making up this seminar"),
        max_length=254,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Mark"),
        choices=AttendanceStatus.choices,
        initial=AttendanceStatus.PRESENT,
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        self.person = verified_account_for(email)
        if self.person is None:
            raise forms.ValidationError(
                _("Nobody has an account with this address, or it has not been confirmed yet.")
            )
        return email


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code shown by the facilitator"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8}
        ),
        help_text=gettext_lazy("Six digits. The facilitator can read it out if the QR code fails."),
    )


class ApologyForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why you cannot attend"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Your coordinators and facilitators see this on the register."),
    )
