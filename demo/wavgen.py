"""Generate small, real WAV files (for the demo data), using only the standard library."""

import io
import math
import struct
import wave


def tone_wav(
    *, frequencies: tuple[float, ...] = (440.0,), seconds_per_tone: float = 0.5, rate: int = 8000
) -> bytes:
    """16-bit mono PCM playing each frequency in turn, with a short fade so the tones don't click."""
    buffer = io.BytesIO()
    frames_per_tone = int(seconds_per_tone * rate)
    fade = max(1, frames_per_tone // 10)
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        for frequency in frequencies:
            samples = []
            for i in range(frames_per_tone):
                envelope = min(1.0, i / fade, (frames_per_tone - i) / fade)
                samples.append(int(6000 * envelope * math.sin(2 * math.pi * frequency * i / rate)))
            writer.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return buffer.getvalue()
