"""Reusable validators; their messages are the ones both the console and the API show."""

import re
import zoneinfo
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

NAME_MAX_LENGTH = 80
_NAME_CHARS = re.compile(r"^[A-Za-z0-9_-]+$")
_SPACED_NAME = re.compile(r"^[\w-]+( [\w-]+)*$")


@deconstructible
class NameValidator:
    """Object names: 1–80 ASCII letters, digits, `_` and `-`; `spaces=True` also allows single spaces."""

    def __init__(self, spaces: bool = False):
        self.spaces = spaces

    def __call__(self, value: str) -> None:
        if not value:
            raise ValidationError(_("Enter a name."), code="required")
        if len(value) > NAME_MAX_LENGTH:
            raise ValidationError(
                _("The name can be at most %(max)d characters long (it has %(length)d).")
                % {"max": NAME_MAX_LENGTH, "length": len(value)},
                code="max_length",
            )
        if self.spaces:
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

    def __eq__(self, other):
        return isinstance(other, NameValidator) and other.spaces == self.spaces


validate_name = NameValidator()
validate_spaced_name = NameValidator(spaces=True)


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
