"""The audio API: a damaged WAV is a 400 naming the damage, and a replaced recording leaves storage with the commit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from audio.models import AudioFile
from contactcenter.tokens import api_token_create
from tests.dbstate import unchanged
from tests.factories import make_audio, wav_bytes, wav_upload

from .wavs import DAMAGED, STREAMED, chunk, files_in, fmt_body, pcm, riff, stored

pytestmark = pytest.mark.django_db

LIST = "/api/v1/audio-files/"


@pytest.fixture
def api(admin_user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=admin_user, name='script')[1]}")
    # The token's first use stamps it (then once a minute): done here, so `unchanged()` sees only the request.
    assert client.get(LIST).status_code == 200
    return client


@pytest.mark.parametrize(
    ("content", "message"), [case[1:] for case in DAMAGED], ids=[case[0] for case in DAMAGED]
)
def test_a_damaged_wav_is_a_400_and_nothing_is_written(api, org, upload_dir, content, message):
    upload = SimpleUploadedFile("damaged.wav", content, content_type="audio/wav")
    with unchanged():
        response = api.post(LIST, {"name": "Hold.wav", "file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"file": [message]}
    assert not AudioFile.objects.exists()
    assert stored() == set()
    assert files_in(upload_dir) == set()


def test_the_duration_is_that_of_the_audio_present(api, org):
    # A streamed recording cut after 0.75 s of its 1 s: its headers promise nothing, so it is valid.
    streamed = riff(chunk(b"fmt ", fmt_body()), chunk(b"data", pcm(1.0), size=STREAMED), size=STREAMED)
    cut = streamed[: 44 + 12000]
    upload = SimpleUploadedFile("cut.wav", cut, content_type="audio/wav")
    response = api.post(LIST, {"name": "Cut.wav", "file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["duration_seconds"] == pytest.approx(0.75)
    assert response.json()["size"] == len(cut)


class TestReplace:
    def test_a_new_file_replaces_the_old_one_in_the_same_commit(self, api, org):
        audio = make_audio(org)
        response = api.patch(
            f"{LIST}{audio.pk}/", {"file": wav_upload("new.wav", seconds=0.5)}, format="multipart"
        )
        assert response.status_code == 200, response.content
        assert (response.json()["size"], response.json()["version"]) == (len(wav_bytes(0.5)), 2)
        assert response.json()["duration_seconds"] == pytest.approx(0.5)
        assert stored() == {AudioFile.objects.get(pk=audio.pk).file.name}
        download = api.get(f"{LIST}{audio.pk}/download/")
        assert (download["Content-Type"], download["Content-Length"]) == (
            "audio/wav",
            str(len(wav_bytes(0.5))),
        )
        assert b"".join(download.streaming_content) == wav_bytes(0.5)

    def test_a_damaged_replacement_is_a_400_and_the_old_file_stays(
        self, api, org, upload_dir, django_capture_on_commit_callbacks
    ):
        audio = make_audio(org)
        damaged = SimpleUploadedFile("cut.wav", wav_bytes(0.5)[:1000], content_type="audio/wav")
        with unchanged(), django_capture_on_commit_callbacks(execute=True):
            response = api.patch(f"{LIST}{audio.pk}/", {"file": damaged}, format="multipart")
        assert response.status_code == 400
        assert response.json() == {
            "file": [
                "This WAV file is damaged: it is cut short (its header announces 8044 bytes, the file holds 1000)."
            ]
        }
        assert stored() == {audio.file.name}
        assert files_in(upload_dir) == set()

    @pytest.mark.parametrize(
        ("headers", "version", "status"), [({"HTTP_IF_MATCH": '"7"'}, {}, 412), ({}, {"version": 7}, 409)]
    )
    def test_a_stale_replacement_is_refused_and_the_old_file_stays(
        self, api, org, upload_dir, django_capture_on_commit_callbacks, headers, version, status
    ):
        audio = make_audio(org)
        with unchanged(), django_capture_on_commit_callbacks(execute=True):
            response = api.patch(
                f"{LIST}{audio.pk}/",
                {"file": wav_upload("new.wav"), **version},
                format="multipart",
                **headers,
            )
        assert response.status_code == status
        assert stored() == {audio.file.name}
        assert files_in(upload_dir) == set()

    def test_delete_removes_the_bytes_with_the_row(self, api, org):
        audio = make_audio(org)
        assert api.delete(f"{LIST}{audio.pk}/").status_code == 204
        assert stored() == set()
