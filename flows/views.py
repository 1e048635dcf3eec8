from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views import View

from contactcenter.selectors import related_count
from contactcenter.views import (
    MemberMixin,
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
    posted_version,
)

from .checks import ScheduleWarningCode, schedule_warnings
from .choices import Weekday
from .filtersets import (
    BusinessHoursConsoleFilterSet,
    FlowConsoleFilterSet,
    HolidayListConsoleFilterSet,
    OverrideListConsoleFilterSet,
)
from .forms import BusinessHoursForm, FlowForm, HolidayListForm, OverrideListForm, RowsOwnerForm, ShiftForm
from .models import MINUTES_PER_DAY, BusinessHours, Flow, HolidayList, OverrideList, Shift, format_minute
from .schedule import zone
from .services import (
    business_hours_create,
    business_hours_delete,
    business_hours_update,
    flow_create,
    flow_delete,
    flow_update,
    holiday_list_create,
    holiday_list_delete,
    holiday_list_update,
    override_list_create,
    override_list_delete,
    override_list_update,
)
from .snapshots import schedule_of
from .tables import BusinessHoursTable, FlowTable

WEEK_COLORS = 6


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
    filterset_class = FlowConsoleFilterSet
    table_class = FlowTable

    def list_queryset(self) -> QuerySet:
        return (
            self.get_queryset()
            .select_related("business_hours", "queue")
            .annotate(usage=related_count(Flow, "entry_points"))
        )

    def extra_context(self, page) -> dict:
        return {"nav": "flows"}


class FlowEditView(ObjectEditView):
    model = Flow
    form_class = FlowForm
    template_name = "flows/flow_form.html"
    list_url_name = "flows:flow-list"
    partial_targets = ("kind-fields",)
    create_service = staticmethod(flow_create)
    update_service = staticmethod(flow_update)

    def get_queryset(self):
        # Loaded with the flow: the Uses panel shows them, and the pickers show them as chosen.
        return super().get_queryset().select_related("business_hours", "queue")

    def page_context(self, obj, form) -> dict:
        return {"nav": "flows"}


class FlowDeleteView(ObjectDeleteView):
    model = Flow
    list_url_name = "flows:flow-list"

    def delete(self, obj: Flow, request) -> None:
        flow_delete(flow=obj, version=posted_version(request))


# Schedules and lists with inline rows


class RowsEditView(ObjectEditView):
    """Show and edit a schedule or list with its rows (a RowsOwnerForm), saved together by its services.

    Rows are added and removed in place with htmx; without JavaScript the same buttons submit the
    form, which comes back as typed with a row more or less. A read-only member sees every row disabled.
    """

    form_class: type[RowsOwnerForm]
    add_param = "_add_row"
    remove_param = "_remove_row"
    # The rows as typed, for a redraw that is not a save.
    typed_rows: list[dict] | None = None

    def get_form_kwargs(self, obj) -> dict:
        return {**super().get_form_kwargs(obj), "rows": self.typed_rows}

    def make_form(self, obj, data=None, files=None, initial=None):
        form = super().make_form(obj, data, files, initial)
        if not self.can_edit:
            for row in form.rows.forms:
                for field in row.fields.values():
                    field.disabled = True
        return form

    def post(self, request, *args, **kwargs):
        adding = self.add_param in request.POST
        removing = request.POST.get(self.remove_param, "")
        if not (adding or removing or self.refresh_param in request.POST):
            return super().post(request, *args, **kwargs)
        obj = self.load()
        rows = self.make_form(obj, request.POST).rows.typed_rows(leave_out=removing)
        self.typed_rows = [*rows, {}] if adding else rows
        return self.render_page(obj, self.typed_form(obj, request.POST))

    def save(self, form: RowsOwnerForm, obj):
        try:
            return super().save(form, obj)
        except ValidationError as error:
            raise form.service_errors(error) from None


class NewRowView(MemberMixin, View):
    """An empty row for htmx to append: the formset's empty form, numbered after the rows on the page."""

    form_class: type[RowsOwnerForm]
    template_name: str

    def get(self, request, *args, **kwargs):
        if not self.can_edit:
            raise PermissionDenied(_("Your role is read-only: you cannot change objects."))
        rows = self.form_class.rows_formset()
        try:
            index = int(request.GET.get(f"{rows.prefix}-TOTAL_FORMS", "0"))
        except ValueError:
            index = 0
        # One past the formset's bound at most: that empty row is refused with the limit's message.
        index = min(max(index, 0), rows.absolute_max)
        row = rows.empty_form
        row.prefix = rows.add_prefix(index)  # "__prefix__" becomes the row's number
        context = {"row": row, "new_row": True, "total_forms": index + 1, "prefix": rows.prefix}
        return render(request, f"{self.template_name}#row", context)


# Business hours


def week_view(shifts: list[Shift]) -> list[dict]:
    """Seven day columns of positioned shift blocks; an overnight shift's spill is drawn on the next day."""
    days = [
        {"code": code, "label": label, "short": WEEKDAYS_ABBR[index], "weekend": index >= 5, "blocks": []}
        for index, (code, label) in enumerate(Weekday.choices)
    ]
    for index, shift in enumerate(shifts):
        for day, start, end, started_on in shift.rule.day_pieces():
            spill = day != started_on
            days[day]["blocks"].append(
                {
                    "name": shift.name,
                    # The first day shows the shift's own hours; the spill shows the part after midnight.
                    "hours": f"00:00–{format_minute(end)}" if spill else shift.hours_label,
                    "shift_hours": shift.hours_label,
                    # Strings, so that a localized decimal comma never reaches the CSS.
                    "top": f"{start * 100 / MINUTES_PER_DAY:.3f}",
                    "height": f"{(end - start) * 100 / MINUTES_PER_DAY:.3f}",
                    "color": index % WEEK_COLORS,
                    "spill": spill,
                    "from_day": Weekday.labels[started_on] if spill else "",
                }
            )
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
    # The zones of the channels whose flows use the schedule, read through the reverse relation:
    # flows know nothing of channels.
    channel_zones = Flow.objects.filter(organization=organization, business_hours=business_hours).values_list(
        "entry_points__timezone", flat=True
    )
    other_zones = sorted(set(channel_zones) - {home, None})
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
    filterset_class = BusinessHoursConsoleFilterSet
    table_class = BusinessHoursTable

    def list_queryset(self) -> QuerySet:
        return (
            self.get_queryset()
            .select_related("holiday_list", "override_list")
            .prefetch_related("shifts")  # in their order (Shift.Meta.ordering: as entered)
            .annotate(usage=related_count(BusinessHours, "flows"))
        )

    def extra_context(self, page) -> dict:
        return {"nav": "business-hours"}


class BusinessHoursEditView(RowsEditView):
    model = BusinessHours
    form_class = BusinessHoursForm
    template_name = "flows/businesshours_form.html"
    list_url_name = "flows:businesshours-list"
    create_service = staticmethod(business_hours_create)
    update_service = staticmethod(business_hours_update)

    def get_queryset(self):
        # The pickers show the current lists as chosen without reading them again.
        return super().get_queryset().select_related("holiday_list", "override_list")

    def page_context(self, obj, form) -> dict:
        context = {"nav": "business-hours"}
        if not obj._state.adding:
            shifts = list(obj.shifts.all())  # as entered
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


class ShiftOvernightView(MemberMixin, View):
    """Whether a shift row, as typed, ends the next day: the hint beside the row, decided on the server."""

    def get(self, request, *args, **kwargs):
        row = ShiftForm(request.GET, prefix=request.GET.get("row", ""))
        return render(request, "flows/businesshours_form.html#overnight", {"row": row})


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
    filterset_class = HolidayListConsoleFilterSet

    def list_queryset(self) -> QuerySet:
        return self.get_queryset().annotate(
            holiday_count=related_count(HolidayList, "holidays"),
            usage=related_count(HolidayList, "business_hours"),
        )

    def extra_context(self, page) -> dict:
        return {"nav": "holiday-lists"}


class HolidayListEditView(RowsEditView):
    model = HolidayList
    form_class = HolidayListForm
    template_name = "flows/holidaylist_form.html"
    list_url_name = "flows:holidaylist-list"
    create_service = staticmethod(holiday_list_create)
    update_service = staticmethod(holiday_list_update)

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
    filterset_class = OverrideListConsoleFilterSet

    def list_queryset(self) -> QuerySet:
        return self.get_queryset().annotate(
            override_count=related_count(OverrideList, "overrides"),
            usage=related_count(OverrideList, "business_hours"),
        )

    def extra_context(self, page) -> dict:
        return {"nav": "override-lists"}


class OverrideListEditView(RowsEditView):
    model = OverrideList
    form_class = OverrideListForm
    template_name = "flows/overridelist_form.html"
    list_url_name = "flows:overridelist-list"
    create_service = staticmethod(override_list_create)
    update_service = staticmethod(override_list_update)

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
