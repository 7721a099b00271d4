"""One way to sign in, and a limit on every other form that checks a password.

allauth's sign-in page is the only one: it limits failed attempts (per address and per
client IP) and sends people whose address is not verified to confirm it. Django's and
Wagtail's own login views are mounted by the packages' URL modules; each of those paths
is answered here by a redirect to allauth's page instead (see `config/urls.py`).

Other forms that check a password (a password-protected page or document collection,
deleting one's own account) count failed attempts with allauth's rate-limit machinery,
so the same settings (`ACCOUNT_RATE_LIMITS`) and the same cache govern them.
"""

from functools import wraps
from urllib.parse import urlencode

from allauth.account import app_settings as account_settings
from allauth.core import ratelimit
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_to_sign_in(request, *args, **kwargs):
    """Send a request for another sign-in page to allauth's, keeping a safe `next`."""
    target = reverse("account_login")
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = f"{target}?{urlencode({'next': next_url}, safe='/')}"
    return redirect(target)


redirect_to_sign_in.redirects_to_sign_in = True


def password_attempts_limited(action: str, *, key_kwarg: str | None = None):
    """Limit failed password attempts on a view, by allauth's rate `ACCOUNT_RATE_LIMITS[action]`.

    A POST answered with anything but a redirect is a failed attempt (the form came
    back with an error). Once the limit is reached, further POSTs, right or wrong, are
    refused with allauth's 429 page until the window has passed. `key_kwarg` names the
    URL argument that identifies what is protected (a restriction, an account), for
    rates counted "per key"; signed-in people are counted per user for rates "per user".
    """

    def decorate(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method != "POST" or action not in account_settings.RATE_LIMITS:
                return view(request, *args, **kwargs)
            key = _key(request, kwargs, key_kwarg)
            user = request.user if request.user.is_authenticated else None
            if not ratelimit.consume(request, action=action, key=key, user=user, dry_run=True):
                return ratelimit.respond_429(request)
            response = view(request, *args, **kwargs)
            if not 300 <= response.status_code < 400:
                ratelimit.consume(request, action=action, key=key, user=user)
            return response

        limited.password_attempts_limited = action
        return limited

    return decorate


def _key(request, kwargs, key_kwarg):
    if key_kwarg is not None:
        return f"{key_kwarg}:{kwargs.get(key_kwarg)}"
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return "anonymous"
