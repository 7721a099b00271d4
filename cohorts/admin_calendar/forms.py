"""The forms of the admin calendar: what the calendar shows, and a proposed time slot."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.admin_scoping import scope_queryset
from lms.domain.roles import coordinated_regions
from lms.models import Region, time_zone_choices

from ..domain.exceptions import SchedulingError
from ..domain.local_time import local_to_utc
from ..domain.session_calendar import EARLIEST_DAY, LATEST_DAY, MONTH, WEEK
from ..domain.time_slots import user_zone_name
from ..forms import FoldField, WallClockDateTimeField
from ..models import Cohort

VIEW_CHOICES = [(MONTH, gettext_lazy("Month")), (WEEK, gettext_lazy("Week"))]


class CalendarFilterForm(forms.Form):
    """What the calendar shows. Invalid values fall back to defaults, except the region."""

    view = forms.ChoiceField(label=gettext_lazy("Show"), choices=VIEW_CHOICES, required=False)
    date = forms.DateField(
        label=gettext_lazy("Date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Any day of the month or week to show."),
    )
    region = forms.TypedChoiceField(
        label=gettext_lazy("Region"), required=False, coerce=int, empty_value=None
    )
    tz = forms.ChoiceField(
        label=gettext_lazy("Show times in"), required=False, choices=time_zone_choices
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", _("All my regions")),
            *[(region.pk, region.name) for region in regions],
        ]

    def clean_date(self):
        day = self.cleaned_data.get("date")
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            raise forms.ValidationError(_("Choose a date between 2000 and 2199."))
        return day


class TimeSlotForm(forms.Form):
    """A proposed start, read in a cohort's zone or (without a cohort) in a chosen zone.

    Once valid, `cleaned_data` also holds `zone` (the zone the start was read
    in), `region` (the chosen one or the cohort's) and `starts_at` (in UTC).
    """

    cohort = forms.ModelChoiceField(
        label=gettext_lazy("Cohort"),
        queryset=Cohort.objects.none(),
        required=False,
        help_text=gettext_lazy("The start is read in the cohort's time zone."),
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Or a region"),
        queryset=Region.objects.none(),
        required=False,
        help_text=gettext_lazy("When no cohort is chosen."),
    )
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Time zone (without a cohort)"),
        choices=time_zone_choices,
        required=False,
        help_text=gettext_lazy("Only when no cohort is chosen; empty: your own time zone."),
    )
    start = WallClockDateTimeField(
        label=gettext_lazy("Proposed start"),
        help_text=gettext_lazy("Date and time as read on a clock in that time zone."),
    )
    fold = FoldField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["time_zone"].choices = [("", _("My own time zone")), *time_zone_choices()]
        self.fields["cohort"].queryset = (
            scope_queryset(Cohort.objects.all(), user, "region")
            .select_related("region")
            .order_by("region__sort_order", "region__name", "title", "pk")
        )
        self.fields["cohort"].label_from_instance = lambda c: f"{c.title} ({c.region.name})"
        self.fields["region"].queryset = coordinated_regions(user).order_by("sort_order", "name")

    def clean(self):
        cleaned = super().clean()
        cohort, region = cleaned.get("cohort"), cleaned.get("region")
        if self.errors:
            return cleaned
        if cohort is None and region is None:
            raise forms.ValidationError(_("Choose a cohort or a region."))
        if cohort is not None and region is not None and cohort.region_id != region.pk:
            self.add_error("region", _("The cohort is in another region; leave the region empty."))
            return cleaned
        zone = (
            cohort.time_zone
            if cohort is not None
            else cleaned.get("time_zone") or user_zone_name(user=self.user)
        )
        cleaned["zone"] = zone
        cleaned["region"] = region or cohort.region
        try:
            cleaned["starts_at"] = local_to_utc(cleaned["start"], zone, fold=cleaned.get("fold"))
        except SchedulingError as error:
            self.add_error("start", error.message)
        return cleaned
