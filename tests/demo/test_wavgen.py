import pytest

from audio.validators import inspect_wav
from demo.wavgen import tone_wav


def test_the_demo_generator_writes_real_wav():
    assert inspect_wav(tone_wav(frequencies=(440.0, 880.0), seconds_per_tone=0.25)) == pytest.approx(0.5)
