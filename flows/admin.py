from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy

from contactcenter.admin import VersionedAdmin

from .choices import Weekday
from .forms import LimitedRowsMixin
from .models import BusinessHours, Flow, Holiday, HolidayList, Override, OverrideList, Shift
from .services import row_count_check, row_names_check, rows_limit, shifts_check


@admin.register(Flow)
class FlowAdmin(VersionedAdmin):
    list_display = ("name", "organization", "kind", "business_hours", "queue")
    list_filter = ("organization", "kind")
    search_fields = ("name", "description", "organization__name")
    list_select_related = ("organization", "business_hours", "queue")


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


@admin.register(BusinessHours)
class BusinessHoursAdmin(VersionedAdmin):
    list_display = ("name", "organization", "holiday_list", "override_list", "shift_count")
    list_filter = ("organization",)
    search_fields = ("name", "description", "organization__name")
    list_select_related = ("organization", "holiday_list", "override_list")
    inlines = [ShiftInline]

    @admin.display(description=gettext_lazy("shifts"))
    def shift_count(self, obj: BusinessHours) -> int:
        return obj.shift_total

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(shift_total=Count("shifts"))


@admin.register(HolidayList)
class HolidayListAdmin(VersionedAdmin):
    list_display = ("name", "organization", "description")
    list_filter = ("organization",)
    search_fields = ("name", "description", "organization__name", "holidays__name")
    inlines = [HolidayInline]


@admin.register(OverrideList)
class OverrideListAdmin(VersionedAdmin):
    list_display = ("name", "organization", "description")
    list_filter = ("organization",)
    search_fields = ("name", "description", "organization__name", "overrides__name")
    inlines = [OverrideInline]
