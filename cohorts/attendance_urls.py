"""A participant's attendance: checking in to a seminar, sending apologies."""

from django.urls import path  # noqa: F401

app_name = "attendance"

urlpatterns: list = []
