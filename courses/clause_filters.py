"""Facets of the clause library: theme (a main theme includes its sub-themes), clause type,
sector, region and language.

As in the materials library, choice lists are read once per request and values checked
against them in memory: a value that does not fit becomes an error next to its field and
that facet is left out, and the number of queries does not depend on what is chosen.
"""

import django_filters
from django.db.models import F, IntegerField, Q, Value
from django.utils.translation import gettext_lazy as _

from cohorts.domain.catalogue import language_name
from lms.models import Region

from .enums import ClauseType
from .models import ModelClausePage, Sector, Theme


def _taxonomy():
    """Themes, sectors and regions for the facets, in one query (a UNION of the three)."""
    columns = ("kind", "pk", "slug", "name", "parent", "order")
    none = Value(None, output_field=IntegerField())
    themes = (
        Theme.objects.order_by()
        .annotate(kind=Value("theme"), parent_ref=F("parent_id"), order=F("sort_order"))
        .values_list("kind", "pk", "slug", "name", "parent_ref", "order")
    )
    sectors = (
        Sector.objects.order_by()
        .annotate(kind=Value("sector"), parent_ref=none, order=Value(0))
        .values_list("kind", "pk", "slug", "name", "parent_ref", "order")
    )
    regions = (
        Region.objects.order_by()
        .annotate(kind=Value("region"), parent_ref=none, order=F("sort_order"))
        .values_list("kind", "pk", "slug", "name", "parent_ref", "order")
    )
    rows = [
        dict(zip(columns, row, strict=True)) for row in themes.union(sectors, regions, all=True)
    ]
    rows.sort(key=lambda row: (row["order"], row["name"].casefold()))
    return tuple(
        [row for row in rows if row["kind"] == kind] for kind in ("theme", "sector", "region")
    )


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

    def __init__(self, *args, languages_from=None, **kwargs):
        super().__init__(*args, **kwargs)
        themes, sectors, regions = _taxonomy()
        ordered = []
        for theme in themes:
            if theme["parent"] is None:
                ordered.append((theme["slug"], theme["name"]))
                ordered.extend(
                    (sub["slug"], f"— {sub['name']}")
                    for sub in themes
                    if sub["parent"] == theme["pk"]
                )
        self._themes = {row["slug"]: row for row in themes}
        codes = (languages_from if languages_from is not None else self.queryset).order_by()
        languages = codes.values_list("language", flat=True).distinct()
        choices = {
            "theme": ordered,
            "sector": [(row["slug"], row["name"]) for row in sectors],
            "region": [(row["slug"], row["name"]) for row in regions],
            "language": sorted(
                ((code, language_name(code)) for code in languages),
                key=lambda c: c[1].casefold(),
            ),
        }
        for name, options in choices.items():
            self.filters[name].extra["choices"] = options

    def filter_nothing(self, queryset, name, value):
        # The words are searched before the facets (courses.domain.clause_library).
        return queryset

    def filter_theme(self, queryset, name, value):
        theme_pk = self._themes[value]["pk"]
        through = ModelClausePage.themes.through.objects
        tagged = through.filter(Q(theme_id=theme_pk) | Q(theme__parent_id=theme_pk))
        return queryset.filter(pk__in=tagged.values("modelclausepage_id"))

    def filter_sector(self, queryset, name, value):
        tagged = ModelClausePage.sectors.through.objects.filter(sector__slug=value)
        return queryset.filter(pk__in=tagged.values("modelclausepage_id"))

    def filter_region(self, queryset, name, value):
        tagged = ModelClausePage.regions.through.objects.filter(region__slug=value)
        return queryset.filter(pk__in=tagged.values("modelclausepage_id"))
