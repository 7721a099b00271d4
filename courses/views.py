from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

from .domain.clause_access import library_open_to
from .domain.clause_library import search_words
from .forms import SearchForm
from .models import ClauseWorkspacePage, ModelClausePage

RESULTS_PER_PAGE = 10


def search(request):
    """Site search over published, public pages: the curriculum, standard pages and the
    library's clauses (unless the library is for members only and the visitor is not one)."""
    form = SearchForm(request.GET or None)
    results_page = None
    query = ""
    if form.is_valid():
        query = search_words(form.cleaned_data["q"])
        pages = Page.objects.live().public().not_type(ClauseWorkspacePage)
        if not library_open_to(request.user):
            pages = pages.not_type(ModelClausePage)
        results = pages.specific().search(query) if query else []
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
