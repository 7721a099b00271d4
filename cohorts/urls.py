"""Public pages of cohorts: the catalogue, each cohort's page, applying and nominating."""

from django.urls import path

from . import views, views_enrolment

app_name = "catalogue"

urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("<slug:slug>/", views.cohort_detail, name="detail"),
    path("<slug:slug>/apply/", views_enrolment.apply, name="apply"),
    path("<slug:slug>/nominate/", views_enrolment.nominate, name="nominate"),
]
