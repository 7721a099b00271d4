"""A participant's practical part: the assignment, their submission and its files."""

from django.urls import path  # noqa: F401

app_name = "practical"

urlpatterns: list = []
