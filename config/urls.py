from django.conf import settings
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from courses import views as course_views
from lms import admin_guards

urlpatterns = [
    *admin_guards.urlpatterns,
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
