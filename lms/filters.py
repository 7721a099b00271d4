import django_filters
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from .enums import UnionRole
from .models import Participant, Region, Union


def chosen_filters(request, filterset) -> QueryDict:
    """The filters the visitor chose (and only them), for pagination and export links."""
    kept = QueryDict(mutable=True)
    for name in filterset.filters:
        values = [value for value in request.GET.getlist(name) if value]
        if values:
            kept.setlist(name, values)
    return kept


class UnionFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.all())

    class Meta:
        model = Union
        fields = ["region", "country"]


class PersonFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.all())
    union_role = django_filters.ChoiceFilter(
        label=_("Role in the union"), choices=UnionRole.choices
    )

    class Meta:
        model = Participant
        fields = ["region", "union_role", "preferred_language"]
