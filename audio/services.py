"""Audio files and their stored bytes, written and removed in the same transaction as the row (audio.storage)."""

from django.core.files import File
from django.db import transaction

from audit.choices import Action
from audit.recording import audit_change
from contactcenter.models import Organization
from contactcenter.services import model_save, object_delete, object_update
from contactcenter.transactions import atomic

from .models import AudioFile


def _stored_name(audio_file: AudioFile) -> str | None:
    """The file the row names now, read under its lock, so no replacement can commit in between."""
    return (
        AudioFile.objects.select_for_update().filter(pk=audio_file.pk).values_list("file", flat=True).first()
    )


def audio_file_create(
    *, organization: Organization, name: str, file: File, description: str = ""
) -> AudioFile:
    """Store an uploaded WAV after checking it really is one (see AudioFile.clean).

    The bytes are written with the row (FileField.pre_save) in one transaction: a refusal that
    comes with the row (a racing duplicate) rolls them back too.
    """
    audio_file = AudioFile(organization=organization, name=name, file=file, description=description)
    with atomic(), audit_change(audio_file, Action.CREATED):
        return model_save(audio_file)


def audio_file_update(*, audio_file: AudioFile, version: int | None, **fields) -> AudioFile:
    """Rename or describe an audio file, or replace its recording; the old bytes go in the same commit."""
    if "file" not in fields:
        return object_update(audio_file, version=version, **fields)
    with transaction.atomic():
        # The name stored in the row, not on the instance: a form may already have put the upload there.
        replaced = _stored_name(audio_file)
        object_update(audio_file, version=version, **fields)
        if replaced and audio_file.file.name != replaced:
            audio_file.file.storage.delete(replaced)
    return audio_file


def audio_file_delete(*, audio_file: AudioFile, version: int | None = None) -> None:
    """Delete an audio file no queue or channel plays, and its stored bytes in the same commit."""
    with transaction.atomic():
        stored = _stored_name(audio_file)
        object_delete(audio_file, version=version)
        if stored:
            audio_file.file.storage.delete(stored)
