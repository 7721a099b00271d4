"""A participant's attendance: checking in to a seminar, sending apologies."""

from django.urls import path

from . import views_attendance

app_name = "attendance"

urlpatterns = [
    path("check-in/<uuid:uid>/", views_attendance.check_in, name="check_in"),
    path("apology/<uuid:uid>/", views_attendance.apology, name="apology"),
]
