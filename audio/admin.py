from django.contrib import admin

from contactcenter.admin import VERSION_FIELDS, VersionedAdmin

from .models import AudioFile
from .services import audio_file_delete


@admin.register(AudioFile)
class AudioFileAdmin(VersionedAdmin):
    list_display = ("name", "organization", "size", "duration_seconds", "created_at")
    list_filter = ("organization",)
    search_fields = ("name", "description", "organization__name")
    # Size and duration are measured from the upload by AudioFile.clean(), never typed in.
    readonly_fields = ("size", "duration_seconds", *VERSION_FIELDS)

    def delete_model(self, request, obj: AudioFile) -> None:
        # The service also removes the stored bytes.
        audio_file_delete(audio_file=obj)

    def delete_queryset(self, request, queryset) -> None:
        for audio_file in queryset:
            audio_file_delete(audio_file=audio_file)
