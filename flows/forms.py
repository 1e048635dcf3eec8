import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.forms.formsets import TOTAL_FORM_COUNT
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.forms.utils import ErrorList
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _

from contactcenter.forms import OrganizationModelForm
from contactcenter.pickers import use_picker
from contactcenter.services import model_verdict
from contactcenter.validators import NAME_MAX_LENGTH

from .choices import FlowKind, OverrideState, Weekday
from .fields import LocalDateTimeFormField
from .models import BusinessHours, Flow, Holiday, HolidayList, Override, OverrideList, Shift
from .schedule import ShiftRule
from .services import RowsRule, row_count_check, rows_check, rows_limit, shifts_check

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
            "kind": forms.RadioSelect(attrs={"class": "segmented", "data-refresh": ""}),
        }
        help_texts = {"name": _("Letters, digits, _ and - only; at most 80 characters.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Pickers: the current value and about twenty matches, however many there are.
        use_picker(self, "business_hours", "business-hours")
        use_picker(self, "queue", "queues")
        value = self.data.get(self.add_prefix("kind")) if self.is_bound else self.initial.get("kind")
        self.routing_strategy = value == FlowKind.ROUTING_STRATEGY


# Inline rows: shifts, holidays, overrides


class RowForm(forms.ModelForm):
    """One inline row. Like OrganizationModelForm it only parses; the service judges the rows."""

    # Model field -> form field, where they differ, so that a rule's error lands beside what was typed.
    typed_as: dict[str, str] = {}

    def _post_clean(self):
        # No construct_instance(), no full_clean(): flows.services.rows_check runs the rules once.
        pass

    @classmethod
    def initial_of(cls, row: models.Model) -> dict:
        """A stored row as the initial values of a form."""
        return {name: getattr(row, name) for name in cls.Meta.fields}

    def row_values(self) -> dict:
        """The parsed row as keyword arguments for the row model (and the service)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def field_for(self, model_field: str) -> str | None:
        """The form field that shows the errors of `model_field` (None: the row as a whole)."""
        name = self.typed_as.get(model_field, model_field)
        return name if name in self.fields else None


class LimitedRowsMixin:
    """A formset of rows (the console's and the admin's) bounded by the services' limit.

    It reads at most twice `rows_limit`: rows typed past the limit still come back, beside the limit's
    message from the services' row checks. A management form that claims more rows than that is
    refused with the same message before their forms are built (Django would say "Please submit at
    most … forms.").
    """

    model: type[models.Model]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.absolute_max = 2 * rows_limit(self.model)

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.management_form.is_valid():
            claimed = self.management_form.cleaned_data[TOTAL_FORM_COUNT]
            if claimed > self.absolute_max:
                self._non_form_errors = self.error_class(
                    row_count_check(self.model, claimed), error_class="nonform", renderer=self.renderer
                )


class RowsFormSet(LimitedRowsMixin, BaseInlineFormSet):
    """The rows of a schedule or list, edited inline and saved with it by its service.

    The service replaces the stored rows with the submitted ones, so every row drawn is a new
    ("extra") row: a row left empty is ignored, and a row removed in the browser only leaves a gap in
    the numbering. Unbound, the formset draws `rows`, the initial values of the stored rows or of the
    rows as typed when the page is redrawn without saving.
    """

    # The rules over the whole set besides unique names (flows.services), such as shifts_check.
    across: RowsRule | None = None

    def __init__(self, data=None, *, instance=None, rows: list[dict] | None = None, **kwargs):
        queryset = self.model._default_manager.none()
        super().__init__(data, instance=instance, queryset=queryset, initial=rows, **kwargs)
        self.extra = len(rows or ())
        # Every row given is drawn, even past the bound (rows stored before a lower limit was set).
        self.max_num = max(self.absolute_max, self.extra)

    @classmethod
    def relation(cls) -> str:
        """The parent's name for its rows ("shifts"): the formset's prefix and the service's keyword."""
        return cls.get_default_prefix()

    @property
    def filled_forms(self) -> list[RowForm]:
        # A row the browser did not send at all (a forged TOTAL_FORMS counts rows that are not there)
        # is no row, even where a missing field differs from its initial value (an override's state).
        return [
            form
            for form in self.forms
            if form.has_changed()
            and (not self.is_bound or any(form.add_prefix(name) in self.data for name in form.fields))
        ]

    @property
    def shown_forms(self) -> list[RowForm]:
        """The rows to draw: every row, but after a failed save only the rows that were filled."""
        return self.filled_forms if self.is_bound else self.forms

    def service_rows(self) -> list[dict]:
        return [form.row_values() for form in self.filled_forms]

    def typed_rows(self, *, leave_out: str = "") -> list[dict]:
        """The filled rows as typed (nothing validated), but the one whose prefix is `leave_out`."""
        return [
            {name: form[name].data for name in self.form.base_fields}
            for form in self.filled_forms
            if form.prefix != leave_out
        ]

    def place_errors(self, errors: list[ValidationError], rows: list[RowForm]) -> list[ValidationError]:
        """Put the rules' errors beside the rows they name (positions in `rows`, see flows.services);
        return the errors about the rows as a whole."""
        rest = []
        for error in errors:
            params = error.params or {}
            if "row" in params:
                row = rows[params["row"]]
                row.add_error(row.field_for(params["field"]), params["message"])
            elif "rows" in params:
                for position in params["rows"]:
                    row = rows[position]
                    row.add_error(row.field_for(params["field"]) if "field" in params else None, error)
            else:
                rest.append(error)
        return rest

    def judge_parsed(self) -> list[ValidationError]:
        """The rules on the rows that did parse, when the service will not run (see RowsOwnerForm)."""
        filled = self.filled_forms
        too_many = row_count_check(self.model, len(filled))
        if too_many:
            # Unless the management form's claim has been refused with the same message already.
            return [] if self.non_form_errors() else too_many
        parsed = [form for form in filled if form.is_valid()]
        # The rules over the whole set only once the set is known.
        complete = len(parsed) == len(filled) and not self.non_form_errors()
        _rows, errors = rows_check(
            self.model,
            [form.row_values() for form in parsed],
            parent_field=self.fk.name,
            across=self.across if complete else None,
        )
        return self.place_errors(errors, parsed)


class RowsOwnerForm(OrganizationModelForm):
    """A schedule or list with its rows: `rows` is the inline formset, saved with the parent by the
    parent's service (`service_fields()` carries the rows too).

    `rows` (initial values) redraws those rows instead of the stored ones: the page as typed, with
    a row more or less, when a button other than Save was pressed without JavaScript.
    """

    rows_formset: type[RowsFormSet]

    def __init__(self, *args, rows: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.rows = self.rows_formset(self.data, instance=self.instance)
        else:
            self.rows = self.rows_formset(
                instance=self.instance, rows=self.stored_rows() if rows is None else rows
            )
        # Errors about the rows as a whole, such as "A schedule needs at least one shift."
        self.rows_errors = ErrorList()

    def stored_rows(self) -> list[dict]:
        """The rows a form opens with: the stored ones, or one empty row for a new object."""
        if self.instance._state.adding:
            return [{}]
        row_form = self.rows_formset.form
        return [
            row_form.initial_of(row) for row in getattr(self.instance, self.rows_formset.relation()).all()
        ]

    def _post_clean(self):
        super()._post_clean()
        parent_parsed, rows_parsed = not self._errors, self.rows.is_valid()
        if not (parent_parsed and rows_parsed):
            # The service will not run: what did parse is judged by the same rules now, so that one
            # submit names every mistake (a parent that did not parse has brought its verdict already).
            if parent_parsed:
                for name, errors in model_verdict(self.instance, self.verdict_values()).items():
                    self.add_error(name, errors)
            self.rows_errors.extend(self.rows.judge_parsed())

    def is_valid(self) -> bool:
        return super().is_valid() and self.rows.is_valid()

    @property
    def rows_have_errors(self) -> bool:
        return bool(
            self.rows_errors or self.rows.non_form_errors() or any(row.errors for row in self.rows.forms)
        )

    def service_fields(self) -> dict:
        return {**super().service_fields(), self.rows.relation(): self.rows.service_rows()}

    def service_errors(self, error: ValidationError) -> ValidationError:
        """Put a service's errors about the rows beside the rows; what is left is for the parent's fields."""
        if not hasattr(error, "error_dict"):
            return error
        errors = dict(error.error_dict)
        rows = errors.pop(self.rows.relation(), [])
        self.rows_errors.extend(self.rows.place_errors(rows, self.rows.filled_forms))
        return ValidationError(errors)


class ShiftForm(RowForm):
    typed_as = {"start_minute": "start", "end_minute": "end"}

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

    class Meta:
        model = Shift
        fields = ("name", "weekdays")

    @classmethod
    def initial_of(cls, row: Shift) -> dict:
        return {**super().initial_of(row), "start": time_of(row.start_minute), "end": time_of(row.end_minute)}

    def row_values(self) -> dict:
        data = self.cleaned_data
        return {
            **super().row_values(),
            "start_minute": minute_of(data["start"]),
            "end_minute": minute_of(data["end"]),
        }

    @property
    def overnight(self) -> bool:
        """Whether the row, as typed, ends the next day (the engine's ShiftRule decides)."""
        try:
            start, end = (self.fields[name].clean(self[name].value()) for name in ("start", "end"))
        except ValidationError:
            return False
        return ShiftRule("", (), minute_of(start), minute_of(end)).overnight


class ShiftRowsFormSet(RowsFormSet):
    across = staticmethod(shifts_check)


class HolidayForm(RowForm):
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

    class Meta:
        model = Holiday
        fields = ("name", "start_date", "end_date", "repeats_yearly")


class OverrideForm(RowForm):
    name = row_name_field()
    start = LocalDateTimeFormField(label=_("Start"), error_messages={"required": _("Enter when it starts.")})
    end = LocalDateTimeFormField(label=_("End"), error_messages={"required": _("Enter when it ends.")})
    # Initially closed, the model's default: a row left at its defaults is an empty row, not a half-filled one.
    state = forms.ChoiceField(
        label=_("Contact center is"), choices=OverrideState.choices, initial=OverrideState.CLOSED
    )

    class Meta:
        model = Override
        fields = ("name", "start", "end", "state")


def inline_rows(
    parent: type[models.Model], form: type[RowForm], formset: type[RowsFormSet] = RowsFormSet
) -> type[RowsFormSet]:
    return inlineformset_factory(
        parent,
        form.Meta.model,
        form=form,
        formset=formset,
        extra=0,
        can_delete=False,
    )


class BusinessHoursForm(RowsOwnerForm):
    rows_formset = inline_rows(BusinessHours, ShiftForm, ShiftRowsFormSet)

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
        use_picker(self, "holiday_list", "holiday-lists")
        use_picker(self, "override_list", "override-lists")


class HolidayListForm(RowsOwnerForm):
    rows_formset = inline_rows(HolidayList, HolidayForm)

    class Meta:
        model = HolidayList
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "name": _("Letters, digits, _ and -, with single spaces between words; at most 80 characters."),
        }


class OverrideListForm(RowsOwnerForm):
    rows_formset = inline_rows(OverrideList, OverrideForm)

    class Meta:
        model = OverrideList
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "name": _("Letters, digits, _ and -, with single spaces between words; at most 80 characters."),
        }
