"""Audio bytes kept in the database (PostgreSQL in production, SQLite embedded), beside the rows.

Every server reads the same bytes, so no server's disk holds state; and a recording is written,
replaced and removed in the same transaction as the row that names it: a rolled-back upload leaves
no orphan behind, and the old bytes of a replaced or deleted recording are gone exactly when the
change commits, never before and never left over.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.urls import reverse
from django.utils.deconstruct import deconstructible


def _blobs():
    from .models import AudioBlob  # the storage is named by the model's field: import at call time

    return AudioBlob.objects


@deconstructible(path="audio.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    """A storage whose files are `AudioBlob` rows (at most AUDIO_MAX_BYTES each, so read whole)."""

    def _open(self, name: str, mode: str = "rb") -> ContentFile:
        content = _blobs().filter(name=name).values_list("content", flat=True).first()
        if content is None:
            raise FileNotFoundError(name)
        return ContentFile(bytes(content), name=name)

    def _save(self, name: str, content) -> str:
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(content.chunks())
        _blobs().create(name=name, content=data, size=len(data))
        return name

    def exists(self, name: str) -> bool:
        return _blobs().filter(name=name).exists()

    def delete(self, name: str) -> None:
        _blobs().filter(name=name).delete()

    def size(self, name: str) -> int:
        size = _blobs().filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(name)
        return size

    def url(self, name: str) -> str:
        """The permission-checked download of the recording stored under `name` (never a public URL)."""
        from .models import AudioFile

        pk = AudioFile.objects.filter(file=name).values_list("pk", flat=True).first()
        if pk is None:
            raise FileNotFoundError(name)
        return reverse("audio:audiofile-download", kwargs={"pk": pk})


database_storage = DatabaseStorage()


def audio_storage() -> DatabaseStorage:
    return database_storage
