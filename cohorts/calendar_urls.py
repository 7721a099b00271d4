"""Calendar files and feeds (iCalendar)."""

from django.urls import path, re_path

from . import calendar_views

app_name = "calendars"

urlpatterns = [
    path("", calendar_views.subscribe, name="subscribe"),
    path("stop/", calendar_views.stop, name="stop"),
    path("sessions/<uuid:uid>.ics", calendar_views.session_ics, name="session"),
    path("cohorts/<slug:slug>.ics", calendar_views.cohort_feed, name="cohort"),
    re_path(
        r"^personal/(?P<token>[A-Za-z0-9_-]{20,100})\.ics$",
        calendar_views.personal_feed,
        name="personal",
    ),
]
