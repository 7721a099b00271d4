from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

from .forms import SearchForm

RESULTS_PER_PAGE = 10


def search(request):
    """Site search over published, public pages (the curriculum and standard pages)."""
    form = SearchForm(request.GET or None)
    results_page = None
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        results = Page.objects.live().public().specific().search(query)
        results_page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/search.html",
        {
            "form": form,
            "query": query,
            "results": results_page,
            "query_prefix": urlencode({"q": query}) + "&",
        },
    )
