import datetime

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _

from contactcenter.forms import OrganizationModelForm
from contactcenter.validators import NAME_MAX_LENGTH

from .choices import FlowKind, OverrideState, Weekday
from .editing import RowForm, RowsModelForm
from .fields import LocalDateTimeFormField
from .models import (
    BusinessHours,
    Flow,
    Holiday,
    HolidayList,
    Override,
    OverrideList,
    Shift,
    find_shift_overlaps,
)

WEEKDAY_CHOICES = [(code, WEEKDAYS_ABBR[index]) for index, code in enumerate(Weekday.values)]


def row_name_field() -> forms.CharField:
    # No maxlength attribute: an over-long paste is shown back with its error, not cut silently.
    return forms.CharField(
        label=_("Name"),
        validators=[MaxLengthValidator(NAME_MAX_LENGTH)],
        error_messages={"required": _("Give this row a name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def minute_of(value: datetime.time) -> int:
    return value.hour * 60 + value.minute


def time_of(minute: int) -> datetime.time:
    return datetime.time(minute // 60, minute % 60)


class FlowForm(OrganizationModelForm):
    class Meta:
        model = Flow
        fields = ["name", "description", "kind", "business_hours", "queue"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "kind": forms.RadioSelect(attrs={"class": "segmented"}),
        }
        help_texts = {"name": _("Letters, digits, _ and - only; at most 80 characters.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_hours"].empty_label = _("None (always open)")
        self.fields["queue"].empty_label = _("None")
        self.fields["queue"].queryset = self.fields["queue"].queryset.order_by("name")
        self.fields["queue"].label_from_instance = lambda queue: (
            f"{queue.name} ({queue.get_queue_type_display()} · {queue.get_channel_type_display()})"
        )
        value = self.data.get(self.add_prefix("kind")) if self.is_bound else self.initial.get("kind")
        self.routing_strategy = value == FlowKind.ROUTING_STRATEGY

    def service_fields(self) -> dict:
        return self.data_for_service(*self.Meta.fields)


class ShiftForm(RowForm):
    model = Shift
    parent_field = "business_hours"
    field_map = {"start_minute": "start", "end_minute": "end"}

    name = row_name_field()
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "weekday-picks"}),
        error_messages={"required": _("Choose at least one weekday.")},
    )
    start = forms.TimeField(
        label=_("Start"),
        widget=forms.TimeInput(attrs={"type": "time", "data-shift": "start"}, format="%H:%M"),
        error_messages={"required": _("Enter a start time.")},
    )
    end = forms.TimeField(
        label=_("End"),
        widget=forms.TimeInput(attrs={"type": "time", "data-shift": "end"}, format="%H:%M"),
        error_messages={"required": _("Enter an end time.")},
    )

    def to_row(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "weekdays": list(data["weekdays"]),
            "start_minute": minute_of(data["start"]),
            "end_minute": minute_of(data["end"]),
        }

    @property
    def overnight(self) -> bool:
        """End at or before start: the shift ends the next day (from the values as typed)."""
        start, end = (str(self[name].value() or "")[:5] for name in ("start", "end"))
        return bool(start and end) and end <= start


class BusinessHoursForm(RowsModelForm):
    row_form = ShiftForm
    rows_prefix = "shifts"
    rows_relation = "shifts"

    class Meta:
        model = BusinessHours
        fields = ["name", "description", "holiday_list", "override_list"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "name": _("Letters, digits, _ and -, with single spaces between words; at most 80 characters."),
            "holiday_list": _("Closed all day on these holidays."),
            "override_list": _("Emergency closures and extra openings; they win over holidays and shifts."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holiday_list"].empty_label = _("No holiday list")
        self.fields["override_list"].empty_label = _("No override list")

    def initial_rows(self) -> list[dict]:
        if self.instance._state.adding:
            return [{}]
        return [
            {
                "name": shift.name,
                "weekdays": shift.weekdays,
                "start": time_of(shift.start_minute),
                "end": time_of(shift.end_minute),
            }
            for shift in self.instance.shifts.all()
        ]

    def check_rows(self, rows: list[ShiftForm]) -> None:
        # The service refuses overlaps too; here each message is put beside both shifts it names.
        shifts = [Shift(**row.to_row()) for row in rows]
        row_of = {id(shift): row for shift, row in zip(shifts, rows, strict=True)}
        for overlap in find_shift_overlaps(shifts):
            for shift in (overlap.first, overlap.second):
                row_of[id(shift)].add_error(None, overlap.message)

    def service_fields(self) -> dict:
        return {"shifts": self.row_values()}


class HolidayForm(RowForm):
    model = Holiday
    parent_field = "holiday_list"

    name = row_name_field()
    start_date = forms.DateField(
        label=_("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the first day.")},
    )
    end_date = forms.DateField(
        label=_("End date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the last day (the same day for a one-day holiday).")},
        help_text=_("Inclusive."),
    )
    repeats_yearly = forms.BooleanField(label=_("Every year"), required=False)

    def to_row(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "repeats_yearly": bool(data.get("repeats_yearly")),
        }


class HolidayListForm(RowsModelForm):
    row_form = HolidayForm
    rows_prefix = "holidays"
    rows_relation = "holidays"

    class Meta:
        model = HolidayList
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "name": _("Letters, digits, _ and -, with single spaces between words; at most 80 characters."),
        }

    def initial_rows(self) -> list[dict]:
        if self.instance._state.adding:
            return [{}]
        return [
            {
                "name": holiday.name,
                "start_date": holiday.start_date,
                "end_date": holiday.end_date,
                "repeats_yearly": holiday.repeats_yearly,
            }
            for holiday in self.instance.holidays.all()
        ]

    def service_fields(self) -> dict:
        return {"holidays": self.row_values()}


class OverrideForm(RowForm):
    model = Override
    parent_field = "override_list"

    name = row_name_field()
    start = LocalDateTimeFormField(label=_("Start"), error_messages={"required": _("Enter when it starts.")})
    end = LocalDateTimeFormField(label=_("End"), error_messages={"required": _("Enter when it ends.")})
    state = forms.ChoiceField(label=_("Contact center is"), choices=OverrideState.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A row left at its default is an empty row, not a half-filled one.
        self.fields["state"].initial = OverrideState.CLOSED

    def to_row(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "start": data["start"],
            "end": data["end"],
            "state": data["state"],
        }


class OverrideListForm(RowsModelForm):
    row_form = OverrideForm
    rows_prefix = "overrides"
    rows_relation = "overrides"

    class Meta:
        model = OverrideList
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "name": _("Letters, digits, _ and -, with single spaces between words; at most 80 characters."),
        }

    def initial_rows(self) -> list[dict]:
        if self.instance._state.adding:
            return [{}]
        return [
            {"name": item.name, "start": item.start, "end": item.end, "state": item.state}
            for item in self.instance.overrides.all()
        ]

    def service_fields(self) -> dict:
        return {"overrides": self.row_values()}
