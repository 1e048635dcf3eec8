"""The operators' admin stores and deletes recordings through the audio services."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from audio.models import AudioFile
from tests.factories import make_audio, wav_bytes, wav_upload

from .wavs import stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = get_user_model().objects.create_superuser("operator", "operator@example.com", "unused-password-1")
    client = Client()
    client.force_login(user)
    return client


def test_an_upload_is_measured_and_its_bytes_go_with_it(operator, org, django_capture_on_commit_callbacks):
    data = {
        "organization": str(org.pk),
        "name": "Hold.wav",
        "description": "",
        "file": wav_upload(seconds=0.5),
    }
    assert operator.post(reverse("admin:audio_audiofile_add"), data).status_code == 302
    audio = AudioFile.objects.get()
    assert audio.duration_seconds == pytest.approx(0.5)
    assert stored() == {audio.file.name}

    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(reverse("admin:audio_audiofile_delete", args=[audio.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not AudioFile.objects.exists()
    assert stored() == set()


def test_a_replaced_recording_leaves_storage_with_the_commit(
    operator, org, django_capture_on_commit_callbacks
):
    audio = make_audio(org, name="Hold.wav")
    old = audio.file.name
    change = reverse("admin:audio_audiofile_change", args=[audio.pk])
    data = {"organization": str(org.pk), "name": "Hold.wav", "description": "", "loaded_version": 1}
    with django_capture_on_commit_callbacks(execute=True):
        damaged = SimpleUploadedFile("cut.wav", wav_bytes(0.5)[:300])
        refused = operator.post(change, {**data, "file": damaged})
    assert refused.status_code == 200
    assert (
        refused.context["adminform"]
        .form.errors["file"][0]
        .startswith("This WAV file is damaged: it is cut short")
    )
    assert stored() == {old}

    with django_capture_on_commit_callbacks(execute=True):
        assert operator.post(change, {**data, "file": wav_upload(seconds=0.5)}).status_code == 302
    audio.refresh_from_db()
    assert audio.duration_seconds == pytest.approx(0.5)
    assert stored() == {audio.file.name} != {old}
