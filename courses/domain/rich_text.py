"""Rich text of model clauses as HTML that is safe to show, whoever wrote it.

Text typed in Wagtail's editor is already limited to the features a field allows, but
clauses also arrive by other routes (imports, the shell, copies of older content). Every
place that shows clause rich text (pages, JSON) passes it through here: Wagtail's links
are expanded, then only plain text elements remain; scripts, event attributes and
`javascript:` links are dropped.
"""

from django.utils.safestring import mark_safe
from wagtail.rich_text import RichText, expand_db_html
from wagtail.whitelist import DEFAULT_ELEMENT_RULES, Whitelister


class _ClauseWhitelister(Whitelister):
    # Clause fields have no images: an <img> could only be a tracking pixel or worse.
    element_rules = {tag: rule for tag, rule in DEFAULT_ELEMENT_RULES.items() if tag != "img"}


_CLEANER = _ClauseWhitelister()


def safe_rich_text(value) -> str:
    """`value` (a RichTextField string or a RichTextBlock value) as sanitised HTML."""
    if isinstance(value, RichText):
        value = value.source
    return mark_safe(_CLEANER.clean(expand_db_html(value or "")))  # noqa: S308 - sanitised above
