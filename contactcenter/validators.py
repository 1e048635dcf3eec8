"""Reusable validators; their messages are the ones both the console and the API show."""

import re
import zoneinfo
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

NAME_MAX_LENGTH = 80
_NAME_CHARS = re.compile(r"^[A-Za-z0-9_-]+$")
_SPACED_NAME = re.compile(r"^[\w-]+( [\w-]+)*$")
_AUDIO_NAME = re.compile(r"^[\w.-]+( [\w.-]+)*\.wav$", re.IGNORECASE)


@deconstructible
class NameValidator:
    """The one rule for names: required, at most 80 characters, in the alphabet the options choose.

    By default ASCII letters, digits, `_` and `-` (queues, flows, channels). `spaces=True` also
    allows single spaces between words (schedules and lists); `wav=True` is an audio file's name:
    letters, digits, dots, `_`, `-` and single spaces, ending in .wav; `any_characters=True` limits
    the length only (the rows of a schedule or list, API tokens).
    """

    def __init__(self, spaces: bool = False, wav: bool = False, any_characters: bool = False):
        self.spaces = spaces
        self.wav = wav
        self.any_characters = any_characters

    def __call__(self, value: str) -> None:
        if not value:
            raise ValidationError(_("Enter a name."), code="required")
        if self.any_characters:
            # Django's own wording, which the console's row and token forms show for their names too.
            MaxLengthValidator(NAME_MAX_LENGTH)(value)
            return
        if len(value) > NAME_MAX_LENGTH:
            raise ValidationError(
                _("The name can be at most %(max)d characters long (it has %(length)d).")
                % {"max": NAME_MAX_LENGTH, "length": len(value)},
                code="max_length",
            )
        if self.wav:
            if not value.lower().endswith(".wav"):
                raise ValidationError(_("An audio file's name must end in .wav."), code="extension")
            if not _AUDIO_NAME.match(value):
                raise ValidationError(
                    _("The name can contain letters, digits, dots, underscores, hyphens and single spaces."),
                    code="invalid_characters",
                )
        elif self.spaces:
            if not _SPACED_NAME.match(value):
                raise ValidationError(
                    _(
                        "The name can contain letters, digits, underscores, hyphens and single "
                        "spaces between words; no leading, trailing or double spaces."
                    ),
                    code="invalid_characters",
                )
        elif not _NAME_CHARS.match(value):
            bad = sorted({ch for ch in value if not _NAME_CHARS.match(ch)})
            shown = ", ".join("space" if ch == " " else f"“{ch}”" for ch in bad)
            raise ValidationError(
                _(
                    "The name can contain only letters (A–Z), digits, underscores and hyphens; "
                    "remove %(chars)s."
                )
                % {"chars": shown},
                code="invalid_characters",
            )

    def _options(self) -> tuple[bool, bool, bool]:
        return (self.spaces, self.wav, self.any_characters)

    def __eq__(self, other):
        return isinstance(other, NameValidator) and other._options() == self._options()


validate_name = NameValidator()
validate_spaced_name = NameValidator(spaces=True)
validate_text_name = NameValidator(any_characters=True)


@lru_cache(maxsize=1)
def available_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known IANA time zone (for example Europe/Copenhagen).")
            % {"value": value},
            code="invalid_timezone",
        )


def duration_hint(seconds: int | None) -> str:
    """A readable rendering of a number of seconds: 300 → "5 min", 90000 → "1 d 1 h"."""
    if seconds is None:
        return ""
    parts = []
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    for amount, unit in ((days, "d"), (hours, "h"), (minutes, "min"), (secs, "s")):
        if amount:
            parts.append(f"{amount} {unit}")
    return " ".join(parts) or "0 s"
