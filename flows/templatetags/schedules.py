from django import template
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from flows.choices import WEEKDAY_INDEX

register = template.Library()


@register.filter
def weekday_span(codes) -> str:
    """Weekdays as people write them: a run of three or more joined by a dash, "Every day" for all."""
    days = sorted({WEEKDAY_INDEX[code] for code in codes or () if code in WEEKDAY_INDEX})
    if len(days) == 7:
        return _("Every day")
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{WEEKDAYS_ABBR[run[0]]}–{WEEKDAYS_ABBR[run[-1]]}")
        else:
            parts.extend(str(WEEKDAYS_ABBR[day]) for day in run)
    return ", ".join(parts)
