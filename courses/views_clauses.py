"""The clause library's public views, routed by `ClauseLibraryPage` (a routable page).

Thin: every read goes through courses.domain.clause_library / clause_pack, which only ever
see live, public clauses. With CLAUSE_LIBRARY_MEMBERS_ONLY set, visitors are sent to sign in
(pages) or answered 404 (JSON, feed, downloads).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cohorts.admin_common import parse_id
from lms.filters import chosen_filters

from .domain.clause_access import library_open_to, published_clauses
from .domain.clause_export import pack_docx, pack_markdown
from .domain.clause_json import clause_as_dict
from .domain.clause_library import clause_permalink, library_search
from .domain.clause_pack import (
    PackError,
    pack_add,
    pack_clauses,
    pack_clear,
    pack_ids,
    pack_move,
    pack_remove,
)


def _closed(request, *, page=True):
    if library_open_to(request.user):
        return None
    if page:
        return redirect_to_login(request.get_full_path())
    raise Http404


@require_safe
def library_index(request, library):
    if (closed := _closed(request)) is not None:
        return closed
    results = library_search(params=request.GET, page_number=request.GET.get("page"))
    kept = chosen_filters(request, results.filterset)
    in_pack = pack_ids(request)
    return TemplateResponse(
        request,
        "courses/clause_library_page.html",
        {
            "page": library,
            "self": library,
            "filter": results.filterset,
            "form": results.filterset.form,
            "page_obj": results.page,
            "clauses": results.page.object_list,
            "total": results.total,
            "query": results.query,
            "is_filtered": bool(kept),
            "query_prefix": f"{kept.urlencode()}&" if kept else "",
            "pack_ids": in_pack,
            "pack_count": len(in_pack),
        },
    )


@require_safe
def permalink(request, library, clause_id):
    """A link that survives renaming and moving: it always leads to the current version."""
    if (closed := _closed(request)) is not None:
        return closed
    if parse_id(clause_id) is None:
        raise Http404
    clause = published_clauses().filter(pk=clause_id).only("id", "url_path").first()
    if clause is None:
        raise Http404
    return HttpResponseRedirect(clause.url)


def _safe_next(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_http_methods(["GET", "HEAD", "POST"])
def pack_view(request, library):
    if (closed := _closed(request)) is not None:
        return closed
    pack_url = library.url + library.reverse_subpage("pack")
    if request.method == "POST":
        action = request.POST.get("action")
        clause_id = parse_id(request.POST.get("clause"))
        if action == "clear":
            pack_clear(request)
            messages.success(request, _("Your pack is empty."))
        elif clause_id is None:
            messages.error(request, _("That clause is not in the library."))
        elif action == "add":
            try:
                clause = pack_add(request, clause_id=clause_id)
            except PackError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("“%(title)s” is in your pack.") % {"title": clause.title}
                )
        elif action == "remove":
            if pack_remove(request, clause_id=clause_id):
                messages.success(request, _("The clause was removed from your pack."))
            else:
                messages.error(request, _("That clause is not in your pack."))
        elif action in ("up", "down"):
            offset = -1 if action == "up" else 1
            if not pack_move(request, clause_id=clause_id, offset=offset):
                messages.error(request, _("That clause is not in your pack."))
        else:
            messages.error(request, _("That is not something a pack can do."))
        return HttpResponseRedirect(_safe_next(request, pack_url))
    return TemplateResponse(
        request,
        "courses/clause_pack.html",
        {
            "page": library,
            "self": library,
            "library": library,
            "clauses": pack_clauses(request),
            "pack_max": settings.CLAUSE_PACK_MAX,
        },
    )


@require_safe
def pack_download(request, library, fmt):
    if (closed := _closed(request, page=False)) is not None:
        return closed
    clauses = pack_clauses(request)
    if not clauses:
        messages.error(request, _("Add clauses to your pack before downloading it."))
        return HttpResponseRedirect(library.url + library.reverse_subpage("pack"))
    links = {clause.pk: clause_permalink(library, clause, request) for clause in clauses}
    title = _("Bargaining pack")
    name = slugify(f"{settings.WAGTAIL_SITE_NAME} {title}") or "pack"
    if fmt == "docx":
        response = HttpResponse(
            pack_docx(clauses, permalinks=links, title=title),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    else:
        response = HttpResponse(
            pack_markdown(clauses, permalinks=links, title=title),
            content_type="text/markdown; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.md"'
    response["Cache-Control"] = "private, no-store"
    return response


def _json(request, data):
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    if not settings.CLAUSE_LIBRARY_MEMBERS_ONLY:
        # Open data: other unions' tools may read it from their own pages.
        response["Access-Control-Allow-Origin"] = "*"
    else:
        response["Cache-Control"] = "private"
    return response


@require_safe
def clause_list_json(request, library):
    """The library as JSON for other unions' tools: the same words and facets as the page."""
    if (closed := _closed(request, page=False)) is not None:
        return closed
    results = library_search(params=request.GET, page_number=request.GET.get("page"))
    if results.filterset.form.errors:
        return JsonResponse(
            {"errors": {k: [str(m) for m in v] for k, v in results.filterset.form.errors.items()}},
            status=400,
        )
    page = results.page
    kept = chosen_filters(request, results.filterset)
    base = request.build_absolute_uri(request.path)

    def link(number):
        query = kept.copy()
        query["page"] = number
        return f"{base}?{query.urlencode()}"

    return _json(
        request,
        {
            "count": results.total,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [
                clause_as_dict(
                    clause,
                    permalink=clause_permalink(library, clause, request),
                    url=request.build_absolute_uri(clause.url),
                    full=False,
                )
                for clause in page.object_list
            ],
        },
    )


@require_safe
def clause_json(request, library, clause_id):
    if (closed := _closed(request, page=False)) is not None:
        return closed
    if parse_id(clause_id) is None:
        raise Http404
    clause = (
        published_clauses()
        .filter(pk=clause_id)
        .prefetch_related("themes__parent", "sectors", "regions", "jurisdictions")
        .first()
    )
    if clause is None:
        raise Http404
    return _json(
        request,
        clause_as_dict(
            clause,
            permalink=clause_permalink(library, clause, request),
            url=request.build_absolute_uri(clause.url),
            full=True,
        ),
    )


class _ClauseFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, library):
        super().__init__()
        self.library = library

    def title(self):
        return _("%(site)s: model clauses") % {"site": settings.WAGTAIL_SITE_NAME}

    def link(self):
        return self.library.url

    def subtitle(self):
        return _("Model clauses as they are published in the library.")

    def items(self):
        return published_clauses().order_by("-last_published_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


def clause_feed(request, library):
    if (closed := _closed(request, page=False)) is not None:
        return closed
    return _ClauseFeed(library)(request)
