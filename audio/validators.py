"""The WAV check: a RIFF chunk reader that believes no size a header claims until the bytes are there.

Only chunk headers and the format chunk are ever read (a few dozen bytes each); every other chunk is
skipped by seeking, so a header claiming gigabytes costs nothing. What is refused is what a player
could not play as described: sizes running past the end of the file, a format that contradicts
itself, chunks out of place. The duration is the audio bytes present divided by the byte rate.
"""

import io
import struct
from dataclasses import dataclass, replace
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CHUNK_HEADER = 8
FMT_MIN = 16  # the WAVEFORMAT fields every format chunk starts with
FMT_EXTENSIBLE_MIN = 40  # WAVEFORMATEXTENSIBLE: the real format is in its sub-format GUID
# Streaming writers that cannot seek back put this in RIFF and data sizes: "until the end".
UNKNOWN_SIZE = 0xFFFFFFFF
MAX_CHANNELS = 64
MAX_SAMPLE_RATE = 384_000
MAX_BITS_PER_SAMPLE = 64

WAVE_FORMAT_PCM = 0x0001
WAVE_FORMAT_IEEE_FLOAT = 0x0003
WAVE_FORMAT_ALAW = 0x0006
WAVE_FORMAT_MULAW = 0x0007
WAVE_FORMAT_EXTENSIBLE = 0xFFFE
# Every sample has the stated bit depth, so block align and byte rate follow from the other fields;
# compressed formats (ADPCM, GSM, ...) state their own and may give 0 bits per sample.
FIXED_DEPTH_FORMATS = {WAVE_FORMAT_PCM, WAVE_FORMAT_IEEE_FLOAT, WAVE_FORMAT_ALAW, WAVE_FORMAT_MULAW}


@dataclass(frozen=True)
class WavInfo:
    format_tag: int
    channels: int
    sample_rate: int
    byte_rate: int
    block_align: int
    bits_per_sample: int
    data_bytes: int  # the audio bytes really in the file, whatever the data chunk's header says

    @property
    def duration_seconds(self) -> float:
        return self.data_bytes / self.byte_rate


def _not_wav() -> ValidationError:
    return ValidationError(
        _("This file is not a WAV file (it has no RIFF/WAVE header). Upload a .wav audio file."),
        code="not_wav",
    )


def _damaged(message: str, **values) -> ValidationError:
    return ValidationError(message % values if values else message, code="damaged_wav")


def _u32(data: bytes) -> int:
    return struct.unpack("<I", data)[0]


def _is_chunk_id(data: bytes) -> bool:
    return len(data) == 4 and all(0x20 <= byte <= 0x7E for byte in data)


def _chunk_header(stream: BinaryIO, offset: int) -> tuple[bytes, int]:
    """The id and claimed size of the chunk at `offset`; the caller has checked that 8 bytes are there."""
    stream.seek(offset)
    header = stream.read(CHUNK_HEADER)
    return header[:4], _u32(header[4:])


def _fits(stream: BinaryIO, offset: int, length: int) -> bool:
    """Whether a well-formed chunk starts at `offset` (used to recognise a missing padding byte)."""
    if length - offset < CHUNK_HEADER:
        return False
    chunk_id, size = _chunk_header(stream, offset)
    return _is_chunk_id(chunk_id) and size <= length - offset - CHUNK_HEADER


def _parse_format(body: bytes, size: int) -> WavInfo:
    """The `fmt ` chunk's fields, refused when they contradict each other or no player could use them."""
    if size < FMT_MIN:
        raise _damaged(
            _(
                "This WAV file is damaged: its format chunk is cut short (%(size)s bytes; it needs at least 16)."
            ),
            size=size,
        )
    tag, channels, rate, byte_rate, align, bits = struct.unpack("<HHIIHH", body[:FMT_MIN])
    if tag == WAVE_FORMAT_EXTENSIBLE:
        if size < FMT_EXTENSIBLE_MIN:
            raise _damaged(
                _(
                    "This WAV file is damaged: its extensible format chunk is cut short "
                    "(%(size)s bytes; it needs at least 40)."
                ),
                size=size,
            )
        tag = struct.unpack("<H", body[24:26])[0]
    if channels == 0:
        raise _damaged(_("This WAV file is damaged: its format gives it zero channels."))
    if channels > MAX_CHANNELS:
        raise _damaged(
            _(
                "This WAV file is damaged: its format gives it %(channels)s channels (at most 64 are possible)."
            ),
            channels=channels,
        )
    if not 1 <= rate <= MAX_SAMPLE_RATE:
        raise _damaged(
            _(
                "This WAV file is damaged: its sample rate of %(rate)s Hz is impossible "
                "(it must be between 1 Hz and 384,000 Hz)."
            ),
            rate=rate,
        )
    if align == 0:
        raise _damaged(_("This WAV file is damaged: its block align is zero."))
    if byte_rate == 0:
        raise _damaged(_("This WAV file is damaged: its byte rate is zero."))
    if bits > MAX_BITS_PER_SAMPLE:
        raise _damaged(
            _("This WAV file is damaged: %(bits)s bits per sample are impossible (at most 64)."), bits=bits
        )
    if tag in FIXED_DEPTH_FORMATS:
        if bits == 0:
            raise _damaged(_("This WAV file is damaged: its format gives zero bits per sample."))
        expected_align = channels * ((bits + 7) // 8)
        if align != expected_align:
            raise _damaged(
                ngettext(
                    "This WAV file is damaged: its block align of %(align)s bytes does not fit "
                    "%(channels)s channel of %(bits)s bits (that takes %(expected)s).",
                    "This WAV file is damaged: its block align of %(align)s bytes does not fit "
                    "%(channels)s channels of %(bits)s bits (that takes %(expected)s).",
                    channels,
                ),
                align=align,
                channels=channels,
                bits=bits,
                expected=expected_align,
            )
        if byte_rate != rate * align:
            raise _damaged(
                _(
                    "This WAV file is damaged: its byte rate of %(byte_rate)s bytes per second does not "
                    "match its format (%(rate)s Hz × %(align)s bytes = %(expected)s)."
                ),
                byte_rate=byte_rate,
                rate=rate,
                align=align,
                expected=rate * align,
            )
    elif byte_rate > rate * channels * MAX_BITS_PER_SAMPLE // 8:
        raise _damaged(
            ngettext(
                "This WAV file is damaged: its byte rate of %(byte_rate)s bytes per second is impossible "
                "for %(channels)s channel at %(rate)s Hz.",
                "This WAV file is damaged: its byte rate of %(byte_rate)s bytes per second is impossible "
                "for %(channels)s channels at %(rate)s Hz.",
                channels,
            ),
            byte_rate=byte_rate,
            channels=channels,
            rate=rate,
        )
    return WavInfo(tag, channels, rate, byte_rate, align, bits, data_bytes=0)


def _check_riff_size(riff_size: int, length: int) -> None:
    """Refuse a RIFF header that promises more than the file holds.

    One that promises less is a common writer's slip and harmless: chunks are read up to the end of
    the file, and the reader stops at the audio data anyway.
    """
    if riff_size == UNKNOWN_SIZE:
        return
    if riff_size < 4:
        raise _damaged(
            _(
                "This WAV file is damaged: its RIFF header gives a size of %(size)s bytes, too small for a WAV file."
            ),
            size=riff_size,
        )
    if CHUNK_HEADER + riff_size > length:
        raise _damaged(
            _(
                "This WAV file is damaged: it is cut short (its header announces %(claimed)s bytes, "
                "the file holds %(present)s)."
            ),
            claimed=CHUNK_HEADER + riff_size,
            present=length,
        )


def read_wav(stream: BinaryIO) -> WavInfo:
    """Walk the RIFF chunks of a seekable binary stream up to the audio data; raise ValidationError if damaged."""
    stream.seek(0, io.SEEK_END)
    length = stream.tell()
    stream.seek(0)
    head = stream.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise _not_wav()
    _check_riff_size(_u32(head[4:8]), length)
    offset = 12
    info: WavInfo | None = None
    previous_id, previous_size = b"", 0
    while length - offset >= CHUNK_HEADER:
        chunk_id, size = _chunk_header(stream, offset)
        available = length - offset - CHUNK_HEADER
        streamed = chunk_id == b"data" and size == UNKNOWN_SIZE
        if not _is_chunk_id(chunk_id) or (size > available and not streamed):
            if previous_size % 2 and _fits(stream, offset - 1, length):
                raise _damaged(
                    _(
                        "This WAV file is damaged: its “%(chunk)s” chunk has an odd size (%(size)s bytes) "
                        "but no padding byte after it."
                    ),
                    chunk=previous_id.decode("ascii"),
                    size=previous_size,
                )
            if not _is_chunk_id(chunk_id):
                raise _damaged(
                    _("This WAV file is damaged: there is no readable chunk at byte %(offset)s."),
                    offset=offset,
                )
        if chunk_id == b"data":
            if info is None:
                raise _damaged(
                    _("This WAV file is damaged: it has no format (fmt ) chunk before its audio data.")
                )
            if streamed:
                size = available
            elif size > available:
                raise _damaged(
                    _(
                        "This WAV file is damaged: its audio data is cut short (the data chunk claims "
                        "%(claimed)s bytes, the file holds %(present)s)."
                    ),
                    claimed=size,
                    present=available,
                )
            return replace(info, data_bytes=size)
        if size > available:
            raise _damaged(
                _(
                    "This WAV file is damaged: its “%(chunk)s” chunk claims %(claimed)s bytes, "
                    "but only %(present)s remain in the file."
                ),
                chunk=chunk_id.decode("ascii"),
                claimed=size,
                present=available,
            )
        if chunk_id == b"fmt ":
            if info is not None:
                raise _damaged(_("This WAV file is damaged: it has two format (fmt ) chunks."))
            stream.seek(offset + CHUNK_HEADER)
            info = _parse_format(stream.read(min(size, FMT_EXTENSIBLE_MIN)), size)
        previous_id, previous_size = chunk_id, size
        offset += CHUNK_HEADER + size + size % 2
    if info is None:
        raise _damaged(_("This WAV file is damaged: it has no format (fmt ) chunk."))
    raise _damaged(_("This WAV file is damaged: it has no audio data (data) chunk."))


def inspect_wav(data: bytes) -> float:
    """Check that bytes are an undamaged WAV file; return its duration in seconds."""
    return read_wav(io.BytesIO(data)).duration_seconds


def validate_wav_upload(upload) -> float:
    if upload.size > settings.AUDIO_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; audio files can be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(settings.AUDIO_MAX_BYTES)},
            code="too_large",
        )
    try:
        return read_wav(upload).duration_seconds
    finally:
        upload.seek(0)
