"""Forms that translate coordinators' input into calls to the scheduling domain."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import TrackPage
from lms.domain.roles import FACILITATOR_NOTE_ROLES
from lms.models import RoleAssignment, User, time_zone_choices
from lms.models.people import LANGUAGE_CHOICES

from .models import Cohort

WALL_CLOCK_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as read on a clock in some zone: kept naive.

    Django's own field would attach the admin user's zone; the cohort's zone is
    applied by the domain, which also handles daylight-saving gaps and repeats.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", WALL_CLOCK_FORMATS)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        for fmt in self.input_formats:
            try:
                return datetime.strptime(str(value).strip(), fmt)
            except ValueError:
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")


FOLD_CHOICES = [
    ("", _("Not needed")),
    ("0", _("The first time (before the clocks go back)")),
    ("1", _("The second time (after the clocks go back)")),
]


class FoldField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("If this time happens twice"),
            choices=FOLD_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
            help_text=_("Only needed on the night the clocks go back."),
            **kwargs,
        )


def _staff_queryset():
    staff_ids = RoleAssignment.objects.filter(role__in=FACILITATOR_NOTE_ROLES).values("user_id")
    return User.objects.filter(pk__in=staff_ids, is_active=True).order_by("full_name")


class CohortForm(WagtailAdminModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    interpretation_languages = forms.TypedMultipleChoiceField(
        label=_("Interpretation into"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Cohort
        fields = [
            "title",
            "slug",
            "track",
            "region",
            "language",
            "interpretation_languages",
            "time_zone",
            "capacity",
            "delivery_mode",
            "enrolment_opens_at",
            "enrolment_closes_at",
            "ends_on",
            "description",
            "coordinators",
            "facilitators",
            "present_percent",
            "attended_min_percent",
            "recording_makeup_allowed",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = TrackPage.objects.live().order_by("path")
        self.fields["coordinators"].queryset = _staff_queryset()
        self.fields["facilitators"].queryset = _staff_queryset()

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("enrolment_opens_at"), cleaned.get("enrolment_closes_at")
        if opens and closes and opens >= closes:
            self.add_error("enrolment_closes_at", _("Enrolment must close after it opens."))
        present, minimum = cleaned.get("present_percent"), cleaned.get("attended_min_percent")
        if present is not None and minimum is not None and minimum > present:
            self.add_error(
                "attended_min_percent",
                _("This cannot be more than the share that counts as present."),
            )
        return cleaned


class ScheduleForm(forms.Form):
    first_start = WallClockDateTimeField(
        label=_("First seminar starts"),
        help_text=_("Date and time in the cohort's time zone."),
    )
    fold = FoldField()
    interval_days = forms.IntegerField(
        label=_("Days between seminars"), min_value=1, max_value=60, initial=7
    )
    join_url = forms.URLField(
        label=_("Join link"), required=False, max_length=500, assume_scheme="https"
    )
    venue = forms.CharField(label=_("Venue"), required=False, max_length=300)


class MoveSessionForm(forms.Form):
    new_start = WallClockDateTimeField(
        label=_("New start"), help_text=_("Date and time in the cohort's time zone.")
    )
    fold = FoldField()
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Participants see this in the e-mail and the calendar."),
    )


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Participants see this in the e-mail and the calendar."),
    )


class CopyCohortForm(forms.Form):
    title = forms.CharField(label=_("Title of the new cohort"), max_length=200)
    slug = forms.SlugField(label=_("Slug"), max_length=80)
    first_start = WallClockDateTimeField(
        label=_("First seminar starts"),
        help_text=_("Date and time in the cohort's time zone; the other seminars keep their gaps."),
    )
    fold = FoldField()

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Cohort.objects.filter(slug=slug).exists():
            raise ValidationError(_("Another cohort already uses this slug."))
        return slug


class ConfirmForm(forms.Form):
    """No fields: the action is confirmed by submitting."""
