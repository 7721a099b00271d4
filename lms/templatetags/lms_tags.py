from django import template
from wagtail.models import Site

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """Live pages directly under the site's home page that editors put in menus."""
    request = context.get("request")
    root = _site_root(request)
    if root is None:
        return []
    cache = getattr(request, "_menu_pages", None)
    if cache is None:
        cache = list(
            root.get_children().live().public().in_menu().only("title", "url_path", "path")
        )
        request._menu_pages = cache
    return cache


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """The site's standard pages (about, privacy notice, contact) for the footer."""
    from lms.models import StandardPage

    root = _site_root(context.get("request"))
    if root is None:
        return []
    return list(StandardPage.objects.child_of(root).live().public().only("title", "url_path"))


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
