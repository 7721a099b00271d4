"""Region scoping for Wagtail admin ViewSets.

A regional coordinator sees and edits only the rows of their regions. Every
way into a row (listing, edit, delete, inspect, history, usage) goes through
the same check, and a row outside the viewer's regions is a 404, so its
existence is not revealed. Forms only offer the viewer's regions.
"""

from django.http import Http404
from wagtail.admin.views.generic import history, usage
from wagtail.admin.views.generic import models as generic
from wagtail.admin.viewsets.model import ModelViewSet

from lms.domain.roles import coordinated_regions, is_programme_admin


def scope_queryset(queryset, user, region_lookup):
    if is_programme_admin(user):
        return queryset
    return queryset.filter(**{f"{region_lookup}__in": coordinated_regions(user)})


class _ScopedObjectMixin:
    region_lookup = "region"

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        allowed = scope_queryset(
            type(obj)._default_manager.filter(pk=obj.pk), self.request.user, self.region_lookup
        )
        if not allowed.exists():
            raise Http404
        return obj


class _ScopedFormMixin:
    region_lookup = "region"

    def get_form(self, *args, **kwargs):
        """Offer only the viewer's regions (or rows in them) in the form's first hop."""
        form = super().get_form(*args, **kwargs)
        first_hop, _, rest = self.region_lookup.partition("__")
        field = form.fields.get(first_hop)
        if field is not None and not is_programme_admin(self.request.user):
            regions = coordinated_regions(self.request.user)
            if rest:
                field.queryset = field.queryset.filter(**{f"{rest}__in": regions})
            else:
                field.queryset = regions
        return form


class ScopedIndexView(generic.IndexView):
    region_lookup = "region"
    list_select_related = ()

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related(*self.list_select_related)
        return scope_queryset(queryset, self.request.user, self.region_lookup)


class ScopedCreateView(_ScopedFormMixin, generic.CreateView):
    pass


class ScopedEditView(_ScopedFormMixin, _ScopedObjectMixin, generic.EditView):
    pass


class ScopedDeleteView(_ScopedObjectMixin, generic.DeleteView):
    pass


class ScopedInspectView(_ScopedObjectMixin, generic.InspectView):
    pass


class ScopedHistoryView(_ScopedObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(_ScopedObjectMixin, usage.UsageView):
    pass


class RegionScopedViewSet(ModelViewSet):
    """A ModelViewSet whose rows belong to a region through `region_lookup`."""

    #: Path from a row to its region, e.g. "region" or "cohort__region".
    region_lookup = "region"
    #: Relations shown in the listing, fetched in the listing's one query.
    list_select_related = ("region",)
    copy_view_enabled = False
    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView

    def _scoped(self, kwargs):
        return {"region_lookup": self.region_lookup, **kwargs}

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            **self._scoped({"list_select_related": self.list_select_related, **kwargs})
        )

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(**self._scoped(kwargs))

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(**self._scoped(kwargs))

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(**self._scoped(kwargs))

    def get_history_view_kwargs(self, **kwargs):
        return super().get_history_view_kwargs(**self._scoped(kwargs))

    def get_usage_view_kwargs(self, **kwargs):
        return super().get_usage_view_kwargs(**self._scoped(kwargs))

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(**self._scoped(kwargs))
