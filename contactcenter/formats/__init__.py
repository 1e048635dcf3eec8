"""One format per kind of value, per language (settings.FORMAT_MODULE_PATH).

Templates use the names (`|date:"DATETIME_FORMAT"`), Python `django.utils.formats.date_format`:
a moment is DATETIME_FORMAT, a day DATE_FORMAT, a clock reading TIME_FORMAT (24-hour in both
languages), a day of this year MONTH_DAY_FORMAT. The SHORT_ variants are the same, so no page
shows a date two ways. Relative times ("3 minutes ago") come from the `ago` filter only.
"""

from django.utils import formats


def day_and_time(moment) -> str:
    """A moment within the current year: "24 Dec 10:00" / "24. dec. 10:00"."""
    return f"{formats.date_format(moment, 'MONTH_DAY_FORMAT')} {formats.time_format(moment, 'TIME_FORMAT')}"
