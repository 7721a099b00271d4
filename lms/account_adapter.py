"""How allauth sends this site's account e-mails and stores new accounts."""

import uuid
from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import ResetPasswordForm, SignupForm
from allauth.account.internal.userkit import filter_users_by_email
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import translation

from lms.domain.addresses import pending_signups, pending_signups_release
from lms.domain.outbox import outbox_queue
from lms.languages import interface_language


@dataclass(frozen=True)
class _SiteIdentity:
    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Name the platform (not the bare host) in account e-mails, in the person's language."""
        request = allauth_context.request
        domain = request.get_host() if request is not None else ""
        context = {
            "request": request,
            "email": email,
            "current_site": _SiteIdentity(name=settings.WAGTAIL_SITE_NAME, domain=domain),
            **context,
        }
        language = interface_language(getattr(context.get("user"), "preferred_language", None))
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        # Through the outbox like every other e-mail: a mail server or broker that is down
        # delays it rather than failing the page, and sign-up does the same work whether
        # or not the address already has an account (nothing is sent while the page waits).
        outbox_queue(key=f"account:{template_prefix}:{uuid.uuid4().hex}", message=message)


class AtomicSignupForm(SignupForm):
    """allauth's sign-up form, saved in one transaction so that the account,
    its profile and its consent record exist together or not at all.

    An address held only by sign-ups nobody finished (never verified, no role)
    is free: the new sign-up replaces them, so whoever typed someone else's address
    cannot keep its owner out. An address with a real account gets allauth's "you
    already have an account" e-mail, after the same work as a new account (one password
    hash, one e-mail queued), so the time the page takes does not tell which it was.
    """

    def try_save(self, request):
        with transaction.atomic():
            email = self.cleaned_data.get("email")
            if self.account_already_exists and email and _only_pending_signups_hold(email):
                pending_signups_release(email)
                # The replaced sign-up's confirmation e-mail started allauth's cooldown for
                # the address: the owner's own confirmation must not wait for it.
                ratelimit.clear(request, action="confirm_email", key=email.lower())
                self.account_already_exists = False
            if self.account_already_exists:
                make_password(self.cleaned_data.get("password1"))
            return super().try_save(request)

    def save(self, request):
        with transaction.atomic():
            return super().save(request)


def _only_pending_signups_hold(email: str) -> bool:
    holders = {user.pk for user in filter_users_by_email(email)}
    return bool(holders) and holders == set(pending_signups(email).values_list("pk", flat=True))


class VerifiedAddressResetPasswordForm(ResetPasswordForm):
    """A password reset goes only to an account whose address is verified.

    For an address held by an unfinished sign-up, the reset is answered like one for an
    unknown address (allauth's e-mail with a link to sign up), and signing up then
    replaces the unfinished account: the owner of the address ends with an account only
    they control, holding nothing somebody else typed into it.
    """

    def clean_email(self):
        email = super().clean_email()
        unfinished = set(pending_signups(email).values_list("pk", flat=True))
        self.users = [user for user in self.users if user.pk not in unfinished]
        return email
