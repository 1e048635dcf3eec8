from django.db.models import F, QuerySet
from django.http import FileResponse, Http404
from django.views import View

from contactcenter.selectors import related_count
from contactcenter.views import (
    MemberMixin,
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
    posted_version,
)

from .filtersets import AudioFileConsoleFilterSet
from .forms import AudioFileForm
from .models import AudioFile
from .services import audio_file_create, audio_file_delete, audio_file_update


class AudioFileListView(ObjectListView):
    model = AudioFile
    template_name = "audio/audiofile_list.html"
    search_fields = ("name", "description")
    sort_fields = {
        "name": "name",
        "duration": "duration_seconds",
        "size": "size",
        "usage": "usage",
        "updated": "updated_at",
    }
    filterset_class = AudioFileConsoleFilterSet

    def list_queryset(self) -> QuerySet:
        return (
            self.get_queryset()
            .annotate(
                queue_count=related_count(AudioFile, "queues"),
                channel_count=related_count(AudioFile, "entry_points"),
            )
            .annotate(usage=F("queue_count") + F("channel_count"))
        )

    def extra_context(self, page) -> dict:
        return {"nav": "audio"}


class AudioFileEditView(ObjectEditView):
    model = AudioFile
    form_class = AudioFileForm
    template_name = "audio/audiofile_form.html"
    list_url_name = "audio:audiofile-list"
    create_service = staticmethod(audio_file_create)
    update_service = staticmethod(audio_file_update)

    def page_context(self, obj, form) -> dict:
        return {"nav": "audio"}


class AudioFileDeleteView(ObjectDeleteView):
    model = AudioFile
    list_url_name = "audio:audiofile-list"

    def delete(self, obj: AudioFile, request) -> None:
        audio_file_delete(audio_file=obj, version=posted_version(request))


class AudioFileDownloadView(MemberMixin, View):
    """The recording's bytes, for members of its organization only (never a public media URL)."""

    model = AudioFile

    def get(self, request, *args, **kwargs):
        audio = self.get_object()
        try:
            handle = audio.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        response = FileResponse(
            handle,
            content_type="audio/wav",
            as_attachment=request.GET.get("download") == "1",
            filename=audio.name,
        )
        response["Cache-Control"] = "private, max-age=300"
        return response
