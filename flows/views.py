from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR

from channels.models import EntryPoint
from contactcenter.views import ObjectDeleteView, ObjectEditView, ObjectListView, version_from

from .checks import ScheduleWarningCode, schedule_warnings
from .choices import WEEKDAY_INDEX, FlowKind, Weekday
from .editing import NewRowView, RowsEditMixin, choice_filter, posted_version, rows_errors_into, usage_filter
from .forms import BusinessHoursForm, FlowForm, HolidayListForm, OverrideListForm
from .models import MINUTES_PER_DAY, BusinessHours, Flow, HolidayList, OverrideList, Shift, format_minute
from .schedule import zone
from .services import (
    business_hours_delete,
    business_hours_save,
    flow_create,
    flow_delete,
    flow_update,
    holiday_list_delete,
    holiday_list_save,
    override_list_delete,
    override_list_save,
)
from .snapshots import schedule_of

WEEK_COLORS = 6


def presence_filter(field: str):
    """`yes` / `no`: whether the optional relation `field` is set."""

    def apply(queryset: QuerySet, value: str) -> QuerySet:
        if value in ("yes", "no"):
            return queryset.filter(**{f"{field}__isnull": value == "no"})
        return queryset

    return apply


# Flows


class FlowListView(ObjectListView):
    model = Flow
    template_name = "flows/flow_list.html"
    sort_fields = {
        "name": "name",
        "kind": "kind",
        "hours": "business_hours__name",
        "queue": "queue__name",
        "usage": "usage",
        "updated": "updated_at",
    }
    filters = {
        "kind": choice_filter("kind", FlowKind),
        "business_hours": presence_filter("business_hours"),
        "usage": usage_filter,
    }

    def list_queryset(self) -> QuerySet:
        return (
            self.get_queryset()
            .select_related("business_hours", "queue")
            .annotate(usage=Count("entry_points", distinct=True))
        )

    def extra_context(self, page) -> dict:
        return {"nav": "flows", "kinds": FlowKind.choices}


class FlowEditView(ObjectEditView):
    model = Flow
    form_class = FlowForm
    template_name = "flows/flow_form.html"
    list_url_name = "flows:flow-list"
    partial_targets = ("kind-fields",)

    def save(self, form: FlowForm, obj: Flow) -> Flow:
        if obj._state.adding:
            return flow_create(organization=self.organization, **form.service_fields())
        return flow_update(flow=obj, version=version_from(form), **form.service_fields())

    def page_context(self, obj, form) -> dict:
        return {"nav": "flows"}


class FlowDeleteView(ObjectDeleteView):
    model = Flow
    list_url_name = "flows:flow-list"

    def delete(self, obj: Flow, request) -> None:
        flow_delete(flow=obj, version=posted_version(request))


# Business hours


def week_view(shifts: list[Shift]) -> list[dict]:
    """Seven day columns of positioned shift blocks; an overnight shift's spill is drawn on the next day."""
    days = [
        {"code": code, "label": label, "short": WEEKDAYS_ABBR[index], "weekend": index >= 5, "blocks": []}
        for index, (code, label) in enumerate(Weekday.choices)
    ]

    def block(day: int, shift: Shift, color: int, start: int, end: int, spilled_from: str = "") -> None:
        days[day]["blocks"].append(
            {
                "name": shift.name,
                # The first day shows the shift's own hours; the spill shows the part after midnight.
                "hours": f"00:00–{format_minute(end)}" if spilled_from else shift.hours_label,
                "shift_hours": shift.hours_label,
                # Strings, so that a localized decimal comma never reaches the CSS.
                "top": f"{start * 100 / MINUTES_PER_DAY:.3f}",
                "height": f"{(end - start) * 100 / MINUTES_PER_DAY:.3f}",
                "color": color,
                "spill": bool(spilled_from),
                "from_day": Weekday(spilled_from).label if spilled_from else "",
            }
        )

    for index, shift in enumerate(shifts):
        for shift_day in shift.weekdays:
            day = WEEKDAY_INDEX[shift_day]
            end = shift.start_minute + shift.duration_minutes
            block(day, shift, index % WEEK_COLORS, shift.start_minute, min(end, MINUTES_PER_DAY))
            if end > MINUTES_PER_DAY:
                block((day + 1) % 7, shift, index % WEEK_COLORS, 0, end - MINUTES_PER_DAY, shift_day)
    for day in days:
        day["blocks"].sort(key=lambda item: float(item["top"]))
    return days


WEEK_HOURS = [{"label": f"{hour:02d}:00", "top": f"{hour * 100 / 24:.3f}"} for hour in range(0, 25, 3)]


def schedule_checks(business_hours: BusinessHours, organization) -> dict:
    """The schedule's warnings as of today, in the organization's time zone; clock changes are also checked
    in the zones of the channels that follow the schedule, since a DST change cuts a shift only there."""
    schedule = schedule_of(business_hours)
    home = organization.timezone
    items = [
        {
            "warning": warning,
            "zone": home if warning.code == ScheduleWarningCode.CLOCK_CHANGE_IN_SHIFT else "",
        }
        for warning in schedule_warnings(
            schedule, today=timezone.now().astimezone(zone(home)).date(), tz=home
        )
    ]
    other_zones = sorted(
        set(
            EntryPoint.objects.filter(organization=organization, flow__business_hours=business_hours)
            .exclude(timezone=home)
            .values_list("timezone", flat=True)
        )
    )
    for other in other_zones:
        today = timezone.now().astimezone(zone(other)).date()
        items.extend(
            {"warning": warning, "zone": other}
            for warning in schedule_warnings(schedule, today=today, tz=other)
            if warning.code == ScheduleWarningCode.CLOCK_CHANGE_IN_SHIFT
        )
    return {"schedule_warnings": items, "checks_zone": home, "checks_other_zones": other_zones}


class BusinessHoursListView(ObjectListView):
    model = BusinessHours
    template_name = "flows/businesshours_list.html"
    sort_fields = {
        "name": "name",
        "holidays": "holiday_list__name",
        "overrides": "override_list__name",
        "usage": "usage",
        "updated": "updated_at",
    }
    filters = {
        "holiday_list": presence_filter("holiday_list"),
        "override_list": presence_filter("override_list"),
        "usage": usage_filter,
    }

    def list_queryset(self) -> QuerySet:
        return (
            self.get_queryset()
            .select_related("holiday_list", "override_list")
            .prefetch_related(Prefetch("shifts", queryset=Shift.objects.order_by("start_minute", "name")))
            .annotate(usage=Count("flows", distinct=True))
        )

    def extra_context(self, page) -> dict:
        return {"nav": "business-hours"}


class BusinessHoursEditView(RowsEditMixin, ObjectEditView):
    model = BusinessHours
    form_class = BusinessHoursForm
    template_name = "flows/businesshours_form.html"
    list_url_name = "flows:businesshours-list"

    def save(self, form: BusinessHoursForm, obj: BusinessHours) -> BusinessHours:
        with rows_errors_into(form):
            return business_hours_save(
                business_hours=form.parsed_instance(), version=version_from(form), **form.service_fields()
            )

    def page_context(self, obj, form) -> dict:
        context = {"nav": "business-hours"}
        if not obj._state.adding:
            shifts = list(obj.shifts.order_by("start_minute", "name"))
            context.update(
                week=week_view(shifts),
                week_hours=WEEK_HOURS,
                week_legend=[{"shift": shift, "color": i % WEEK_COLORS} for i, shift in enumerate(shifts)],
                **schedule_checks(obj, self.organization),
            )
        return context


class ShiftRowView(NewRowView):
    form_class = BusinessHoursForm
    template_name = "flows/businesshours_form.html"


class BusinessHoursDeleteView(ObjectDeleteView):
    model = BusinessHours
    list_url_name = "flows:businesshours-list"

    def delete(self, obj: BusinessHours, request) -> None:
        business_hours_delete(business_hours=obj, version=posted_version(request))


# Holiday lists


class HolidayListListView(ObjectListView):
    model = HolidayList
    template_name = "flows/holidaylist_list.html"
    sort_fields = {"name": "name", "count": "holiday_count", "usage": "usage", "updated": "updated_at"}
    filters = {"usage": usage_filter}

    def list_queryset(self) -> QuerySet:
        return self.get_queryset().annotate(
            holiday_count=Count("holidays", distinct=True), usage=Count("business_hours", distinct=True)
        )

    def extra_context(self, page) -> dict:
        return {"nav": "holiday-lists"}


class HolidayListEditView(RowsEditMixin, ObjectEditView):
    model = HolidayList
    form_class = HolidayListForm
    template_name = "flows/holidaylist_form.html"
    list_url_name = "flows:holidaylist-list"

    def save(self, form: HolidayListForm, obj: HolidayList) -> HolidayList:
        with rows_errors_into(form):
            return holiday_list_save(
                holiday_list=form.parsed_instance(), version=version_from(form), **form.service_fields()
            )

    def page_context(self, obj, form) -> dict:
        return {"nav": "holiday-lists"}


class HolidayRowView(NewRowView):
    form_class = HolidayListForm
    template_name = "flows/holidaylist_form.html"


class HolidayListDeleteView(ObjectDeleteView):
    model = HolidayList
    list_url_name = "flows:holidaylist-list"

    def delete(self, obj: HolidayList, request) -> None:
        holiday_list_delete(holiday_list=obj, version=posted_version(request))


# Override lists


class OverrideListListView(ObjectListView):
    model = OverrideList
    template_name = "flows/overridelist_list.html"
    sort_fields = {"name": "name", "count": "override_count", "usage": "usage", "updated": "updated_at"}
    filters = {"usage": usage_filter}

    def list_queryset(self) -> QuerySet:
        return self.get_queryset().annotate(
            override_count=Count("overrides", distinct=True), usage=Count("business_hours", distinct=True)
        )

    def extra_context(self, page) -> dict:
        return {"nav": "override-lists"}


class OverrideListEditView(RowsEditMixin, ObjectEditView):
    model = OverrideList
    form_class = OverrideListForm
    template_name = "flows/overridelist_form.html"
    list_url_name = "flows:overridelist-list"

    def save(self, form: OverrideListForm, obj: OverrideList) -> OverrideList:
        with rows_errors_into(form):
            return override_list_save(
                override_list=form.parsed_instance(), version=version_from(form), **form.service_fields()
            )

    def page_context(self, obj, form) -> dict:
        return {"nav": "override-lists"}


class OverrideRowView(NewRowView):
    form_class = OverrideListForm
    template_name = "flows/overridelist_form.html"


class OverrideListDeleteView(ObjectDeleteView):
    model = OverrideList
    list_url_name = "flows:overridelist-list"

    def delete(self, obj: OverrideList, request) -> None:
        override_list_delete(override_list=obj, version=posted_version(request))
