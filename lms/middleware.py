import zoneinfo

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from lms.languages import SITE_LANGUAGES


def _site_language(code):
    """The site language `code` stands for (``fr-ca`` → ``fr``), or None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


class UserLanguageMiddleware(LocaleMiddleware):
    """Chooses the interface language: the switcher's cookie, then the person's
    preferred language, then what the browser asks for.

    Runs after authentication so a signed-in person gets their own language on
    any device without having to choose it again.
    """

    def process_request(self, request):
        # Only a cookie naming one of the site's languages counts as a choice; an
        # emptied or stale one must not hide the person's preferred language.
        if _site_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)) is None:
            user = getattr(request, "user", None)
            preferred = (
                getattr(user, "preferred_language", None)
                if user and user.is_authenticated
                else None
            )
            if preferred in SITE_LANGUAGES:
                translation.activate(preferred)
                request.LANGUAGE_CODE = preferred
                return
        super().process_request(request)


class UserTimezoneMiddleware:
    """Shows times in the signed-in person's own zone; visitors see UTC, named as such."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.time_zone:
            try:
                zone = zoneinfo.ZoneInfo(user.time_zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                zone = None
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        return self.get_response(request)


class PrivateWhenSignedInMiddleware:
    """Pages seen by a signed-in person may carry their data: no shared cache may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
