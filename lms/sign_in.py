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
from allauth.core.internal.ratelimit import get_ip as ratelimit_ip
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_to_sign_in(request, *args, **kwargs):
    """Send a request for another sign-in page to allauth's, keeping a safe `next`.

    The admin and private pages send people here when they refuse them. Someone already
    signed in is not sent on (allauth would send them straight back to the page that
    refused them, and round again): they are told that their account cannot open it.
    """
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.user.is_authenticated:
        return _not_permitted(request, next_url)
    target = reverse("account_login")
    if next_url:
        target = f"{target}?{urlencode({'next': next_url}, safe='/')}"
    return redirect(target)


redirect_to_sign_in.redirects_to_sign_in = True


def _not_permitted(request, next_url):
    return render(request, "lms/not_permitted.html", {"next_url": next_url}, status=403)


def sign_in(allauth_login):
    """allauth's sign-in view, except for someone signed in whom the admin just refused.

    Wagtail sends anyone without admin access to the sign-in page with `next=/admin/…`,
    and allauth sends a signed-in person straight on to `next`: round and round. They are
    told instead that their account cannot open the admin.
    """

    @wraps(allauth_login)
    def view(request, *args, **kwargs):
        next_url = request.GET.get("next", "")
        if (
            request.user.is_authenticated
            and next_url.startswith(reverse("wagtailadmin_home"))
            and not request.user.has_perm("wagtailadmin.access_admin")
        ):
            return _not_permitted(request, next_url)
        return allauth_login(request, *args, **kwargs)

    return view


def password_attempts_limited(
    action: str, *, key_kwarg: str | None = None, overall_action: str | None = None
):
    """Limit failed password attempts on a view, by allauth's rate `ACCOUNT_RATE_LIMITS[action]`.

    A POST answered with anything but a redirect is a failed attempt (the form came
    back with an error). Once the limit is reached, further POSTs, right or wrong, are
    refused with a 429 page until the window has passed.

    `key_kwarg` names the URL argument that identifies what is protected (a page's
    restriction): rates "per key" then count each visitor (client IP) on that object,
    so one person's typos lock out nobody else, and `overall_action` names a looser rate
    for the object from all visitors together, against guessing from many addresses.
    Without it, signed-in people are counted per user.
    """

    def decorate(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            checks = _checks(request, kwargs, action, key_kwarg, overall_action)
            if not checks:
                return view(request, *args, **kwargs)
            user = request.user if request.user.is_authenticated else None
            for name, key in checks:
                if not ratelimit.consume(request, action=name, key=key, user=user, dry_run=True):
                    return ratelimit.respond_429(request)
            response = view(request, *args, **kwargs)
            if not 300 <= response.status_code < 400:
                for name, key in checks:
                    ratelimit.consume(request, action=name, key=key, user=user)
            return response

        limited.password_attempts_limited = action
        return limited

    return decorate


def _checks(request, kwargs, action, key_kwarg, overall_action):
    """(rate name, key) pairs in force: none when rate limits are switched off."""
    rates = account_settings.RATE_LIMITS
    if key_kwarg is None:
        key = f"user:{request.user.pk}" if request.user.is_authenticated else "anonymous"
        return [(action, key)] if action in rates else []
    protected = f"{key_kwarg}:{kwargs.get(key_kwarg)}"
    checks = []
    if action in rates:
        checks.append((action, f"{protected}:{ratelimit_ip(request)}"))
    if overall_action and overall_action in rates:
        checks.append((overall_action, protected))
    return checks
