"""Rich text of model clauses as HTML that is safe to show, whoever wrote it.

Text typed in Wagtail's editor is already limited to the features a field allows, but
clauses also arrive by other routes (imports, the shell, copies of older content). Every
place that shows clause rich text (pages, JSON) passes it through here: Wagtail's links
are expanded, then only plain text elements remain; scripts, event attributes and
`javascript:` links are dropped.
"""

from bs4 import BeautifulSoup
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.rich_text import RichText, expand_db_html
from wagtail.whitelist import DEFAULT_ELEMENT_RULES, Whitelister


class _ClauseWhitelister(Whitelister):
    # Clause fields have no images: an <img> could only be a tracking pixel or worse.
    element_rules = {tag: rule for tag, rule in DEFAULT_ELEMENT_RULES.items() if tag != "img"}


_CLEANER = _ClauseWhitelister()


def without_unpublished_page_links(html: str) -> str:
    """Links to pages that are not live and public keep their text and lose the link: a
    draft's address (and so its title in the slug) must not show in a published clause."""
    if 'linktype="page"' not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    links = soup.find_all("a", attrs={"linktype": "page"})
    wanted = {link.get("id") for link in links if str(link.get("id", "")).isdigit()}
    public = {
        str(pk)
        for pk in Page.objects.live().public().filter(pk__in=wanted).values_list("pk", flat=True)
    }
    for link in links:
        if link.get("id") not in public:
            link.unwrap()
    return str(soup)


def safe_rich_text(value) -> str:
    """`value` (a RichTextField string or a RichTextBlock value) as sanitised HTML."""
    if isinstance(value, RichText):
        value = value.source
    html = expand_db_html(without_unpublished_page_links(value or ""))
    return mark_safe(_CLEANER.clean(html))  # noqa: S308 - sanitised above
