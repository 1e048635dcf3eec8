from django.urls import path

from . import views

app_name = "audio"

urlpatterns = [
    path("audio-files/", views.AudioFileListView.as_view(), name="audiofile-list"),
    path("audio-files/new/", views.AudioFileEditView.as_view(), name="audiofile-new"),
    path("audio-files/<uuid:pk>/", views.AudioFileEditView.as_view(), name="audiofile-detail"),
    path("audio-files/<uuid:pk>/delete/", views.AudioFileDeleteView.as_view(), name="audiofile-delete"),
    path("audio-files/<uuid:pk>/file.wav", views.AudioFileDownloadView.as_view(), name="audiofile-download"),
]
