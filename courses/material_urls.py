"""The reference materials library and its files."""

from django.urls import path

from . import views_materials

app_name = "materials"

urlpatterns = [
    path("", views_materials.material_list, name="list"),
    path("<int:pk>/file/", views_materials.material_file, name="file"),
]
