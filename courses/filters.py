"""Filters of the reference materials library: the admin's listing and the public page.

The public filters never break the page: a value that does not fit a field becomes an
error shown next to it and that filter is left out. Choice lists are read once per request
and values checked against them in memory, so an id the database could not even compare
(2**63) never reaches it and the query count stays the same whatever is chosen.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from cohorts.domain.catalogue import language_name, track_choices
from cohorts.enums import Visibility
from lms.models.people import LANGUAGE_CHOICES

from .domain.materials import materials_of_tracks
from .enums import MaterialKind
from .models import ReferenceMaterial, Topic, TrackPage

KEYWORDS_MAX = 10


class ReferenceMaterialFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MaterialKind.choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=LANGUAGE_CHOICES)
    topics = django_filters.ModelChoiceFilter(label=_("Topic"), queryset=Topic.objects.all())
    tracks = django_filters.ModelChoiceFilter(
        label=_("Track"), queryset=TrackPage.objects.order_by("path")
    )
    visibility = django_filters.ChoiceFilter(label=_("Who may see it"), choices=Visibility.choices)

    class Meta:
        model = ReferenceMaterial
        fields = ["kind", "language", "topics", "tracks", "visibility"]


class PublicMaterialFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Words in the title or description"), method="filter_words", max_length=200
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"), method="filter_topic", empty_label=_("Any topic")
    )
    track = django_filters.ChoiceFilter(
        label=_("Track"), method="filter_track", empty_label=_("Any track")
    )
    language = django_filters.ChoiceFilter(label=_("Language"), empty_label=_("Any language"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=MaterialKind.choices, empty_label=_("Any kind")
    )

    class Meta:
        model = ReferenceMaterial
        fields = ["q", "topic", "track", "language", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Languages are those of the materials this viewer may see, named in the interface
        # language; topics and tracks are the curriculum's.
        codes = self.queryset.order_by().values_list("language", flat=True).distinct()
        languages = sorted(
            ((code, language_name(code)) for code in codes), key=lambda c: c[1].casefold()
        )
        topics = [
            (str(pk), f"{number}. {title}")
            for pk, number, title in Topic.objects.values_list("pk", "number", "title")
        ]
        choices = {"topic": topics, "track": track_choices(), "language": languages}
        for name, options in choices.items():
            self.filters[name].extra["choices"] = options

    def filter_words(self, queryset, name, value):
        for word in value.split()[:KEYWORDS_MAX]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset

    def filter_topic(self, queryset, name, value):
        tagged = ReferenceMaterial.topics.through.objects.filter(topic_id=value)
        return queryset.filter(pk__in=tagged.values("referencematerial_id"))

    def filter_track(self, queryset, name, value):
        return materials_of_tracks(queryset, [value])
