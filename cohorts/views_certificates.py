"""Certificates: the holder's PDF and the public verification page.

The PDF goes to its holder and to the staff who manage the cohort; anyone else gets 404,
so a code does not reveal whose certificate it is. The verification page is public and
shows only what the certificate itself states: valid or revoked, name, track, region, date.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .certificate_pdf import certificate_pdf
from .domain.access import attendance_cohorts
from .domain.certificates import CODE_INPUT_MAX, certificate_code_normalise
from .models import Certificate

TEMPLATE = "cohorts/certificate_verify.html"


class CertificateLookupForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=CODE_INPUT_MAX,
        help_text=gettext_lazy(
            "Twelve letters and digits, as printed on the certificate, for example "
            "ABCD-EFGH-JKMN. Dashes and capitals are optional."
        ),
    )

    def clean_code(self):
        code = certificate_code_normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "This is not a verification code: it has twelve letters and digits, "
                    "without 0, 1, I, L or O."
                )
            )
        return code


def _find(code: str) -> Certificate | None:
    normalised = certificate_code_normalise(code)
    if normalised is None:
        return None
    return Certificate.objects.select_related("enrolment").filter(code=normalised).first()


def _may_download(user, certificate: Certificate) -> bool:
    if certificate.enrolment.user_id == user.pk and certificate.is_valid:
        return True
    # Staff keep access to revoked ones: they answer questions about them.
    return attendance_cohorts(user).filter(pk=certificate.enrolment.cohort_id).exists()


@login_required
@require_GET
def download(request, code):
    certificate = _find(code)
    if certificate is None or not _may_download(request.user, certificate):
        raise Http404
    pdf = certificate_pdf(certificate, base_url=settings.WAGTAILADMIN_BASE_URL)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    patch_cache_control(response, private=True)
    return response


def _public(response):
    # A person's name must not turn up in search engines through this page.
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_GET
def verify(request, code):
    certificate = _find(code)
    if certificate is None:
        context = {
            "not_found": True,
            "code": code[:CODE_INPUT_MAX],
            "form": CertificateLookupForm(),
        }
        return _public(render(request, TEMPLATE, context, status=404))
    # Only what the certificate states publicly reaches the template.
    shown = {"valid": certificate.is_valid, "code": certificate.code}
    if certificate.is_valid:
        shown.update(
            full_name=certificate.full_name,
            track=certificate.track_title,
            region=certificate.region_name,
            completed_on=certificate.completed_on,
        )
    else:
        shown["revoked_at"] = certificate.revoked_at
    return _public(render(request, TEMPLATE, {"shown": shown, "form": CertificateLookupForm()}))


@never_cache
@require_GET
def lookup(request):
    form = CertificateLookupForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return _public(render(request, TEMPLATE, {"form": form}))
