"""The WAV check on its own: each kind of damage named, well-formed variants accepted, nothing trusted."""

import io
import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audio.validators import inspect_wav, read_wav, validate_wav_upload

from .wavs import DAMAGED, STREAMED, chunk, fmt_body, pcm, real_wavs, riff, valid_wav


@pytest.mark.parametrize(
    ("content", "message"), [case[1:] for case in DAMAGED], ids=[case[0] for case in DAMAGED]
)
def test_each_kind_of_damage_is_refused_and_named(content, message):
    with pytest.raises(ValidationError) as error:
        inspect_wav(content)
    assert error.value.messages == [message]
    assert error.value.code == "damaged_wav"


@pytest.mark.parametrize("name", list(real_wavs()))
def test_what_real_writers_make_is_accepted(name):
    info = read_wav(io.BytesIO(real_wavs()[name]))
    assert info.duration_seconds == pytest.approx(info.data_bytes / info.byte_rate)
    assert info.duration_seconds > 0


def test_the_duration_is_the_data_present_over_the_byte_rate():
    content = riff(chunk(b"fmt ", fmt_body(rate=16000)), chunk(b"data", pcm(1.5, rate=16000)))
    assert inspect_wav(content) == pytest.approx(1.5)


@pytest.mark.parametrize("cut", [44, 45, 1000, 8044, 16043])
def test_a_streamed_file_cut_anywhere_lasts_as_long_as_the_audio_it_holds(cut):
    # Its headers promise nothing ("until the end"), so a cut one is still a valid, shorter file.
    whole = riff(chunk(b"fmt ", fmt_body()), chunk(b"data", pcm(1.0), size=STREAMED), size=STREAMED)
    assert inspect_wav(whole[:cut]) == pytest.approx((cut - 44) / 16000)


def test_a_header_claiming_gigabytes_is_refused_without_reading_them():
    content = riff(chunk(b"fmt ", fmt_body()), chunk(b"data", pcm(0.01), size=0xFFFFFFF0))
    with pytest.raises(ValidationError) as error:
        inspect_wav(content)
    assert error.value.messages == [
        "This WAV file is damaged: its audio data is cut short "
        "(the data chunk claims 4294967280 bytes, the file holds 160)."
    ]


def test_harmless_slips_are_accepted():
    fmt, data = chunk(b"fmt ", fmt_body()), chunk(b"data", pcm(0.5))
    # A RIFF size that promises less than the file holds, and bytes after the audio.
    assert inspect_wav(riff(fmt, data, size=100)) == pytest.approx(0.5)
    assert inspect_wav(riff(fmt, data) + b"\x00" * 37) == pytest.approx(0.5)
    # The last chunk's padding byte, missing at the very end of the file.
    odd = riff(chunk(b"fmt ", fmt_body(bits=8)), chunk(b"data", b"\x80" * 4001, pad=False))
    assert inspect_wav(odd) == pytest.approx(4001 / 8000)
    # A padded odd chunk before the audio.
    assert inspect_wav(riff(fmt, chunk(b"LIST", b"INFOx"), data)) == pytest.approx(0.5)


def test_a_compressed_format_may_have_no_bit_depth():
    # GSM 6.10 states 0 bits per sample; its duration comes from its byte rate.
    gsm = fmt_body(tag=0x31, bits=0, align=65, byte_rate=1625) + struct.pack("<HH", 2, 320)
    assert inspect_wav(riff(chunk(b"fmt ", gsm), chunk(b"data", b"\x00" * 1625))) == pytest.approx(1.0)


def test_the_upload_is_rewound_for_storing_whether_accepted_or_refused():
    good = SimpleUploadedFile("a.wav", valid_wav(0.5))
    assert validate_wav_upload(good) == pytest.approx(0.5)
    assert good.tell() == 0
    bad = SimpleUploadedFile("b.wav", valid_wav()[:100])
    with pytest.raises(ValidationError):
        validate_wav_upload(bad)
    assert bad.tell() == 0
