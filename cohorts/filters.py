import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from courses.models import TrackPage
from lms.enums import UnionRole
from lms.models import Region, Union
from lms.models.people import LANGUAGE_CHOICES

from .enums import CohortStatus, EnrolmentStatus, SessionStatus
from .models import Cohort, Enrolment, Nomination, Session


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


class EnrolmentFilterSet(WagtailFilterSet):
    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), queryset=Cohort.objects.all())
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="cohort__region", queryset=Region.objects.all()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EnrolmentStatus.choices)
    union = django_filters.ModelChoiceFilter(
        label=_("Affiliate union"), field_name="user__union", queryset=Union.objects.all()
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="user__union__country", choices=countries
    )
    union_role = django_filters.ChoiceFilter(
        label=_("Role in the union"), field_name="user__union_role", choices=UnionRole.choices
    )
    language = django_filters.ChoiceFilter(
        label=_("Preferred language"),
        field_name="user__preferred_language",
        choices=LANGUAGE_CHOICES,
    )
    applied_at = django_filters.DateFromToRangeFilter(
        label=_("Applied between"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Enrolment
        fields = [
            "cohort",
            "region",
            "status",
            "union",
            "country",
            "union_role",
            "language",
            "applied_at",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Offer only the viewer's cohorts and regions, and the unions of people who
        # applied to them (the listing itself is scoped too).
        if request is not None:
            from lms.admin_scoping import scope_queryset
            from lms.domain.roles import coordinated_regions, is_programme_admin

            user = request.user
            self.filters["cohort"].queryset = scope_queryset(Cohort.objects.all(), user, "region")
            if not is_programme_admin(user):
                self.filters["region"].queryset = coordinated_regions(user)
                self.filters["union"].queryset = Union.objects.filter(
                    pk__in=scope_queryset(Enrolment.objects.all(), user, "cohort__region").values(
                        "user__union"
                    )
                )


class NominationFilterSet(WagtailFilterSet):
    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), queryset=Cohort.objects.all())
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Nominated between"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Nomination
        fields = ["cohort", "created_at"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            from lms.admin_scoping import scope_queryset

            self.filters["cohort"].queryset = scope_queryset(
                Cohort.objects.all(), request.user, "region"
            )
