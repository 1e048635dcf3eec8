"""Hand-built WAV files, well-formed or damaged in one precise way, for the WAV check's tests."""

import struct
from pathlib import Path

from demo.wavgen import tone_wav

STREAMED = 0xFFFFFFFF  # what a writer that cannot seek back leaves in RIFF and data sizes


def files_in(root: Path) -> set[str]:
    """Every file under `root` (none if it was never created): what an upload left on disk."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def stored() -> set[str]:
    """The names of the recordings stored in the database (audio.storage), as this transaction sees them."""
    from audio.models import AudioBlob

    return set(AudioBlob.objects.values_list("name", flat=True))


def chunk(chunk_id: bytes, body: bytes, *, size: int | None = None, pad: bool = True) -> bytes:
    """A RIFF chunk; `size` overrides the true length (a lying header), `pad=False` drops the pad byte."""
    claimed = len(body) if size is None else size
    padding = b"\x00" if pad and len(body) % 2 else b""
    return chunk_id + struct.pack("<I", claimed) + body + padding


def fmt_body(
    *,
    tag: int = 1,
    channels: int = 1,
    rate: int = 8000,
    bits: int = 16,
    align: int | None = None,
    byte_rate: int | None = None,
) -> bytes:
    align = channels * ((bits + 7) // 8) if align is None else align
    byte_rate = rate * align if byte_rate is None else byte_rate
    return struct.pack("<HHIIHH", tag, channels, rate, byte_rate, align, bits)


def extensible_fmt_body(*, sub_format: int = 1, channels: int = 2, rate: int = 8000, bits: int = 16) -> bytes:
    """WAVE_FORMAT_EXTENSIBLE: the real format code opens the sub-format GUID."""
    base = fmt_body(tag=0xFFFE, channels=channels, rate=rate, bits=bits)
    guid_tail = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
    return base + struct.pack("<HHI", 22, bits, 3) + struct.pack("<H", sub_format) + guid_tail


def riff(*chunks: bytes, size: int | None = None) -> bytes:
    """A RIFF/WAVE file of these chunks; `size` overrides the RIFF header's true size."""
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body) if size is None else size) + body


def pcm(seconds: float = 0.25, *, rate: int = 8000) -> bytes:
    """Silence as 16-bit mono PCM, the shape of a telephony prompt."""
    return b"\x00\x00" * int(seconds * rate)


def valid_wav(seconds: float = 0.25) -> bytes:
    return riff(chunk(b"fmt ", fmt_body()), chunk(b"data", pcm(seconds)))


def real_wavs() -> dict[str, bytes]:
    """Files as real writers make them, the seeds that the fuzz test damages."""
    return {
        "wave module, 16-bit mono": tone_wav(frequencies=(440.0,), seconds_per_tone=0.05),
        "8-bit stereo, odd data": riff(
            chunk(b"fmt ", fmt_body(channels=2, bits=8)), chunk(b"data", b"\x80" * 801)
        ),
        "µ-law with a fact chunk": riff(
            chunk(b"fmt ", fmt_body(tag=7, bits=8) + b"\x00\x00"),
            chunk(b"fact", struct.pack("<I", 400)),
            chunk(b"data", b"\xff" * 400),
        ),
        "extensible PCM": riff(chunk(b"fmt ", extensible_fmt_body()), chunk(b"data", pcm(0.05) * 2)),
        "metadata before the audio": riff(
            chunk(b"fmt ", fmt_body()),
            chunk(b"LIST", b"INFOINAM\x05\x00\x00\x00Hold\x00\x00"),
            chunk(b"data", pcm(0.05)),
        ),
        "streamed (sizes unknown)": riff(
            chunk(b"fmt ", fmt_body()), chunk(b"data", pcm(0.05), size=STREAMED), size=STREAMED
        ),
    }


def _damaged_cases() -> list[tuple[str, bytes, str]]:
    fmt = chunk(b"fmt ", fmt_body())
    data = chunk(b"data", pcm())  # 4,000 bytes of audio
    with_format = lambda **fields: riff(chunk(b"fmt ", fmt_body(**fields)), data)  # noqa: E731
    cases = [
        (
            "cut short",
            valid_wav()[:2000],
            "it is cut short (its header announces 4044 bytes, the file holds 2000).",
        ),
        (
            "data chunk claims more than the file holds",
            riff(fmt, chunk(b"data", pcm(), size=8000)),
            "its audio data is cut short (the data chunk claims 8000 bytes, the file holds 4000).",
        ),
        (
            "truncated format chunk",
            riff(chunk(b"fmt ", fmt_body()[:12]), data),
            "its format chunk is cut short (12 bytes; it needs at least 16).",
        ),
        (
            "format chunk runs past the end",
            riff(chunk(b"fmt ", fmt_body()[:10], size=16)),
            "its “fmt ” chunk claims 16 bytes, but only 10 remain in the file.",
        ),
        (
            "truncated extensible format chunk",
            riff(chunk(b"fmt ", fmt_body(tag=0xFFFE) + b"\x00\x00"), data),
            "its extensible format chunk is cut short (18 bytes; it needs at least 40).",
        ),
        (
            "zero channels",
            with_format(channels=0, align=2, byte_rate=16000),
            "its format gives it zero channels.",
        ),
        (
            "absurd channels",
            with_format(channels=1000, align=2, byte_rate=16000),
            "its format gives it 1000 channels (at most 64 are possible).",
        ),
        (
            "sample rate zero",
            with_format(rate=0),
            "its sample rate of 0 Hz is impossible (it must be between 1 Hz and 384,000 Hz).",
        ),
        (
            "absurd sample rate",
            with_format(rate=1_000_000),
            "its sample rate of 1000000 Hz is impossible (it must be between 1 Hz and 384,000 Hz).",
        ),
        ("block align zero", with_format(align=0, byte_rate=16000), "its block align is zero."),
        (
            "absurd block align",
            with_format(align=7, byte_rate=56000),
            "its block align of 7 bytes does not fit 1 channel of 16 bits (that takes 2).",
        ),
        (
            "zero bits per sample",
            with_format(bits=0, align=2, byte_rate=16000),
            "its format gives zero bits per sample.",
        ),
        ("absurd bits per sample", with_format(bits=200), "200 bits per sample are impossible (at most 64)."),
        ("byte rate zero", with_format(byte_rate=0), "its byte rate is zero."),
        (
            "byte rate that lies about the duration",
            with_format(byte_rate=4000),
            "its byte rate of 4000 bytes per second does not match its format (8000 Hz × 2 bytes = 16000).",
        ),
        (
            "absurd byte rate of a compressed format",
            with_format(tag=2, bits=4, align=256, byte_rate=10**9),
            "its byte rate of 1000000000 bytes per second is impossible for 1 channel at 8000 Hz.",
        ),
        ("missing format chunk", riff(data), "it has no format (fmt ) chunk before its audio data."),
        ("no chunks at all", riff(), "it has no format (fmt ) chunk."),
        ("missing data chunk", riff(fmt), "it has no audio data (data) chunk."),
        ("two format chunks", riff(fmt, fmt, data), "it has two format (fmt ) chunks."),
        (
            "chunk size running past the end",
            riff(fmt, chunk(b"LIST", b"INFO", size=100_000), data),
            "its “LIST” chunk claims 100000 bytes, but only 4012 remain in the file.",
        ),
        (
            "odd chunk without its padding byte",
            riff(fmt, chunk(b"LIST", b"INFOx", pad=False), data),
            "its “LIST” chunk has an odd size (5 bytes) but no padding byte after it.",
        ),
        ("unreadable chunk", riff(fmt, b"\x00" * 8, data), "there is no readable chunk at byte 36."),
        (
            "RIFF size too small",
            riff(fmt, data, size=2),
            "its RIFF header gives a size of 2 bytes, too small for a WAV file.",
        ),
    ]
    return [(name, content, "This WAV file is damaged: " + says) for name, content, says in cases]


# (what is wrong, the file, the whole message)
DAMAGED = _damaged_cases()
