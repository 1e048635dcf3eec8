from django.http import FileResponse
from django.utils.text import get_valid_filename
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser

from audio.filtersets import AudioFileFilterSet
from audio.models import AudioFile
from audio.services import audio_file_delete
from contactcenter.api.parsers import StrictJSONParser
from contactcenter.api.viewsets import OrganizationModelViewSet

from .serializers import AudioFileSerializer


class AudioFileViewSet(OrganizationModelViewSet):
    """Audio files (WAV) for music on hold and music in queue. Upload with multipart/form-data."""

    queryset = AudioFile.objects.all()
    serializer_class = AudioFileSerializer
    filterset_class = AudioFileFilterSet
    parser_classes = [MultiPartParser, StrictJSONParser]
    search_fields = ["name", "description"]
    ordering_fields = ["name", "size", "created_at", "updated_at"]
    ordering = ["name"]

    def perform_delete(self, instance, *, version):
        audio_file_delete(audio_file=instance, version=version)

    @extend_schema(
        summary="Download the WAV file",
        responses={(200, "audio/wav"): OpenApiResponse(OpenApiTypes.BINARY, description="The WAV file.")},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def download(self, request, *args, **kwargs):
        audio_file = self.get_object()
        try:
            handle = audio_file.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise exceptions.NotFound() from None
        return FileResponse(
            handle, as_attachment=True, filename=get_valid_filename(audio_file.name), content_type="audio/wav"
        )
