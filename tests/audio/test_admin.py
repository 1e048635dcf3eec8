"""The operators' admin stores and deletes recordings through the audio services."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from audio.models import AudioFile
from tests.factories import wav_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = get_user_model().objects.create_superuser("operator", "operator@example.com", "unused-password-1")
    client = Client()
    client.force_login(user)
    return client


def test_an_upload_is_measured_and_its_bytes_go_with_it(operator, org, tmp_path):
    data = {
        "organization": str(org.pk),
        "name": "Hold.wav",
        "description": "",
        "file": wav_upload(seconds=0.5),
    }
    assert operator.post(reverse("admin:audio_audiofile_add"), data).status_code == 302
    audio = AudioFile.objects.get()
    assert audio.duration_seconds == pytest.approx(0.5)
    stored = tmp_path / audio.file.name
    assert stored.exists()

    assert (
        operator.post(reverse("admin:audio_audiofile_delete", args=[audio.pk]), {"post": "yes"}).status_code
        == 302
    )
    assert not AudioFile.objects.exists()
    assert not stored.exists()
