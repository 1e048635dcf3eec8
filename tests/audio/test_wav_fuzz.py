"""The WAV check against thousands of damaged real files: it accepts one or names the damage, nothing else.

Each case takes a file as real writers make it and damages it a few times over: cut anywhere,
header bytes overwritten or flipped, chunk sizes changed, junk chunks or stray bytes inserted,
bytes deleted. Whatever comes out, the check either accepts it with a sane duration or raises
the ValidationError the upload form and the API show; no other exception escapes.
"""

import io
import math
import struct

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from audio.validators import MAX_CHANNELS, MAX_SAMPLE_RATE, read_wav, validate_wav_upload

from .wavs import STREAMED, chunk, real_wavs

SEEDS = real_wavs()
NOT_WAV = "This file is not a WAV file (it has no RIFF/WAVE header). Upload a .wav audio file."
DAMAGED = "This WAV file is damaged: "
HEADER_REGION = 96  # where the RIFF, fmt and first chunk headers of every seed lie
SIZES = st.one_of(
    st.sampled_from([0, 1, 2, 15, 16, 17, 39, 40, 0x7FFFFFFF, 0xFFFFFFF0, STREAMED - 1, STREAMED]),
    st.integers(0, 2**32 - 1),
    st.integers(0, 1000),
)
CHUNK_IDS = st.one_of(
    st.sampled_from([b"fmt ", b"data", b"LIST", b"JUNK", b"fact"]), st.binary(min_size=4, max_size=4)
)


def chunk_starts(content: bytes) -> list[int]:
    """Where the chunks of a well-formed file begin (their true sizes, before any damage)."""
    starts, offset = [], 12
    while offset + 8 <= len(content):
        starts.append(offset)
        size = struct.unpack("<I", content[offset + 4 : offset + 8])[0]
        if size == STREAMED:
            break
        offset += 8 + size + size % 2
    return starts


@st.composite
def damaged_files(draw) -> bytes:
    seed = SEEDS[draw(st.sampled_from(sorted(SEEDS)))]
    content = bytearray(seed)
    boundaries = [*chunk_starts(seed), len(seed)]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "overwrite", "flip", "size", "junk chunk", "insert", "delete"]))
        region = max(1, min(len(content), HEADER_REGION))
        # Mostly past the RIFF/WAVE magic: damage there only ever gives "not a WAV file".
        position = st.one_of(st.integers(min(12, region - 1), region - 1), st.integers(0, region - 1))
        if kind == "cut":
            del content[draw(st.one_of(st.integers(0, len(content)), st.integers(0, region))) :]
        elif kind == "overwrite":
            at = draw(position)
            content[at : at + 4] = draw(st.binary(min_size=1, max_size=4))
        elif kind == "flip":
            at = draw(position)
            if at < len(content):
                content[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "size":
            at = draw(st.sampled_from([4] + [start + 4 for start in boundaries[:-1]]))
            content[at : at + 4] = struct.pack("<I", draw(SIZES))
        elif kind == "junk chunk":
            at = min(draw(st.sampled_from(boundaries)), len(content))
            body = draw(st.binary(max_size=24))
            size = draw(st.one_of(st.none(), SIZES))
            content[at:at] = chunk(draw(CHUNK_IDS), body, size=size, pad=draw(st.booleans()))
        elif kind == "insert":
            at = draw(position)
            content[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            at = draw(position)
            del content[at : at + draw(st.integers(1, 8))]
    return bytes(content)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_files())
@example(b"")
@example(b"RIFF")
@example(b"RIFF\xff\xff\xff\xffWAVE")
@example(b"RIFF\x00\x00\x00\x00WAVEfmt \xff\xff\xff\xff")
@example(b"RIFF\xff\xff\xff\xffWAVEdata\xff\xff\xff\xff")
def test_a_damaged_file_is_accepted_sanely_or_refused_with_the_damage_named(content):
    upload = SimpleUploadedFile("fuzzed.wav", content, content_type="audio/wav")
    try:
        duration = validate_wav_upload(upload)
    except ValidationError as error:
        (message,) = error.messages
        assert message == NOT_WAV if error.code == "not_wav" else message.startswith(DAMAGED), message
        assert error.code in {"not_wav", "damaged_wav"}
        event(error.code)
    else:
        event("accepted")
        info = read_wav(io.BytesIO(content))
        assert 1 <= info.channels <= MAX_CHANNELS
        assert 1 <= info.sample_rate <= MAX_SAMPLE_RATE
        assert info.byte_rate >= 1 and info.block_align >= 1
        # The audio counted is audio present: after at least the RIFF, fmt and data headers.
        assert 0 <= info.data_bytes <= len(content) - 44
        assert duration == info.duration_seconds
        assert math.isfinite(duration) and 0 <= duration <= len(content)
    # Stored next, from its first byte, whatever the verdict.
    assert upload.tell() == 0
