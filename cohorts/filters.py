import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from courses.models import TrackPage
from lms.models import Region

from .enums import CohortStatus, SessionStatus
from .models import Cohort, Session


class CohortFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.all())
    track = django_filters.ModelChoiceFilter(
        label=_("Track"), queryset=TrackPage.objects.live().order_by("path")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CohortStatus.choices)
    sessions_between = django_filters.DateFromToRangeFilter(
        label=_("Has a session between"),
        field_name="sessions__starts_at",
        distinct=True,
        widget=DateRangePickerWidget,
    )

    class Meta:
        model = Cohort
        fields = ["region", "track", "status", "language", "delivery_mode"]


class SessionFilterSet(WagtailFilterSet):
    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), queryset=Cohort.objects.all())
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="cohort__region", queryset=Region.objects.all()
    )
    track = django_filters.ModelChoiceFilter(
        label=_("Track"), field_name="cohort__track", queryset=TrackPage.objects.live()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SessionStatus.choices)
    starts_at = django_filters.DateFromToRangeFilter(
        label=_("Starts between"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Session
        fields = ["cohort", "region", "track", "status", "starts_at"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Only the viewer's cohorts are offered (the listing itself is scoped too).
        if request is not None:
            from lms.admin_scoping import scope_queryset

            self.filters["cohort"].queryset = scope_queryset(
                Cohort.objects.all(), request.user, "region"
            )
