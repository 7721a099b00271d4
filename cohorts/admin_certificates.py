"""Certificates in the admin: the list, revoking with a reason, and issuing or reissuing.

Thin views over `cohorts.domain.certificates`. Certificates and enrolments outside the
viewer's cohorts (`attendance_cohorts`) do not exist for them (404).
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_common import ScopedMenuItem, row_or_404
from .domain.access import attendance_cohorts, certificate_cohorts
from .domain.certificates import REASON_MAX, certificate_issue, certificate_revoke
from .domain.completion import cohort_completion
from .domain.exceptions import AttendanceError
from .enums import ProgressState
from .models import Certificate, Enrolment


def index_url(cohort_id=None) -> str:
    url = reverse("certificates_admin:index")
    return f"{url}?{urlencode({'cohort': cohort_id})}" if cohort_id else url


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Kept for the record, never shown publicly. To correct a name or a detail, revoke "
            "the certificate and then issue a new one."
        ),
    )


class _CertificatesView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certificates_admin:index"), "label": _("Certificates")},
            {"url": "", "label": self.get_page_title()},
        ]


@method_decorator(never_cache, name="dispatch")
class CertificateIndexView(_CertificatesView):
    """The certificates of the viewer's cohorts; for one cohort, also who is still due one."""

    template_name = "cohorts/admin/certificates_index.html"
    page_title = gettext_lazy("Certificates")
    per_page = 50

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        self.scope = attendance_cohorts(request.user)
        chosen = request.GET.get("cohort", "")
        cohorts = self.scope.select_related("region", "track")
        self.cohort = row_or_404(cohorts, chosen) if chosen != "" else None
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.cohort.title if self.cohort else ""

    def _due(self):
        """Completed participants without a valid certificate: those a coordinator may issue
        to (first issue held back by nothing but timing, or a reissue after revoking)."""
        due = [
            p
            for p in cohort_completion(self.cohort)
            if p.state == ProgressState.COMPLETED and p.certificate is None
        ]
        revoked = set(
            Certificate.objects.filter(
                enrolment_id__in=[p.enrolment.pk for p in due], revoked_at__isnull=False
            ).values_list("enrolment_id", flat=True)
        )
        return [{"progress": p, "reissue": p.enrolment.pk in revoked} for p in due]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificates = Certificate.objects.filter(
            enrolment__cohort__in=[self.cohort] if self.cohort else self.scope
        ).select_related("enrolment__cohort__region")
        page = Paginator(certificates, self.per_page).get_page(self.request.GET.get("p"))
        context.update(
            cohort=self.cohort,
            cohorts=self.scope.select_related("region").order_by("title", "pk"),
            page=page,
            due=self._due() if self.cohort else [],
            page_query=urlencode({"cohort": self.cohort.pk}) if self.cohort else "",
            # Facilitators see the certificates; issuing and revoking is for coordinators.
            decides=set(
                certificate_cohorts(self.request.user)
                .filter(pk__in=self.scope.values("pk"))
                .values_list("pk", flat=True)
            ),
        )
        return context


def _scoped_certificate(request, pk) -> Certificate:
    certificates = Certificate.objects.filter(
        enrolment__cohort__in=certificate_cohorts(request.user)
    )
    return row_or_404(certificates.select_related("enrolment__cohort", "revoked_by"), pk)


@method_decorator(never_cache, name="dispatch")
class CertificateRevokeView(_CertificatesView):
    template_name = "cohorts/admin/certificate_revoke.html"
    page_title = gettext_lazy("Revoke a certificate")

    def dispatch(self, request, pk):
        self.certificate = _scoped_certificate(request, pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return f"{self.certificate.full_name} ({self.certificate.code})"

    def _render(self, form):
        context = self.get_context_data(
            form=form,
            certificate=self.certificate,
            back_url=index_url(self.certificate.enrolment.cohort_id),
        )
        return self.render_to_response(context)

    def get(self, request, *args, **kwargs):
        return self._render(RevokeForm())

    def post(self, request, *args, **kwargs):
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                certificate_revoke(
                    certificate=self.certificate,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except AttendanceError as error:
                if error.field != "reason":
                    messages.error(request, error.message)
                    return redirect(request.path)
                form.add_error("reason", error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Certificate %(code)s of %(person)s has been revoked. Its verification "
                        "page now says so."
                    )
                    % {"code": self.certificate.code, "person": self.certificate.full_name},
                )
                return redirect(index_url(self.certificate.enrolment.cohort_id))
        messages.error(request, _("The certificate was not revoked: please correct the errors."))
        return self._render(form)


@never_cache
@require_POST
def issue(request, pk):
    """Issue (or, after revoking, reissue) the certificate of one enrolment."""
    enrolments = Enrolment.objects.filter(cohort__in=certificate_cohorts(request.user))
    enrolment = row_or_404(enrolments.select_related("user"), pk)
    try:
        certificate = certificate_issue(enrolment=enrolment, by=request.user)
    except AttendanceError as error:
        messages.error(
            request,
            _("No certificate was issued. %(problem)s") % {"problem": error.message},
        )
    else:
        messages.success(
            request,
            _(
                "Certificate %(code)s has been issued to %(person)s, who will receive an e-mail "
                "with the link to download it."
            )
            % {"code": certificate.code, "person": certificate.full_name},
        )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect(index_url(enrolment.cohort_id))


urlpatterns = [
    path("", CertificateIndexView.as_view(), name="index"),
    path("<str:pk>/revoke/", CertificateRevokeView.as_view(), name="revoke"),
    path("enrolments/<str:pk>/issue/", issue, name="issue"),
]


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [
        path(
            "certificates/",
            include((urlpatterns, "certificates_admin"), namespace="certificates_admin"),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return ScopedMenuItem(
        gettext_lazy("Certificates"),
        reverse("certificates_admin:index"),
        name="certificates",
        icon_name="doc-full",
        order=212,
        has_scope=attendance_cohorts,
    )
