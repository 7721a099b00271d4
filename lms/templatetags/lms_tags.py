from django import template
from wagtail.models import Site

register = template.Library()


def _top_pages(request):
    """Live, public pages directly under the site's home page, fetched once per request.

    The header menu and the footer both read from this one list.
    """
    if request is None:
        return []
    cached = getattr(request, "_lms_top_pages", None)
    if cached is None:
        site = Site.find_for_request(request)
        cached = (
            list(
                site.root_page.get_children()
                .live()
                .public()
                .select_related("content_type")
                .only("title", "url_path", "path", "show_in_menus", "content_type")
            )
            if site
            else []
        )
        request._lms_top_pages = cached
    return cached


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """Pages editors put in the menu."""
    return [page for page in _top_pages(context.get("request")) if page.show_in_menus]


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """The site's standard pages (about, privacy notice, contact) for the footer."""
    return [
        page
        for page in _top_pages(context.get("request"))
        if page.content_type.app_label == "lms" and page.content_type.model == "standardpage"
    ]


@register.filter
def is_within(page, section):
    """True when `page` is `section` or one of its descendants (for aria-current)."""
    path = getattr(page, "path", None)
    return bool(path) and path.startswith(section.path)


@register.simple_tag(takes_context=True)
def privacy_notice_url(context):
    """Address of the live privacy notice (the standard page with the slug "privacy")."""
    from lms.models import StandardPage

    page = StandardPage.objects.live().public().filter(slug="privacy").first()
    return page.get_url(context.get("request")) if page else ""
