"""A person's own account pages: profile, data export and erasure."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .domain.people import (
    person_current_consents,
    person_erase,
    person_export,
    person_update_consents,
)
from .enums import ConsentPurpose
from .forms import AccountDeleteForm, ConsentForm, ProfileForm
from .languages import interface_language
from .sign_in import password_attempts_limited


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # The language just chosen should apply at once, also on this device,
        # starting with this confirmation.
        with translation.override(interface_language(user.preferred_language)):
            messages.success(request, _("Your profile has been saved."))
        response = redirect("lms:profile")
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        return response
    return _render_profile(request, form=form)


def _render_profile(request, *, form=None, consent_form=None):
    current = person_current_consents(request.user)
    return render(
        request,
        "lms/profile.html",
        {
            "form": form or ProfileForm(instance=request.user),
            "consent_form": consent_form
            or ConsentForm(
                initial={
                    purpose: current.get(purpose, False) for purpose in ConsentForm.base_fields
                }
            ),
            "consents": [
                (ConsentPurpose(purpose).label, granted) for purpose, granted in current.items()
            ],
        },
    )


@never_cache
@login_required
@require_POST
def consents(request):
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, consent_form=form)
    person_update_consents(user=request.user, decisions=form.cleaned_data)
    messages.success(request, _("Your consent choices have been recorded."))
    return redirect("lms:profile")


@login_required
@require_POST
def export(request):
    body = person_export(user=request.user)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@password_attempts_limited("account_delete_password_failed")
def delete_account(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        person_erase(user=user)
        messages.success(request, _("Your account and your data have been deleted."))
        return redirect("/")
    return render(request, "lms/account_delete.html", {"form": form})
