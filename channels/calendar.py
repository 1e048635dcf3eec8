"""The range of a channel's calendar preview: which local days, with the same rules for the console's
page (``CalendarRangeForm``) and the API (``channels.api.calendar``, which imports them from here)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from flows.schedule import zone

DEFAULT_DAYS = 14
MAX_DAYS = 31
# The engine counts from 1970; far-future dates only make zone rules up, so the range stops in 2199.
FIRST_START = datetime.date(1970, 1, 1)
LAST_START = datetime.date(2199, 12, 31)
START_FORMAT = "%Y-%m-%d"
START_HELP = _(
    "First local date shown, YYYY-MM-DD, between 1970-01-01 and 2199-12-31; "
    "default: today in the channel's time zone."
)
DAYS_HELP = _("How many whole local days, 1 to 31; default 14.")


def validate_calendar_start(value: datetime.date) -> None:
    if not FIRST_START <= value <= LAST_START:
        raise ValidationError(
            _("Choose a date between %(first)s and %(last)s.")
            % {
                "first": formats.date_format(FIRST_START, "DATE_FORMAT"),
                "last": formats.date_format(LAST_START, "DATE_FORMAT"),
            },
            code="out_of_range",
        )


class CalendarRangeForm(forms.Form):
    """The console's query string; its messages are the API's (channels.api.calendar), word for word."""

    start = forms.DateField(
        required=False,
        label=_("Start date"),
        input_formats=[START_FORMAT],
        validators=[validate_calendar_start],
        help_text=START_HELP,
        error_messages={"invalid": _("Date has wrong format. Use one of these formats instead: YYYY-MM-DD.")},
    )
    days = forms.IntegerField(
        required=False,
        label=_("Days"),
        min_value=1,
        max_value=MAX_DAYS,
        help_text=DAYS_HELP,
        error_messages={"invalid": _("A valid integer is required.")},
    )


def calendar_range(entry_point, values: dict) -> tuple[datetime.date, int]:
    """(first local date, days) from valid `start` and `days`: start defaults to the channel's today."""
    start = values.get("start") or timezone.now().astimezone(zone(entry_point.timezone)).date()
    return start, values.get("days") or DEFAULT_DAYS
