"""Stored bytes follow the row: a replaced or deleted recording leaves storage only once that has committed."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from audio.models import AudioFile
from audio.services import audio_file_create, audio_file_delete, audio_file_update
from contactcenter.errors import VersionConflict
from tests.dbstate import unchanged
from tests.factories import make_audio, wav_bytes, wav_upload

from .wavs import files_in, valid_wav

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


class TestReplace:
    def test_the_old_file_goes_only_once_the_change_has_committed(
        self, org, media, django_capture_on_commit_callbacks
    ):
        audio = make_audio(org)
        old = audio.file.name
        with django_capture_on_commit_callbacks() as callbacks:
            audio_file_update(audio_file=audio, version=1, file=wav_upload("new.wav", seconds=0.5))
        new = audio.file.name
        assert new != old
        # Not committed yet: a rollback now would leave the row pointing at the old file.
        assert files_in(media) == {old, new}
        for callback in callbacks:
            callback()
        assert files_in(media) == {new}
        stored = AudioFile.objects.get(pk=audio.pk)
        assert (stored.file.name, stored.size, stored.version) == (new, len(wav_bytes(0.5)), 2)
        assert stored.duration_seconds == pytest.approx(0.5)

    def test_a_damaged_replacement_is_refused_and_the_old_file_kept(
        self, org, media, django_capture_on_commit_callbacks
    ):
        audio = make_audio(org)
        old = audio.file.name
        damaged = SimpleUploadedFile("cut.wav", valid_wav()[:100])
        with (
            unchanged(),
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(ValidationError) as error,
        ):
            audio_file_update(audio_file=audio, version=1, file=damaged)
        assert error.value.message_dict["file"][0].startswith("This WAV file is damaged: it is cut short")
        assert files_in(media) == {old}

    def test_a_stale_replacement_is_refused_and_the_old_file_kept(
        self, org, media, django_capture_on_commit_callbacks
    ):
        audio = make_audio(org)
        old = audio.file.name
        with unchanged(), django_capture_on_commit_callbacks(execute=True), pytest.raises(VersionConflict):
            audio_file_update(audio_file=audio, version=0, file=wav_upload())
        assert files_in(media) == {old}

    def test_a_replacement_that_loses_a_race_removes_the_file_it_wrote(
        self, org, media, django_capture_on_commit_callbacks
    ):
        audio = make_audio(org)
        old = audio.file.name
        stale = AudioFile.objects.get(pk=audio.pk)
        audio_file_update(audio_file=audio, version=1, description="changed meanwhile")
        # Version None: the conflict shows only when the row is written, after the file was.
        with unchanged(), django_capture_on_commit_callbacks(execute=True), pytest.raises(VersionConflict):
            audio_file_update(audio_file=stale, version=None, file=wav_upload())
        assert files_in(media) == {old}

    def test_a_rolled_back_replacement_keeps_the_old_file(
        self, org, media, django_capture_on_commit_callbacks
    ):
        audio = make_audio(org)
        old = audio.file.name
        with (
            unchanged(),
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(Rollback),
            transaction.atomic(),
        ):
            audio_file_update(audio_file=audio, version=1, file=wav_upload())
            raise Rollback
        assert callbacks == []
        assert old in files_in(media)

    def test_a_rename_keeps_the_file(self, org, media, django_capture_on_commit_callbacks):
        audio = make_audio(org)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            audio_file_update(audio_file=audio, version=1, name="renamed.wav", file=audio.file)
        assert callbacks == []
        assert files_in(media) == {audio.file.name}


class TestCreate:
    def test_a_create_refused_after_the_file_was_written_removes_it(self, org, media, monkeypatch):
        make_audio(org, name="Hold.wav")
        # A racing duplicate: validation saw no clash, the database's constraint refuses the row.
        monkeypatch.setattr(AudioFile, "validate_constraints", lambda self, exclude=None, **kwargs: None)
        before = files_in(media)
        with unchanged(), pytest.raises(ValidationError):
            audio_file_create(organization=org, name="HOLD.wav", file=wav_upload())
        assert files_in(media) == before


class TestDelete:
    def test_the_file_goes_only_once_the_delete_has_committed(
        self, org, media, django_capture_on_commit_callbacks
    ):
        audio = make_audio(org)
        with django_capture_on_commit_callbacks() as callbacks:
            audio_file_delete(audio_file=audio, version=1)
        assert not AudioFile.objects.filter(pk=audio.pk).exists()
        assert files_in(media) == {audio.file.name}
        for callback in callbacks:
            callback()
        assert files_in(media) == set()

    def test_a_rolled_back_delete_keeps_row_and_file(self, org, media, django_capture_on_commit_callbacks):
        audio = make_audio(org)
        with (
            unchanged(),
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(Rollback),
            transaction.atomic(),
        ):
            audio_file_delete(audio_file=audio, version=1)
            raise Rollback
        assert files_in(media) == {audio.file.name}

    def test_a_stale_copy_deletes_the_file_stored_now(self, org, media, django_capture_on_commit_callbacks):
        audio = make_audio(org)
        stale = AudioFile.objects.get(pk=audio.pk)
        with django_capture_on_commit_callbacks(execute=True):
            audio_file_update(audio_file=audio, version=1, file=wav_upload())
            audio_file_delete(audio_file=stale)
        assert files_in(media) == set()
