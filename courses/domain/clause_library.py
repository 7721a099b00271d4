"""Reading the library: search with facets, a clause's version, citation, translations and
related clauses. Everything here starts from `published_clauses()`: drafts never show."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry

from .clause_access import published_clauses

PAGE_SIZE = 20
# A search matching more than this many clauses shows the best-ranked ones only.
SEARCH_LIMIT = 1000


@dataclass
class LibraryResults:
    filterset: object
    query: str
    page: object  # a Paginator page of ModelClausePage
    total: int


def _with_listing_relations(queryset):
    return queryset.prefetch_related("themes", "regions").only(
        "id",
        "title",
        "slug",
        "url_path",
        "summary",
        "clause_type",
        "language",
        "last_published_at",
    )


def search_words(text, *, limit=200) -> str:
    """What a visitor typed, as words the search backends accept: control characters and
    double quotes become spaces (PostgreSQL refuses NUL; `"` is syntax in SQLite's FTS5)."""
    text = "".join(char if char.isprintable() else " " for char in str(text or "")[: limit * 2])
    return " ".join(text.replace('"', " ").split())[:limit]


def library_search(*, params, page_number=1) -> LibraryResults:
    """Full-text search (ranked) narrowed by the facets in `params`, one page of results.

    PostgreSQL full-text search on PostgreSQL, FTS5 on SQLite (Wagtail's database backend).
    The search runs first and gives an ordered list of ids; the facets then filter those
    ids, because facets over many-to-many relations cannot come before `.search()`.
    """
    from courses.clause_filters import ClauseFilterSet

    query = search_words(params.get("q"))
    base = published_clauses()
    if query:
        ranked_ids = [
            page.pk for page in base.only("id").search(query, operator="and")[:SEARCH_LIMIT]
        ]
        filterset = ClauseFilterSet(
            params, queryset=base.filter(pk__in=ranked_ids), languages_from=base
        )
        # A filter value that does not fit is shown as an error and left out (django-filter).
        kept = set(filterset.qs.values_list("pk", flat=True))
        ids = [pk for pk in ranked_ids if pk in kept]
        paginator = Paginator(ids, PAGE_SIZE)
        page = paginator.get_page(page_number)
        by_id = {c.pk: c for c in _with_listing_relations(base.filter(pk__in=list(page)))}
        page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
        return LibraryResults(filterset, query, page, paginator.count)

    filterset = ClauseFilterSet(params, queryset=base, languages_from=base)
    queryset = _with_listing_relations(filterset.qs.order_by("-last_published_at", "pk"))
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(page_number)
    return LibraryResults(filterset, query, page, paginator.count)


def clause_version(page) -> int:
    """How many times this clause has been published: its version number."""
    return PageLogEntry.objects.filter(page=page, action="wagtail.publish").count()


def clause_translations(page):
    """The other live language versions of the clause, linked through `translation_of`."""
    root_id = page.translation_of_id or page.pk
    return (
        published_clauses()
        .filter(Q(pk=root_id) | Q(translation_of_id=root_id))
        .exclude(pk=page.pk)
        .only("id", "title", "url_path", "language")
        .order_by("language")
    )


def translation_outdated(page) -> bool:
    """True when the clause translated here has been published again since."""
    if not page.translation_of_id or not page.translated_revision_id:
        return False
    source = page.translation_of
    return bool(
        source
        and source.live_revision_id
        and (source.live_revision_id != page.translated_revision_id)
    )


def related_clauses(page, limit=5):
    """Live clauses sharing the most themes with this one (its translations aside)."""
    # A preview is built from a revision, whose relations are in-memory (modelcluster).
    theme_ids = [theme.pk for theme in page.themes.all()]
    if not theme_ids:
        return []
    root_id = page.translation_of_id or page.pk
    return list(
        published_clauses()
        .filter(themes__in=theme_ids)
        .exclude(pk=page.pk)
        .exclude(pk=root_id)
        .exclude(translation_of_id=root_id)
        .annotate(shared=Count("themes"))
        .order_by("-shared", "-last_published_at")
        .only("id", "title", "url_path", "summary", "language")[:limit]
    )


def clause_permalink(library, clause, request=None) -> str:
    path = library.url + library.reverse_subpage("permalink", args=[clause.pk])
    return request.build_absolute_uri(path) if request else path


def clause_citation(*, clause, version, permalink, site_name) -> str:
    """A plain-text reference to the clause at this version."""
    authors = "; ".join(block.value["name"] for block in clause.authors) or site_name
    published = formats.date_format(timezone.localtime(clause.last_published_at), "DATE_FORMAT")
    return _(
        "%(authors)s. “%(title)s”. Model clause, version %(version)d, %(date)s. "
        "%(site)s clause library. %(link)s"
    ) % {
        "authors": authors,
        "title": clause.title,
        "version": version,
        "date": published,
        "site": site_name,
        "link": permalink,
    }


def clause_page_context(page, request) -> dict:
    from django.conf import settings

    from courses.domain.clause_pack import pack_ids

    library = page.get_parent().get_parent().specific
    version = clause_version(page) if page.live else 0
    permalink = clause_permalink(library, page, request)
    return {
        "library": library,
        "version": version,
        "permalink": permalink,
        "citation": clause_citation(
            clause=page, version=version, permalink=permalink, site_name=settings.WAGTAIL_SITE_NAME
        )
        if page.last_published_at
        else "",
        "translations": list(clause_translations(page)),
        "translation_outdated": translation_outdated(page),
        "related": related_clauses(page),
        "page_themes": list(page.themes.select_related("parent")),
        "page_sectors": list(page.sectors.all()),
        "page_regions": list(page.regions.all()),
        "page_jurisdictions": list(page.jurisdictions.all()),
        "in_pack": page.pk in pack_ids(request),
    }
