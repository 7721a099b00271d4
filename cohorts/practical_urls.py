"""A participant's practical part: the assignment, their submission and its files."""

from django.urls import path

from . import views_practical

app_name = "practical"

urlpatterns = [
    path("<int:pk>/", views_practical.submit, name="submit"),
    path("files/<int:pk>/", views_practical.download, name="file"),
    path("files/<int:pk>/remove/", views_practical.file_remove, name="file_remove"),
]
