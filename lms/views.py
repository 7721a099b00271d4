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

from .domain.people import person_current_consents, person_erase, person_export
from .enums import ConsentPurpose
from .forms import AccountDeleteForm, ProfileForm


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # The language just chosen should apply at once, also on this device,
        # starting with this confirmation.
        language = user.preferred_language
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language()
        with translation.override(language):
            messages.success(request, _("Your profile has been saved."))
        response = redirect("lms:profile")
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        return response
    return render(
        request,
        "lms/profile.html",
        {
            "form": form,
            "consents": [
                (ConsentPurpose(purpose).label, granted)
                for purpose, granted in person_current_consents(request.user).items()
            ],
        },
    )


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
def delete_account(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        person_erase(user=user)
        messages.success(request, _("Your account and your data have been deleted."))
        return redirect("/")
    return render(request, "lms/account_delete.html", {"form": form})
