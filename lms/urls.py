from django.urls import path

from . import views

app_name = "lms"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/consents/", views.consents, name="consents"),
    path("profile/export/", views.export, name="export"),
    path("profile/delete/", views.delete_account, name="delete"),
]
