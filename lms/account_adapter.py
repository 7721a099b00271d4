"""How allauth sends this site's account e-mails and stores new accounts."""

from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm
from allauth.core import context as allauth_context
from django.conf import settings
from django.db import transaction
from django.utils import translation

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
            "current_site": _SiteIdentity(name=settings.WAGTAIL_SITE_NAME, domain=domain),
            **context,
        }
        language = interface_language(getattr(context.get("user"), "preferred_language", None))
        with translation.override(language):
            super().send_mail(template_prefix, email, context)


class AtomicSignupForm(SignupForm):
    """allauth's sign-up form, saved in one transaction so that the account,
    its profile and its consent record exist together or not at all."""

    def save(self, request):
        with transaction.atomic():
            return super().save(request)
