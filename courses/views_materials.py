"""The reference materials library: thin views over courses.domain.materials."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cohorts.serving import private_file_response
from lms.filters import chosen_filters

from .domain.materials import materials_visible_to
from .filters import PublicMaterialFilterSet
from .models import TrackPage

MATERIALS_PER_PAGE = 20


@require_safe
def material_list(request):
    """Every material the viewer may see, with facets and a keyword search."""
    materials = materials_visible_to(request.user).prefetch_related(
        "topics", Prefetch("tracks", queryset=TrackPage.objects.live().order_by("path"))
    )
    filterset = PublicMaterialFilterSet(request.GET, queryset=materials)
    page = Paginator(filterset.qs, MATERIALS_PER_PAGE).get_page(request.GET.get("page"))
    kept = chosen_filters(request, filterset)
    return render(
        request,
        "courses/material_list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "page_obj": page,
            "materials": page.object_list,
            "is_filtered": bool(kept),
            "query_prefix": f"{kept.urlencode()}&" if kept else "",
        },
    )


@require_safe
def material_file(request, pk):
    """A material's file as a download under its original name; 404 unless the viewer may
    see the material (and for links, which have no file)."""
    material = materials_visible_to(request.user).exclude(file="").filter(pk=pk).first()
    if material is None:
        raise Http404
    return private_file_response(
        request,
        material.file,
        content_type=material.content_type,
        filename=material.original_name,
        as_attachment=True,
    )
