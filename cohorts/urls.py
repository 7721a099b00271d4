"""Public pages of cohorts: the catalogue and each cohort's page."""

from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("<slug:slug>/", views.cohort_detail, name="detail"),
]
