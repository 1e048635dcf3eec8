from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audio.models import AudioFile
from audio.services import audio_file_create, audio_file_update
from contactcenter.api.serializers import ServiceModelSerializer


class AudioFileSerializer(ServiceModelSerializer):
    file = serializers.FileField(
        write_only=True,
        allow_empty_file=True,  # an empty upload is refused by the model's WAV check, with its message
        use_url=False,
        help_text=_(
            "A WAV file (multipart/form-data), at most AUDIO_MAX_BYTES bytes; one that is damaged (cut "
            "short, or with an impossible format) is refused with 400. Sent in a PATCH, it replaces the "
            "recording."
        ),
    )
    download_url = serializers.SerializerMethodField(help_text=_("Where to download the WAV file."))

    class Meta:
        model = AudioFile
        fields = [
            "id",
            "name",
            "description",
            "file",
            "size",
            "duration_seconds",
            "download_url",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "size", "duration_seconds", "version", "created_at", "updated_at"]
        extra_kwargs = {"name": {"help_text": _("Ends in .wav, for example hold-music.wav.")}}

    @extend_schema_field(serializers.CharField())
    def get_download_url(self, obj) -> str:
        path = reverse("api:audiofile-download", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def create(self, validated_data):
        return audio_file_create(**validated_data)

    def update(self, instance, validated_data):
        return audio_file_update(audio_file=instance, **validated_data)
