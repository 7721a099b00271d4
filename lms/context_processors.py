from django.conf import settings


def site_chrome(request):
    """What every page's header and footer need; no queries here."""
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_languages": settings.LANGUAGES,
    }
