from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """Live pages directly under the site's home page that editors put in menus."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    cache = getattr(request, "_menu_pages", None)
    if cache is None:
        cache = list(
            site.root_page.get_children()
            .live()
            .public()
            .in_menu()
            .only("title", "url_path", "path")
        )
        request._menu_pages = cache
    return cache


@register.filter
def zone_name(value):
    """The IANA name of a tzinfo, for naming the zone next to a time."""
    return getattr(value, "key", None) or str(value)


@register.filter
def is_within(page, section):
    """True when `page` is `section` or one of its descendants (for aria-current)."""
    path = getattr(page, "path", None)
    return bool(path) and path.startswith(section.path)
