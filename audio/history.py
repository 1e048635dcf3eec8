"""The audit trail of audio files (see audit.registry)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audit.registry import Tracked, register
from audit.restore import service_fields

from .models import AudioFile
from .services import audio_file_update

FIELDS = ("name", "description", "file")


def restore(audio_file, state, organization, tracked):
    if audio_file is None:
        # The recording leaves storage with its row (audio.services), so there is nothing to put back.
        raise ValidationError(
            _("A deleted audio file's recording is not kept; upload the file again."), code="no_recording"
        )
    # The name and the description; the recording stays the current one.
    fields = service_fields(tracked, state, organization, ("name", "description"))
    return audio_file_update(audio_file=audio_file, version=None, **fields)


register(
    Tracked(
        AudioFile,
        "audiofile",
        FIELDS,
        restore=restore,
        console_prefix="audio-files",
        api_resource="audio-files",
    )
)
