from django.core.files import File

from contactcenter.models import Organization
from contactcenter.services import object_create, object_delete, object_update

from .models import AudioFile


def audio_file_create(
    *, organization: Organization, name: str, file: File, description: str = ""
) -> AudioFile:
    """Store an uploaded WAV after checking it really is one (see AudioFile.clean)."""
    return object_create(AudioFile, organization=organization, name=name, file=file, description=description)


def audio_file_update(*, audio_file: AudioFile, version: int | None, **fields) -> AudioFile:
    return object_update(audio_file, version=version, **fields)


def audio_file_delete(*, audio_file: AudioFile, version: int | None = None) -> None:
    """Delete an audio file no queue or channel plays, and its stored bytes."""
    stored = audio_file.file.name
    storage = audio_file.file.storage
    object_delete(audio_file, version=version)
    if stored:
        storage.delete(stored)
