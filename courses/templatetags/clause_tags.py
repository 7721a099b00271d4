from django import template

from courses.domain.rich_text import safe_rich_text

register = template.Library()


@register.filter
def clause_richtext(value):
    """Clause rich text, expanded and sanitised (courses.domain.rich_text)."""
    return safe_rich_text(value)
