"""Reusable validators; their messages are the ones both the console and the API show."""

import re
import zoneinfo
from collections.abc import Mapping
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from .choices import MAX_SECONDS

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
            shown = ", ".join(_("space") if ch == " " else f"“{ch}”" for ch in bad)
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


@lru_cache(maxsize=1)
def _timezones_by_folded_name() -> dict[str, str]:
    # IANA names differ by more than case (no two fold to the same text), so case can be ignored.
    return {name.casefold(): name for name in available_timezones()}


def canonical_timezone(value: str) -> str | None:
    """The IANA spelling of a zone typed in any case (`europe/copenhagen` → `Europe/Copenhagen`)."""
    if not isinstance(value, str):
        return None
    return _timezones_by_folded_name().get(value.strip().casefold())


def validate_timezone(value: str) -> None:
    """The one time-zone rule: an IANA zone, in any case (the field stores its IANA spelling)."""
    if canonical_timezone(value) is None:
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


class PerTypeSecondsValidator:
    """Whole seconds from 1 to the maximum of the object's type: the range, its messages and its hint.

    The maxima are MAX_SECONDS, one per kind of media; `kinds` maps each type to its kind where the
    two differ (a channel type), and its order is the order of the database constraint's terms.
    `subject` names objects of one type in the messages ("%(type)s channels"); `hint_subject` does so
    in the form's hint when that reads differently.
    """

    def __init__(
        self,
        types: type[models.TextChoices],
        *,
        kinds: Mapping[str, str] | None = None,
        subject: str = "%(type)s",
        hint_subject: str | None = None,
    ):
        self.types = types
        self.kinds = dict(kinds) if kinds is not None else {kind: kind for kind in MAX_SECONDS}
        self.subject = subject
        self.hint_subject = hint_subject or subject

    def maximum(self, type_: str | None) -> int | None:
        kind = self.kinds.get(type_)
        return MAX_SECONDS[kind] if kind is not None else None

    @property
    def largest(self) -> int:
        return max(MAX_SECONDS[kind] for kind in self.kinds.values())

    def _named(self, subject: str, type_: str) -> str:
        return str(subject) % {"type": self.types(type_).label.lower()}

    def __call__(self, value: int, type_: str | None) -> None:
        if value < 1:
            raise ValidationError(_("Enter a whole number of seconds of at least 1."), code="min_value")
        limit = self.maximum(type_)
        if limit is not None and value > limit:
            raise ValidationError(
                _("For %(subject)s the maximum is %(max)d seconds (%(hint)s); you entered %(value)d.")
                % {
                    "subject": self._named(self.subject, type_),
                    "max": limit,
                    "hint": duration_hint(limit),
                    "value": value,
                },
                code="max_value",
            )

    def help_text(self, type_: str | None) -> str:
        """The range for `type_` as a form shows it beside the input; empty for an unknown type."""
        limit = self.maximum(type_)
        if limit is None:
            return ""
        return _("Whole seconds, from 1 to %(max)s (%(hint)s) for %(subject)s.") % {
            "max": f"{limit:,}".replace(",", " "),
            "hint": duration_hint(limit),
            "subject": self._named(self.hint_subject, type_),
        }

    def within_maximum(self, field: str, type_field: str = "channel_type") -> Q:
        """The database constraint's condition: `field` is at most the maximum of the row's type."""
        return Q(
            *[
                Q(**{type_field: type_, f"{field}__lte": MAX_SECONDS[kind]})
                for type_, kind in self.kinds.items()
            ],
            _connector=Q.OR,
        )
