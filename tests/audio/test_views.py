"""Audio files: upload (really WAV, at most 10 MB), play through a permission-checked view, rename, delete."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from audio.models import AudioBlob, AudioFile
from tests.dbstate import unchanged
from tests.factories import (
    make_audio,
    make_entry_point,
    make_outbound_queue,
    make_queue,
    wav_bytes,
    wav_upload,
)

from .wavs import DAMAGED, STREAMED, chunk, files_in, fmt_body, pcm, riff, stored

pytestmark = pytest.mark.django_db

LIST = reverse("audio:audiofile-list")
NEW = reverse("audio:audiofile-new")


def url(name: str, audio) -> str:
    return reverse(f"audio:audiofile-{name}", kwargs={"pk": audio.pk})


def test_upload_a_wav(admin_client, org):
    response = admin_client.post(
        NEW, {"name": "Hold.wav", "description": "Calm", "file": wav_upload("x.wav", 0.5)}
    )
    audio = AudioFile.objects.get()
    assert response["Location"] == url("detail", audio)
    assert (audio.name, audio.description, round(audio.duration_seconds, 1)) == ("Hold.wav", "Calm", 0.5)
    assert audio.size == len(wav_bytes(0.5))


def test_an_empty_name_takes_the_files_name(admin_client, org):
    admin_client.post(NEW, {"name": "", "file": wav_upload("Queue music.wav")})
    assert AudioFile.objects.get().name == "Queue music.wav"


def test_a_file_that_is_not_wav_is_refused_with_the_name_kept(admin_client, org):
    fake = SimpleUploadedFile("song.wav", b"ID3\x04\x00 this is an mp3", content_type="audio/wav")
    response = admin_client.post(NEW, {"name": "Song.wav", "file": fake})
    assert response.status_code == 200
    assert "not a WAV file" in " ".join(response.context["form"].errors["file"])
    assert response.context["form"]["name"].value() == "Song.wav"
    assert b"choose the file again" in response.content
    assert not AudioFile.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"), [case[1:] for case in DAMAGED], ids=[case[0] for case in DAMAGED]
)
def test_a_damaged_wav_is_refused_beside_the_file_and_the_rest_kept(
    admin_client, org, upload_dir, content, message
):
    upload = SimpleUploadedFile("damaged.wav", content, content_type="audio/wav")
    with unchanged():
        response = admin_client.post(NEW, {"name": "Hold.wav", "description": "Calm", "file": upload})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"file": [message]}
    assert (form["name"].value(), form["description"].value()) == ("Hold.wav", "Calm")
    assert (
        f'<ul class="errorlist" id="id_file_error"><li>{escape(message)}</li></ul>'
        in response.content.decode()
    )
    assert stored() == set()
    assert files_in(upload_dir) == set()


def test_a_cut_streamed_recording_lasts_as_long_as_its_audio(admin_client, org):
    streamed = riff(chunk(b"fmt ", fmt_body()), chunk(b"data", pcm(1.0), size=STREAMED), size=STREAMED)
    upload = SimpleUploadedFile("cut.wav", streamed[: 44 + 4000], content_type="audio/wav")
    assert admin_client.post(NEW, {"name": "Cut.wav", "file": upload}).status_code == 302
    assert AudioFile.objects.get().duration_seconds == pytest.approx(0.25)


def test_a_file_over_10_mb_is_refused(admin_client, org, settings):
    settings.AUDIO_MAX_BYTES = 1000
    response = admin_client.post(NEW, {"name": "Big.wav", "file": wav_upload("big.wav", 1)})
    assert "at most 1000" in " ".join(response.context["form"].errors["file"])
    assert not AudioFile.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"), [("song.mp3", "must end in .wav"), ("bad  name.wav", "single spaces")]
)
def test_the_name_ends_in_wav(admin_client, org, name, message):
    response = admin_client.post(NEW, {"name": name, "file": wav_upload()})
    assert message in " ".join(response.context["form"].errors["name"])


def test_a_file_is_required(admin_client, org):
    response = admin_client.post(NEW, {"name": "x.wav"})
    assert response.context["form"].errors["file"]


def test_rename_keeps_the_recording(admin_client, org):
    audio = make_audio(org, name="old.wav")
    stored = audio.file.name
    response = admin_client.post(url("detail", audio), {"name": "New name.wav", "version": audio.version})
    assert response.status_code == 302
    audio.refresh_from_db()
    assert (audio.name, audio.file.name) == ("New name.wav", stored)
    response = admin_client.post(url("detail", audio), {"name": "other.wav", "version": audio.version - 1})
    assert response.context["conflict"] is not None
    assert response.context["form"]["name"].value() == "other.wav"


def test_detail_plays_through_the_permission_checked_view(admin_client, org):
    audio = make_audio(org)
    content = admin_client.get(url("detail", audio)).content.decode()
    assert f'<audio class="player" controls preload="metadata" src="{url("download", audio)}"' in content
    assert "/media/" not in content
    response = admin_client.get(url("download", audio))
    assert response.status_code == 200 and response["Content-Type"] == "audio/wav"
    assert response["Content-Length"] == str(audio.size)
    assert b"".join(response.streaming_content) == wav_bytes()
    assert "attachment" in admin_client.get(url("download", audio), {"download": "1"})["Content-Disposition"]


def test_download_is_for_members_of_the_organization(viewer_client, outsider_client, client, org):
    audio = make_audio(org)
    assert viewer_client.get(url("download", audio)).status_code == 200
    assert outsider_client.get(url("download", audio)).status_code == 404
    assert client.get(url("download", audio)).status_code == 302


def test_missing_stored_file_answers_404(admin_client, org):
    audio = make_audio(org)
    AudioBlob.objects.filter(name=audio.file.name).delete()
    assert admin_client.get(url("download", audio)).status_code == 404


def test_list_search_usage_filter_and_sort(admin_client, org, other_org):
    used = make_audio(org, name="Used.wav")
    make_audio(org, name="Idle.wav")
    make_audio(other_org, name="Foreign.wav")
    make_queue(org, music_in_queue=used)
    names = lambda response: [a.name for a in response.context["object_list"]]  # noqa: E731
    assert names(admin_client.get(LIST)) == ["Idle.wav", "Used.wav"]
    assert names(admin_client.get(LIST, {"q": "idl"})) == ["Idle.wav"]
    assert names(admin_client.get(LIST, {"usage": "used"})) == ["Used.wav"]
    assert names(admin_client.get(LIST, {"sort": "-name"})) == ["Used.wav", "Idle.wav"]


def test_list_query_count_does_not_grow_with_rows(admin_client, org):
    for _ in range(5):
        make_queue(org, music_in_queue=make_audio(org))
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(LIST).status_code == 200
    for _ in range(50):
        make_queue(org, music_in_queue=make_audio(org))
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(LIST)
    assert len(response.context["object_list"]) == 25
    assert len(many) == len(few)


def test_audio_in_use_cannot_be_deleted(admin_client, org):
    audio = make_audio(org)
    make_entry_point(org, "outbound_telephony", music_on_hold=audio, outdial_queue=make_outbound_queue(org))
    page = admin_client.get(url("detail", audio)).content.decode()
    assert "It cannot be deleted while other objects use it" in page
    admin_client.post(url("delete", audio), {"version": audio.version})
    assert AudioFile.objects.filter(pk=audio.pk).exists()


def test_delete_removes_the_stored_file(admin_client, org):
    audio = make_audio(org)
    assert stored() == {audio.file.name}
    response = admin_client.post(url("delete", audio), {"version": audio.version})
    assert response["Location"] == LIST
    assert not AudioFile.objects.exists() and stored() == set()


def test_viewer_and_outsider(viewer_client, outsider_client, org):
    audio = make_audio(org)
    page = viewer_client.get(url("detail", audio))
    assert page.status_code == 200 and b"<audio" in page.content
    assert b"submit-button" not in page.content
    assert viewer_client.get(NEW).status_code == 403
    assert viewer_client.post(NEW, {"name": "x.wav", "file": wav_upload()}).status_code == 403
    assert viewer_client.post(url("detail", audio), {"name": "renamed.wav"}).status_code == 403
    assert viewer_client.post(url("delete", audio)).status_code == 403
    assert outsider_client.get(url("detail", audio)).status_code == 404
    assert outsider_client.post(url("detail", audio), {"name": "mine.wav"}).status_code == 404
    assert outsider_client.post(url("delete", audio)).status_code == 404
    assert AudioFile.objects.get(pk=audio.pk).name == audio.name
