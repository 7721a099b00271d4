"""Which interface language to use for a person."""

from django.conf import settings
from django.utils import translation

SITE_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


def interface_language(code: str | None, *, fallback: str | None = None) -> str:
    """`code` when the interface is translated into it; otherwise `fallback`, or the
    language active now (the site's default outside a request)."""
    if code in SITE_LANGUAGES:
        return code
    return fallback or translation.get_language() or settings.LANGUAGE_CODE


def person_language(person) -> str:
    """The language `person` reads what the platform writes to them (e-mails, feeds) in:
    their preferred one when the interface has it, else the site's default."""
    return interface_language(person.preferred_language, fallback=settings.LANGUAGE_CODE)
