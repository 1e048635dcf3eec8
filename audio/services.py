"""Audio files and their stored bytes: a file leaves storage only once the row that used it is gone for good."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction

from audit.choices import Action
from audit.recording import audit_change
from contactcenter.models import Organization
from contactcenter.services import model_save, object_delete, object_update

from .models import AudioFile


def _delete_after_commit(storage: Storage, name: str) -> None:
    # After the commit, a failing delete leaves only an unreferenced file: log it, never undo the change.
    transaction.on_commit(partial(storage.delete, name), robust=True)


def _stored_name(audio_file: AudioFile) -> str | None:
    """The file the row names now, read under its lock, so no replacement can commit in between."""
    return (
        AudioFile.objects.select_for_update().filter(pk=audio_file.pk).values_list("file", flat=True).first()
    )


@contextmanager
def _written_upload_removed_on_failure(audio_file: AudioFile) -> Iterator[None]:
    """Remove the upload that saving wrote to storage if that save is then refused or rolled back.

    The field writes the file before the row (FileField.pre_save), so a refusal that comes with
    the row (a version conflict, a racing duplicate) would otherwise leave it behind.
    """
    stored_before = audio_file.file.name if audio_file.file._committed else None
    try:
        yield
    except BaseException:
        written = audio_file.file
        if written and written._committed and written.name != stored_before:
            written.storage.delete(written.name)
        raise


def audio_file_create(
    *, organization: Organization, name: str, file: File, description: str = ""
) -> AudioFile:
    """Store an uploaded WAV after checking it really is one (see AudioFile.clean)."""
    audio_file = AudioFile(organization=organization, name=name, file=file, description=description)
    with (
        _written_upload_removed_on_failure(audio_file),
        transaction.atomic(),
        audit_change(audio_file, Action.CREATED),
    ):
        return model_save(audio_file)


def audio_file_update(*, audio_file: AudioFile, version: int | None, **fields) -> AudioFile:
    """Rename or describe an audio file, or replace its recording; the old bytes go once that commits."""
    if "file" not in fields:
        return object_update(audio_file, version=version, **fields)
    with transaction.atomic():
        # The name stored in the row, not on the instance: a form may already have put the upload there.
        replaced = _stored_name(audio_file)
        with _written_upload_removed_on_failure(audio_file):
            object_update(audio_file, version=version, **fields)
        if replaced and audio_file.file.name != replaced:
            _delete_after_commit(audio_file.file.storage, replaced)
    return audio_file


def audio_file_delete(*, audio_file: AudioFile, version: int | None = None) -> None:
    """Delete an audio file no queue or channel plays; its stored bytes go once that commits."""
    with transaction.atomic():
        stored = _stored_name(audio_file)
        object_delete(audio_file, version=version)
        if stored:
            _delete_after_commit(audio_file.file.storage, stored)
