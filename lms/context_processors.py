from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _clause_library(request):
    """The live clause library among the home page's children, or None.

    The header menu reads those pages anyway (`lms_tags._top_pages` keeps them on the
    request), so finding the library there costs no query of its own.
    """
    from lms.templatetags.lms_tags import _top_pages

    for page in _top_pages(request):
        content_type = page.content_type
        if content_type.app_label == "courses" and content_type.model == "clauselibrarypage":
            return page
    return None


def site_chrome(request):
    """What every page's header and footer need; no queries here.

    `clause_library` is looked up only when a template reads it, and then once.
    """
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_languages": settings.LANGUAGES,
        "clause_library": SimpleLazyObject(lambda: _clause_library(request)),
    }
