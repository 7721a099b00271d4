from django.urls import path

from . import views

app_name = "lms"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/export/", views.export, name="export"),
    path("profile/delete/", views.delete_account, name="delete"),
]
