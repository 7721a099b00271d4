"""Recordings: the list, the player page, viewing progress and the permission-checked files."""

from django.urls import path

from . import views_recordings

app_name = "recordings"

urlpatterns = [
    path("", views_recordings.recording_list, name="list"),
    path("<int:pk>/", views_recordings.recording_detail, name="detail"),
    path("<int:pk>/progress/", views_recordings.recording_progress, name="progress"),
    path("<int:pk>/media/", views_recordings.media, name="media"),
    path("<int:pk>/audio/", views_recordings.audio, name="audio"),
    path("<int:pk>/poster.jpg", views_recordings.poster, name="poster"),
    path("<int:pk>/captions/<slug:lang>.vtt", views_recordings.captions, name="captions"),
    path("<int:pk>/transcript.txt", views_recordings.transcript, name="transcript"),
]
