"""Certificates: the holder's PDF and the public verification page."""

from django.urls import path

from . import views_certificates

app_name = "certificates"

urlpatterns = [
    path("verify/", views_certificates.lookup, name="lookup"),
    path("verify/<str:code>/", views_certificates.verify, name="verify"),
    path("<str:code>/pdf/", views_certificates.download, name="download"),
]
