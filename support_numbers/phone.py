"""Phone-number parsing and description, through the phonenumbers library (country names from a small
table: its geocoder holds about 97 MB)."""

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from .countries import COUNTRY_NAMES

NUMBER_TYPE_LABELS = {
    PhoneNumberType.TOLL_FREE: gettext_lazy("Toll-free"),
    PhoneNumberType.FIXED_LINE: gettext_lazy("Fixed line"),
    PhoneNumberType.MOBILE: gettext_lazy("Mobile"),
    PhoneNumberType.FIXED_LINE_OR_MOBILE: gettext_lazy("Fixed line or mobile"),
    PhoneNumberType.PREMIUM_RATE: gettext_lazy("Premium rate"),
    PhoneNumberType.SHARED_COST: gettext_lazy("Shared cost"),
    PhoneNumberType.VOIP: gettext_lazy("VoIP"),
    PhoneNumberType.UAN: gettext_lazy("Universal access number"),
}


def normalize_number(raw: str) -> str:
    """Parse a number written in any common international form and return it in E.164."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Enter a phone number."), code="required")
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text.startswith("+"):
        raise ValidationError(
            _(
                "Write “%(raw)s” in international form, starting with + and the country code (+45 33 12 34 56)."
            )
            % {"raw": raw.strip()},
            code="no_country",
        )
    try:
        parsed = phonenumbers.parse(text, None)
    except NumberParseException:
        raise ValidationError(
            _("“%(raw)s” is not a phone number.") % {"raw": raw.strip()}, code="invalid"
        ) from None
    if not phonenumbers.is_valid_number(parsed):
        region = phonenumbers.region_code_for_country_code(parsed.country_code)
        raise ValidationError(
            _("“%(raw)s” is not a valid number in %(region)s: check the number of digits and the prefix.")
            % {"raw": raw.strip(), "region": region if region != "ZZ" else _("any country")},
            code="invalid",
        )
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)


@dataclass(frozen=True)
class NumberInfo:
    international: str
    country_code: str
    country: str
    number_type: str


def describe_number(e164: str) -> NumberInfo:
    """How a stored number is shown: parsed once per number and language in a process, not on every page
    (phonenumbers takes about a tenth of a millisecond for each, and a list shows 25 to 100)."""
    return _described(e164, get_language())


@lru_cache(maxsize=20_000)
def _described(e164: str, language: str | None) -> NumberInfo:
    # `language` keys the cache: the type's label is translated into the current language.
    parsed = phonenumbers.parse(e164, None)
    region = phonenumbers.region_code_for_number(parsed) or ""
    return NumberInfo(
        international=phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL),
        country_code=region,
        country=COUNTRY_NAMES.get(region, region),
        number_type=str(NUMBER_TYPE_LABELS.get(phonenumbers.number_type(parsed), _("Other"))),
    )
