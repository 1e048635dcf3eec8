import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from audio.models import AudioBlob, AudioFile, validate_audio_name
from audio.services import audio_file_create, audio_file_delete, audio_file_update
from audio.validators import inspect_wav
from contactcenter.errors import Referenced, VersionConflict
from tests.dbstate import unchanged
from tests.factories import make_audio, make_entry_point, make_queue, wav_bytes, wav_upload

from .wavs import stored

pytestmark = pytest.mark.django_db


class TestWavCheck:
    def test_a_real_wav_is_stored_with_size_and_duration(self, org):
        audio = audio_file_create(organization=org, name="Hold music.wav", file=wav_upload(seconds=0.5))
        assert audio.duration_seconds == pytest.approx(0.5)
        assert audio.size == len(wav_bytes(0.5))
        assert AudioBlob.objects.get(name=audio.file.name).content[:4] == b"RIFF"

    def test_a_text_file_renamed_wav_is_refused_and_nothing_is_written(self, org):
        fake = SimpleUploadedFile("music.wav", b"This is not audio, only text pretending.\n" * 10)
        with unchanged(), pytest.raises(ValidationError) as error:
            audio_file_create(organization=org, name="music.wav", file=fake)
        assert error.value.message_dict == {
            "file": ["This file is not a WAV file (it has no RIFF/WAVE header). Upload a .wav audio file."]
        }
        assert stored() == set()

    def test_a_too_large_file_is_refused(self, org, settings):
        settings.AUDIO_MAX_BYTES = 1000
        with unchanged(), pytest.raises(ValidationError) as error:
            audio_file_create(organization=org, name="long.wav", file=wav_upload(seconds=1))
        (message,) = error.value.message_dict["file"]
        assert message.startswith("The file is 15.7\xa0KB; audio files can be at most 1000\xa0bytes")

    def test_a_riff_header_without_audio_is_damaged(self):
        header_only = b"RIFF" + struct.pack("<I", 4) + b"WAVE"
        with pytest.raises(ValidationError) as error:
            inspect_wav(header_only)
        assert error.value.code == "damaged_wav"

    def test_compressed_wav_gets_its_duration_from_the_byte_rate(self):
        # µ-law (format 7): still WAV, though the wave module cannot read it.
        fmt = struct.pack("<HHIIHH", 7, 1, 8000, 8000, 1, 8)
        body = b"\xff" * 4000
        data = (
            b"RIFF"
            + struct.pack("<I", 4 + 8 + 16 + 8 + len(body))
            + b"WAVE"
            + b"fmt "
            + struct.pack("<I", 16)
            + fmt
            + b"data"
            + struct.pack("<I", len(body))
            + body
        )
        assert inspect_wav(data) == pytest.approx(0.5)

    def test_a_stored_file_is_not_rechecked_on_rename(self, org):
        audio = make_audio(org, name="before.wav")
        audio_file_update(audio_file=audio, version=1, name="after.wav")
        assert AudioFile.objects.get(pk=audio.pk).name == "after.wav"


class TestName:
    @pytest.mark.parametrize("name", ["Hold music.wav", "hold_music-2.WAV", "a.b.wav"])
    def test_accepted(self, name):
        validate_audio_name(name)

    def test_must_end_in_wav(self, org):
        with unchanged(), pytest.raises(ValidationError) as error:
            audio_file_create(organization=org, name="music.mp3", file=wav_upload())
        assert error.value.message_dict == {"name": ["An audio file's name must end in .wav."]}

    @pytest.mark.parametrize("name", ["bad/name.wav", "two  spaces.wav", " lead.wav"])
    def test_odd_characters_refused(self, name):
        with pytest.raises(ValidationError) as error:
            validate_audio_name(name)
        assert error.value.code == "invalid_characters"

    def test_at_most_80_characters(self):
        validate_audio_name("a" * 76 + ".wav")
        with pytest.raises(ValidationError) as error:
            validate_audio_name("a" * 77 + ".wav")
        assert error.value.messages == ["The name can be at most 80 characters long (it has 81)."]

    def test_unique_per_organization_ignoring_case(self, org):
        make_audio(org, name="Hold.wav")
        with unchanged(), pytest.raises(ValidationError) as error:
            make_audio(org, name="HOLD.WAV")
        assert list(error.value.message_dict) == ["name"]


class TestDeletion:
    def test_audio_used_by_a_queue_or_channel_cannot_be_deleted(self, org):
        queue_music, hold_music = make_audio(org, name="queue.wav"), make_audio(org, name="hold.wav")
        make_queue(org, name="Support_DK", music_in_queue=queue_music)
        make_entry_point(org, "outbound_telephony", name="Campaigns", music_on_hold=hold_music)
        for audio, referrer in (
            (queue_music, ("queue", "Support_DK")),
            (hold_music, ("channel", "Campaigns")),
        ):
            with unchanged(), pytest.raises(Referenced) as error:
                audio_file_delete(audio_file=audio)
            assert [(r["kind"], r["name"]) for r in error.value.extra["referrers"]] == [referrer]
            assert audio.file.name in stored()

    def test_delete_removes_the_row_and_the_stored_bytes(self, org, django_capture_on_commit_callbacks):
        audio = make_audio(org)
        assert stored() == {audio.file.name}
        with django_capture_on_commit_callbacks(execute=True):
            audio_file_delete(audio_file=audio, version=1)
        assert not AudioFile.objects.filter(pk=audio.pk).exists()
        assert stored() == set()

    def test_stale_delete_keeps_row_and_bytes(self, org):
        audio = make_audio(org)
        audio_file_update(audio_file=audio, version=1, description="changed")
        with unchanged(), pytest.raises(VersionConflict):
            audio_file_delete(audio_file=audio, version=1)
        assert audio.file.name in stored()


def test_content_file_upload_is_checked_too(org):
    with pytest.raises(ValidationError):
        audio_file_create(organization=org, name="x.wav", file=ContentFile(b"GIF89a....", name="x.wav"))
