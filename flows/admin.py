from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy

from contactcenter.admin import VersionedAdmin
from contactcenter.services import service_keyword

from .choices import Weekday
from .forms import LimitedRowsMixin
from .models import BusinessHours, Flow, Holiday, HolidayList, Override, OverrideList, Shift
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
    row_count_check,
    row_names_check,
    rows_limit,
    shifts_check,
)


@admin.register(Flow)
class FlowAdmin(VersionedAdmin):
    list_display = ("name", "organization", "kind", "business_hours", "queue")
    list_filter = ("organization", "kind")
    search_fields = ("name", "description", "organization__name")
    list_select_related = ("organization", "business_hours", "queue")
    create_service = staticmethod(flow_create)
    update_service = staticmethod(flow_update)
    delete_service = staticmethod(flow_delete)


class RowsFormSet(LimitedRowsMixin, BaseInlineFormSet):
    """Rows of one schedule or list; the rules across rows are the services' own check functions."""

    def stored_forms(self) -> list[forms.ModelForm]:
        """The rows the change would leave, valid or not: blank extra rows and deleted rows aside."""
        initial = self.initial_form_count()
        return [
            form
            for index, form in enumerate(self.forms)
            if (index < initial or form.has_changed()) and not self._should_delete_form(form)
        ]

    def kept_forms(self) -> list[forms.ModelForm]:
        """Valid rows that will be stored: blank extra rows and rows marked for deletion are left out."""
        return [
            form
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not self._should_delete_form(form)
        ]

    def clean(self):
        super().clean()
        errors = row_count_check(self.model, len(self.stored_forms())) or row_names_check(
            [form.instance for form in self.kept_forms()]
        )
        if errors:
            raise ValidationError(errors)


class ShiftFormSet(RowsFormSet):
    def clean(self):
        super().clean()
        kept = [form.instance for form in self.kept_forms()]
        # The admin does not pass the inline's validate_min to the formset: "at least one shift" is
        # checked here, unless the rows have errors of their own.
        if kept or not any(form.errors for form in self.forms):
            errors = shifts_check(kept)
            if errors:
                raise ValidationError(errors)


class ShiftAdminForm(forms.ModelForm):
    weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("weekdays"), choices=Weekday.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Shift
        fields = ("name", "weekdays", "start_minute", "end_minute")


class RowsInline(admin.TabularInline):
    extra = 0

    def get_max_num(self, request, obj=None, **kwargs) -> int:
        # The admin offers no "Add another" row past the limit.
        return rows_limit(self.model)


class ShiftInline(RowsInline):
    model = Shift
    form = ShiftAdminForm
    formset = ShiftFormSet
    min_num = 1
    validate_min = True


class HolidayInline(RowsInline):
    model = Holiday
    formset = RowsFormSet
    fields = ("name", "start_date", "end_date", "repeats_yearly")


class OverrideInline(RowsInline):
    model = Override
    formset = RowsFormSet
    fields = ("name", "start", "end", "state")


class RowsParentAdmin(VersionedAdmin):
    """A schedule or list with its rows inline, saved together through its services (and recorded once).

    The inline formset judges the rows (the services' own checks); the service then saves the
    object and the rows in one change, instead of the admin saving them one by one.
    """

    rows_relation: str

    def save_model(self, request, obj, form, change) -> None:
        # Saved with its rows in save_related(), once the inline formsets are read.
        pass

    def save_related(self, request, form, formsets, change) -> None:
        rows_model = self.model._meta.get_field(self.rows_relation).related_model
        # The rows as the admin shows them, in order (a shift's position is the service's to write).
        names = [
            f.name
            for f in rows_model._meta.concrete_fields
            if f.editable and not f.primary_key and not f.many_to_one
        ]
        formset = next(fs for fs in formsets if fs.model is rows_model)
        rows = [{name: row.cleaned_data[name] for name in names} for row in formset.kept_forms()]
        concrete = {field.name for field in self.model._meta.concrete_fields}
        fields = {name: value for name, value in form.cleaned_data.items() if name in concrete}
        obj = form.instance
        if change:
            self.update_service(
                **{service_keyword(self.model): obj},
                version=form.cleaned_data.get("loaded_version"),
                **{self.rows_relation: rows},
                **fields,
            )
        else:
            vars(obj).update(vars(self.create_service(**{self.rows_relation: rows}, **fields)))
        for each in formsets:
            # What the admin's change message reads; the service saved the rows.
            each.new_objects, each.changed_objects, each.deleted_objects = [], [], []


@admin.register(BusinessHours)
class BusinessHoursAdmin(RowsParentAdmin):
    list_display = ("name", "organization", "holiday_list", "override_list", "shift_count")
    list_filter = ("organization",)
    search_fields = ("name", "description", "organization__name")
    list_select_related = ("organization", "holiday_list", "override_list")
    inlines = [ShiftInline]
    rows_relation = "shifts"
    create_service = staticmethod(business_hours_create)
    update_service = staticmethod(business_hours_update)
    delete_service = staticmethod(business_hours_delete)

    @admin.display(description=gettext_lazy("shifts"))
    def shift_count(self, obj: BusinessHours) -> int:
        return obj.shift_total

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(shift_total=Count("shifts"))


@admin.register(HolidayList)
class HolidayListAdmin(RowsParentAdmin):
    list_display = ("name", "organization", "description")
    list_filter = ("organization",)
    search_fields = ("name", "description", "organization__name", "holidays__name")
    inlines = [HolidayInline]
    rows_relation = "holidays"
    create_service = staticmethod(holiday_list_create)
    update_service = staticmethod(holiday_list_update)
    delete_service = staticmethod(holiday_list_delete)


@admin.register(OverrideList)
class OverrideListAdmin(RowsParentAdmin):
    list_display = ("name", "organization", "description")
    list_filter = ("organization",)
    search_fields = ("name", "description", "organization__name", "overrides__name")
    inlines = [OverrideInline]
    rows_relation = "overrides"
    create_service = staticmethod(override_list_create)
    update_service = staticmethod(override_list_update)
    delete_service = staticmethod(override_list_delete)
