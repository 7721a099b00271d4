from allauth.account import views as allauth_views
from django.conf import settings
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from courses import views as course_views
from lms import admin_guards
from lms.sign_in import password_attempts_limited, redirect_to_sign_in, sign_in

# Paths that allauth's and Wagtail's URL modules also mount, answered here first (Django
# resolves and reverses the first match): allauth's sign-in, told apart for people the
# admin refused; Wagtail's plain login page, sent to allauth's; and Wagtail's password
# forms for restricted pages and documents, which count failed attempts (lms/sign_in.py).
one_way_in = [
    path("accounts/login/", sign_in(allauth_views.login), name="account_login"),
    path("_util/login/", redirect_to_sign_in, name="wagtailcore_login"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        password_attempts_limited(
            "view_restriction_password_failed",
            key_kwarg="page_view_restriction_id",
            overall_action="view_restriction_password_failed_all",
        )(wagtail_views.authenticate_with_password),
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        password_attempts_limited(
            "view_restriction_password_failed",
            key_kwarg="restriction_id",
            overall_action="view_restriction_password_failed_all",
        )(wagtaildocs_serve.authenticate_with_password),
        name="wagtaildocs_authenticate_with_password",
    ),
]

urlpatterns = [
    *admin_guards.urlpatterns,
    *one_way_in,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("lms.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("search/", course_views.search, name="search"),
    path("cohorts/", include("cohorts.urls")),
    path("calendar/", include("cohorts.calendar_urls")),
    path("my-cohorts/", include("cohorts.participant_urls")),
    path("attendance/", include("cohorts.attendance_urls")),
    path("practical/", include("cohorts.practical_urls")),
    path("certificates/", include("cohorts.certificate_urls")),
    path("materials/", include("courses.material_urls")),
    path("recordings/", include("cohorts.recording_urls")),
    path("sitemap.xml", sitemap),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
