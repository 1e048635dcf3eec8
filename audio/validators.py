import io
import struct
import wave

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def inspect_wav(data: bytes) -> float | None:
    """Check that bytes are a RIFF/WAVE file with a format chunk; return its duration in seconds."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValidationError(
            _("This file is not a WAV file (it has no RIFF/WAVE header). Upload a .wav audio file."),
            code="not_wav",
        )
    offset, fmt, data_size = 12, None, None
    while offset + 8 <= len(data):
        chunk_id, size = data[offset : offset + 4], struct.unpack("<I", data[offset + 4 : offset + 8])[0]
        if chunk_id == b"fmt " and size >= 16:
            fmt = struct.unpack("<HHIIHH", data[offset + 8 : offset + 24])
        elif chunk_id == b"data":
            data_size = size
            break
        offset += 8 + size + (size & 1)
    if fmt is None or data_size is None:
        raise ValidationError(
            _("This WAV file is damaged: it lacks its format or audio data."), code="damaged_wav"
        )
    _format, channels, _rate, byte_rate, _align, _bits = fmt
    if channels == 0 or byte_rate == 0:
        raise ValidationError(
            _("This WAV file is damaged: its format header is invalid."), code="damaged_wav"
        )
    try:
        with wave.open(io.BytesIO(data)) as reader:
            return reader.getnframes() / reader.getframerate()
    except (wave.Error, EOFError, ZeroDivisionError):
        # Compressed WAV (µ-law, ADPCM): still WAV, duration from the byte rate.
        return data_size / byte_rate


def validate_wav_upload(upload) -> float | None:
    if upload.size > settings.AUDIO_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; audio files can be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(settings.AUDIO_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return inspect_wav(data)
