from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactcenter.admin import VersionedAdmin

from .choices import Weekday
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


@admin.register(Flow)
class FlowAdmin(VersionedAdmin):
    list_display = ("name", "organization", "kind", "business_hours", "queue")
    list_filter = ("organization", "kind")
    search_fields = ("name", "description", "organization__name")
    list_select_related = ("organization", "business_hours", "queue")


class RowsFormSet(BaseInlineFormSet):
    """Rows of one schedule or list: names are unique within it, as the services require."""

    def kept_forms(self) -> list[forms.ModelForm]:
        """Valid rows that will be stored: blank extra rows and rows marked for deletion are left out."""
        return [
            form
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not self._should_delete_form(form)
        ]

    def clean(self):
        super().clean()
        names = [str(form.instance.name).strip().lower() for form in self.kept_forms()]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            message = _("Two rows are named “%(name)s”; give each a different name.")
            raise ValidationError([message % {"name": name} for name in duplicates])


class ShiftFormSet(RowsFormSet):
    def clean(self):
        super().clean()
        # The same check business_hours_save() makes, so the admin cannot store overlapping shifts.
        kept = self.kept_forms()
        # The admin does not pass the inline's validate_min to the formset; count the rows here.
        if not kept and not any(form.errors for form in self.forms):
            raise ValidationError(_("A schedule needs at least one shift."), code="no_shift")
        overlaps = find_shift_overlaps([form.instance for form in kept])
        if overlaps:
            raise ValidationError([overlap.message for overlap in overlaps], code="shift_overlap")


class ShiftAdminForm(forms.ModelForm):
    weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("weekdays"), choices=Weekday.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Shift
        fields = ("name", "weekdays", "start_minute", "end_minute")


class ShiftInline(admin.TabularInline):
    model = Shift
    form = ShiftAdminForm
    formset = ShiftFormSet
    extra = 0
    min_num = 1
    validate_min = True


class HolidayInline(admin.TabularInline):
    model = Holiday
    formset = RowsFormSet
    fields = ("name", "start_date", "end_date", "repeats_yearly")
    extra = 0


class OverrideInline(admin.TabularInline):
    model = Override
    formset = RowsFormSet
    fields = ("name", "start", "end", "state")
    extra = 0


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
