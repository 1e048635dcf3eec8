"""The audit trail of flows, schedules, holiday and override lists (see audit.registry)."""

from django.utils import formats
from django.utils.translation import gettext as _

from audit.registry import RelatedSet, Tracked, register
from audit.restore import row_values, service_fields

from .choices import Weekday
from .models import BusinessHours, Flow, HolidayList, OverrideList
from .services import (
    business_hours_create,
    business_hours_update,
    flow_create,
    flow_update,
    holiday_list_create,
    holiday_list_update,
    override_list_create,
    override_list_update,
)


def weekdays_text(weekdays) -> str:
    """Mon–Fri, Sat, Sun: runs of consecutive days joined by a dash."""
    order = Weekday.values
    days = sorted({day for day in weekdays if day in order}, key=order.index)
    runs: list[list[str]] = []
    for day in days:
        if runs and order.index(day) == order.index(runs[-1][-1]) + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    short = {day: str(Weekday(day).label)[:3] for day in days}
    return ", ".join(short[run[0]] if len(run) == 1 else f"{short[run[0]]}–{short[run[-1]]}" for run in runs)


def shift_text(shift) -> str:
    return f"{weekdays_text(shift.weekdays)} {shift.hours_label}"


def holiday_text(holiday) -> str:
    pattern = "j M" if holiday.repeats_yearly else "j M Y"
    start = formats.date_format(holiday.start_date, pattern)
    text = (
        start
        if holiday.end_date == holiday.start_date
        else f"{start} – {formats.date_format(holiday.end_date, pattern)}"
    )
    return _("%(dates)s, every year") % {"dates": text} if holiday.repeats_yearly else text


def override_text(override) -> str:
    start = formats.date_format(override.start, "j M Y H:i")
    end = formats.date_format(override.end, "j M Y H:i")
    return f"{start} – {end}, {override.get_state_display().lower()}"


FLOW_FIELDS = ("name", "description", "kind", "business_hours", "queue")
BUSINESS_HOURS_FIELDS = ("name", "description", "holiday_list", "override_list")
LIST_FIELDS = ("name", "description")


def restore_flow(flow, state, organization, tracked):
    fields = service_fields(tracked, state, organization, FLOW_FIELDS)
    if flow is None:
        return flow_create(organization=organization, **fields)
    return flow_update(flow=flow, version=None, **fields)


def _rows_restore(create, update, keyword: str, names: tuple[str, ...], relation: str):
    def restore(obj, state, organization, tracked):
        fields = service_fields(tracked, state, organization, names)
        rows = row_values(tracked, state, relation)
        if obj is None:
            return create(organization=organization, **{relation: rows}, **fields)
        return update(**{keyword: obj}, version=None, **{relation: rows}, **fields)

    return restore


register(
    Tracked(Flow, "flow", FLOW_FIELDS, restore=restore_flow, console_prefix="flows", api_resource="flows")
)
register(
    Tracked(
        BusinessHours,
        "businesshours",
        BUSINESS_HOURS_FIELDS,
        related=(RelatedSet("shifts", shift_text, ordered=True),),
        restore=_rows_restore(
            business_hours_create, business_hours_update, "business_hours", BUSINESS_HOURS_FIELDS, "shifts"
        ),
        console_prefix="business-hours",
        api_resource="business-hours",
    )
)
register(
    Tracked(
        HolidayList,
        "holidaylist",
        LIST_FIELDS,
        related=(RelatedSet("holidays", holiday_text),),
        restore=_rows_restore(
            holiday_list_create, holiday_list_update, "holiday_list", LIST_FIELDS, "holidays"
        ),
        console_prefix="holiday-lists",
        api_resource="holiday-lists",
    )
)
register(
    Tracked(
        OverrideList,
        "overridelist",
        LIST_FIELDS,
        related=(RelatedSet("overrides", override_text),),
        restore=_rows_restore(
            override_list_create, override_list_update, "override_list", LIST_FIELDS, "overrides"
        ),
        console_prefix="override-lists",
        api_resource="override-lists",
    )
)
