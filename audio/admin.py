from django.contrib import admin

from contactcenter.admin import VERSION_FIELDS, VersionedAdmin

from .models import AudioBlob, AudioFile
from .services import audio_file_create, audio_file_delete, audio_file_update


@admin.register(AudioFile)
class AudioFileAdmin(VersionedAdmin):
    list_display = ("name", "organization", "size", "duration_seconds", "created_at")
    list_filter = ("organization",)
    search_fields = ("name", "description", "organization__name")
    # Size and duration are measured from the upload by AudioFile.clean(), never typed in.
    readonly_fields = ("size", "duration_seconds", *VERSION_FIELDS)
    create_service = staticmethod(audio_file_create)
    update_service = staticmethod(audio_file_update)
    # Deleting also removes the stored bytes.
    delete_service = staticmethod(audio_file_delete)


@admin.register(AudioBlob)
class AudioBlobAdmin(admin.ModelAdmin):
    """The stored bytes, to look at only: they come and go with their audio file (audio.services)."""

    list_display = ("name", "size", "created_at")
    search_fields = ("name",)
    fields = ("name", "size", "created_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
