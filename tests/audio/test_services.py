"""Stored bytes follow the row: written, replaced and removed in the same transaction (audio.storage)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from audio.models import AudioFile
from audio.services import audio_file_create, audio_file_delete, audio_file_update
from contactcenter.errors import VersionConflict
from tests.dbstate import unchanged
from tests.factories import make_audio, wav_bytes, wav_upload

from .wavs import stored, valid_wav

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


class TestReplace:
    def test_the_old_bytes_go_in_the_same_transaction(self, org, django_capture_on_commit_callbacks):
        audio = make_audio(org)
        old = audio.file.name
        with django_capture_on_commit_callbacks() as callbacks:
            audio_file_update(audio_file=audio, version=1, file=wav_upload("new.wav", seconds=0.5))
        new = audio.file.name
        assert new != old
        # Nothing is left for after the commit: the transaction itself removed the old bytes.
        assert callbacks == []
        assert stored() == {new}
        assert audio.file.open("rb").read() == wav_bytes(0.5)
        row = AudioFile.objects.get(pk=audio.pk)
        assert (row.file.name, row.size, row.version) == (new, len(wav_bytes(0.5)), 2)
        assert row.duration_seconds == pytest.approx(0.5)

    def test_a_damaged_replacement_is_refused_and_the_old_file_kept(
        self, org, django_capture_on_commit_callbacks
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
        assert stored() == {old}

    def test_a_stale_replacement_is_refused_and_the_old_file_kept(
        self, org, django_capture_on_commit_callbacks
    ):
        audio = make_audio(org)
        old = audio.file.name
        with unchanged(), django_capture_on_commit_callbacks(execute=True), pytest.raises(VersionConflict):
            audio_file_update(audio_file=audio, version=0, file=wav_upload())
        assert stored() == {old}

    def test_a_replacement_that_loses_a_race_removes_the_file_it_wrote(
        self, org, django_capture_on_commit_callbacks
    ):
        audio = make_audio(org)
        old = audio.file.name
        stale = AudioFile.objects.get(pk=audio.pk)
        audio_file_update(audio_file=audio, version=1, description="changed meanwhile")
        # Version None: the conflict shows only when the row is written, after the file was.
        with unchanged(), django_capture_on_commit_callbacks(execute=True), pytest.raises(VersionConflict):
            audio_file_update(audio_file=stale, version=None, file=wav_upload())
        assert stored() == {old}

    def test_a_rolled_back_replacement_keeps_the_old_file(self, org, django_capture_on_commit_callbacks):
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
        assert old in stored()

    def test_a_rename_keeps_the_file(self, org, django_capture_on_commit_callbacks):
        audio = make_audio(org)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            audio_file_update(audio_file=audio, version=1, name="renamed.wav", file=audio.file)
        assert callbacks == []
        assert stored() == {audio.file.name}


class TestCreate:
    def test_a_create_refused_after_the_file_was_written_removes_it(self, org, monkeypatch):
        make_audio(org, name="Hold.wav")
        # A racing duplicate: validation saw no clash, the database's constraint refuses the row.
        monkeypatch.setattr(AudioFile, "validate_constraints", lambda self, exclude=None, **kwargs: None)
        before = stored()
        with unchanged(), pytest.raises(ValidationError):
            audio_file_create(organization=org, name="HOLD.wav", file=wav_upload())
        assert stored() == before


class TestDelete:
    def test_the_bytes_go_in_the_same_transaction(self, org, django_capture_on_commit_callbacks):
        audio = make_audio(org)
        with django_capture_on_commit_callbacks() as callbacks:
            audio_file_delete(audio_file=audio, version=1)
        assert callbacks == []
        assert not AudioFile.objects.filter(pk=audio.pk).exists()
        assert stored() == set()

    def test_a_rolled_back_delete_keeps_row_and_file(self, org, django_capture_on_commit_callbacks):
        audio = make_audio(org)
        with (
            unchanged(),
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(Rollback),
            transaction.atomic(),
        ):
            audio_file_delete(audio_file=audio, version=1)
            raise Rollback
        assert stored() == {audio.file.name}

    def test_a_stale_copy_deletes_the_file_stored_now(self, org, django_capture_on_commit_callbacks):
        audio = make_audio(org)
        stale = AudioFile.objects.get(pk=audio.pk)
        with django_capture_on_commit_callbacks(execute=True):
            audio_file_update(audio_file=audio, version=1, file=wav_upload())
            audio_file_delete(audio_file=stale)
        assert stored() == set()
