"""A participant's own cohorts: places, applications, offers."""

from django.urls import path

from . import views_enrolment

app_name = "mine"

urlpatterns = [
    path("", views_enrolment.dashboard, name="dashboard"),
    path("<int:pk>/withdraw/", views_enrolment.withdraw, name="withdraw"),
    path("<int:pk>/accept/", views_enrolment.accept_offer, name="accept"),
    path("<int:pk>/decline/", views_enrolment.decline_offer, name="decline"),
]
