"""Filters of the public cohort catalogue (the admin's are in filters.py).

Bad input never breaks the page: a value that does not fit a field becomes an
error shown next to it, and that filter is left out. Every choice list is read
once per request and validated in memory, so an id the database could not even
compare (2**63) never reaches it, and the query count stays the same whatever
is chosen.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .domain.catalogue import (
    cohorts_open_for_enrolment,
    cohorts_with_session_in_month,
    month_choices,
    public_language_choices,
    region_choices,
    track_choices,
)
from .enums import DeliveryMode
from .models import Cohort


class CheckboxFilter(django_filters.BooleanFilter):
    """A plain checkbox: ticked means "apply", unticked means "do not filter"."""

    field_class = forms.BooleanField


class PublicCohortFilterSet(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(
        label=_("Region"), field_name="region_id", empty_label=_("Any region")
    )
    track = django_filters.ChoiceFilter(
        label=_("Track"), field_name="track_id", empty_label=_("Any track")
    )
    language = django_filters.ChoiceFilter(
        label=_("Seminar language"), empty_label=_("Any language")
    )
    delivery_mode = django_filters.ChoiceFilter(
        label=_("Delivery"), choices=DeliveryMode.choices, empty_label=_("Any delivery")
    )
    month = django_filters.ChoiceFilter(
        label=_("Has a seminar in"), method="filter_month", empty_label=_("Any month")
    )
    open_only = CheckboxFilter(label=_("Open for enrolment only"), method="filter_open_only")

    class Meta:
        model = Cohort
        fields = ["region", "track", "language", "delivery_mode", "month", "open_only"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Computed per request: the months depend on today in the viewer's zone, the
        # other lists on what is published now, and every label on the interface language.
        choices = {
            "region": region_choices(),
            "track": track_choices(),
            "language": public_language_choices(),
            "month": month_choices(),
        }
        for name, options in choices.items():
            self.filters[name].extra["choices"] = options

    def filter_month(self, queryset, name, value):
        return cohorts_with_session_in_month(queryset, value)

    def filter_open_only(self, queryset, name, value):
        return cohorts_open_for_enrolment(queryset) if value else queryset
