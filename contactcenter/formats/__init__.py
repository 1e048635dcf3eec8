"""One format per kind of value, per language (settings.FORMAT_MODULE_PATH).

Templates use the names (`|date:"DATETIME_FORMAT"`), Python `django.utils.formats.date_format`:
a moment is DATETIME_FORMAT, a day DATE_FORMAT (`weekday_and_date` when the weekday matters), a clock reading TIME_FORMAT (24-hour in both
languages), a day of this year MONTH_DAY_FORMAT. The SHORT_ variants are the same, so no page
shows a date two ways. Relative times ("3 minutes ago") come from the `ago` filter only.
"""

from django.utils import formats, translation


def day_and_time(moment) -> str:
    """A moment within the current year: "24 Dec 10:00" / "24. dec. 10:00"."""
    return f"{formats.date_format(moment, 'MONTH_DAY_FORMAT')} {formats.time_format(moment, 'TIME_FORMAT')}"


def weekday_and_date(day) -> str:
    """A day named with its weekday: "Sun 25 Oct 2026" / "søndag 25. okt. 2026"."""
    weekday = "l" if translation.get_language() == "da" else "D"
    return f"{formats.date_format(day, weekday)} {formats.date_format(day, 'DATE_FORMAT')}"
