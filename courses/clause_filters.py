"""Facets of the clause library: theme (a main theme includes its sub-themes), clause type,
sector, region and language.

As in the materials library, choice lists are read once per request and values checked
against them in memory: a value that does not fit becomes an error next to its field and
that facet is left out, and the number of queries does not depend on what is chosen.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohorts.domain.catalogue import language_name
from lms.models import Region

from .enums import ClauseType
from .models import ModelClausePage, Sector, Theme


class ClauseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="filter_nothing", max_length=200)
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), method="filter_theme", empty_label=_("Any theme")
    )
    clause_type = django_filters.ChoiceFilter(
        label=_("Clause type"), choices=ClauseType.choices, empty_label=_("Any type")
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), method="filter_sector", empty_label=_("Any sector")
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), method="filter_region", empty_label=_("Any region")
    )
    language = django_filters.ChoiceFilter(label=_("Language"), empty_label=_("Any language"))

    class Meta:
        model = ModelClausePage
        fields = ["q", "theme", "clause_type", "sector", "region", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        themes = []
        for theme in Theme.objects.select_related("parent").order_by("sort_order", "name"):
            themes.append((theme.slug, str(theme), theme))
        # Main themes, each followed by its sub-themes.
        ordered = []
        for slug, label, theme in themes:
            if theme.parent_id is None:
                ordered.append((slug, label))
                ordered.extend(
                    (s, f"— {t.name}") for s, _label, t in themes if t.parent_id == theme.pk
                )
        self._themes = {slug: theme for slug, _label, theme in themes}
        choices = {
            "theme": ordered,
            "sector": list(Sector.objects.values_list("slug", "name")),
            "region": list(Region.objects.values_list("slug", "name")),
            "language": sorted(
                ((code, language_name(code)) for code in self._language_codes()),
                key=lambda c: c[1].casefold(),
            ),
        }
        for name, options in choices.items():
            self.filters[name].extra["choices"] = options

    def _language_codes(self):
        # Only languages the library has clauses in.
        from .domain.clause_access import published_clauses

        return published_clauses().order_by().values_list("language", flat=True).distinct()

    def filter_nothing(self, queryset, name, value):
        # The words are searched before the facets (courses.domain.clause_library).
        return queryset

    def filter_theme(self, queryset, name, value):
        theme = self._themes[value]
        through = ModelClausePage.themes.through.objects
        tagged = through.filter(Q(theme_id=theme.pk) | Q(theme__parent_id=theme.pk))
        return queryset.filter(pk__in=tagged.values("modelclausepage_id"))

    def filter_sector(self, queryset, name, value):
        tagged = ModelClausePage.sectors.through.objects.filter(sector__slug=value)
        return queryset.filter(pk__in=tagged.values("modelclausepage_id"))

    def filter_region(self, queryset, name, value):
        tagged = ModelClausePage.regions.through.objects.filter(region__slug=value)
        return queryset.filter(pk__in=tagged.values("modelclausepage_id"))
