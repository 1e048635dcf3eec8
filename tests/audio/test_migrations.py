"""The data migration audio 0002 copies the recordings an older version kept on disk into the database."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import wav_bytes

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("audio", "0001_initial")]
AFTER = [("audio", "0002_database_storage")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_files_on_disk_move_into_the_database_and_back(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = migrate(BEFORE)
    organization = old.get_model("contactcenter", "Organization").objects.create(
        name="Old install", timezone="Europe/Copenhagen"
    )
    AudioFile = old.get_model("audio", "AudioFile")
    (tmp_path / "audio").mkdir()
    (tmp_path / "audio/hold.wav").write_bytes(wav_bytes(0.5))
    AudioFile.objects.create(organization=organization, name="Hold.wav", file="audio/hold.wav", size=1)
    AudioFile.objects.create(organization=organization, name="Lost.wav", file="audio/lost.wav", size=1)

    new = migrate(AFTER)
    blobs = new.get_model("audio", "AudioBlob").objects
    # The lost file was missing before (its download a 404) and stays missing; the other is copied.
    assert [(blob.name, bytes(blob.content), blob.size) for blob in blobs.all()] == [
        ("audio/hold.wav", wav_bytes(0.5), len(wav_bytes(0.5)))
    ]

    (tmp_path / "audio/hold.wav").unlink()
    migrate(BEFORE)
    assert (tmp_path / "audio/hold.wav").read_bytes() == wav_bytes(0.5)
    migrate(AFTER)
