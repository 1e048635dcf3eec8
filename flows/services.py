"""Flows and schedules: a schedule and its rows are saved together, or not at all."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contactcenter.models import Organization
from contactcenter.services import model_save, object_create, object_delete, object_update

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


def flow_create(*, organization: Organization, **fields) -> Flow:
    return object_create(Flow, organization=organization, **fields)


def flow_update(*, flow: Flow, version: int | None, **fields) -> Flow:
    return object_update(flow, version=version, **fields)


def flow_delete(*, flow: Flow, version: int | None = None) -> None:
    object_delete(flow, version=version)


def _clean_rows(model, parent_field: str, rows: list[dict], label: str) -> list:
    """Build and validate each row; errors name the row so they read well in a form and a 400."""
    built, messages = [], []
    for position, data in enumerate(rows, start=1):
        row = model(**data)
        try:
            row.full_clean(exclude=[parent_field], validate_constraints=False)
        except ValidationError as error:
            name = data.get("name") or _("row %(n)d") % {"n": position}
            for field, errors in error.message_dict.items():
                field_label = model._meta.get_field(field).verbose_name if field != "__all__" else ""
                for message in errors:
                    messages.append(f"{label} “{name}”: {field_label + ': ' if field_label else ''}{message}")
        built.append(row)
    names = [str(row.name).strip().lower() for row in built]
    for name in sorted({n for n in names if names.count(n) > 1}):
        messages.append(_("Two rows are named “%(name)s”; give each a different name.") % {"name": name})
    if messages:
        raise ValidationError(messages)
    return built


def _save_with_rows(
    parent, *, version, relation: str, model, parent_field: str, rows, label, extra_check=None
):
    errors = {}
    try:
        built = _clean_rows(model, parent_field, rows, label) if rows is not None else None
        if built is not None and extra_check:
            extra_check(built)
    except ValidationError as error:
        errors[relation] = error.messages
    with transaction.atomic():
        try:
            parent.full_clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        model_save(parent, version=version)
        if built is not None:
            getattr(parent, relation).all().delete()
            for row in built:
                setattr(row, parent_field, parent)
            model.objects.bulk_create(built)
    return parent


def _check_shifts(shifts: list[Shift]) -> None:
    if not shifts:
        raise ValidationError(_("A schedule needs at least one shift."))
    overlaps = find_shift_overlaps(shifts)
    if overlaps:
        raise ValidationError([overlap.message for overlap in overlaps])


def business_hours_save(
    *, business_hours: BusinessHours, version: int | None = None, shifts: list[dict] | None = None
) -> BusinessHours:
    """Create or change a schedule with its whole set of shifts; overlapping shifts are refused."""
    if business_hours._state.adding and shifts is None:
        shifts = []
    return _save_with_rows(
        business_hours,
        version=version,
        relation="shifts",
        model=Shift,
        parent_field="business_hours",
        rows=shifts,
        label=_("Shift"),
        extra_check=_check_shifts,
    )


def business_hours_delete(*, business_hours: BusinessHours, version: int | None = None) -> None:
    object_delete(business_hours, version=version)


def holiday_list_save(
    *, holiday_list: HolidayList, version: int | None = None, holidays: list[dict] | None = None
) -> HolidayList:
    return _save_with_rows(
        holiday_list,
        version=version,
        relation="holidays",
        model=Holiday,
        parent_field="holiday_list",
        rows=holidays,
        label=_("Holiday"),
    )


def holiday_list_delete(*, holiday_list: HolidayList, version: int | None = None) -> None:
    object_delete(holiday_list, version=version)


def override_list_save(
    *, override_list: OverrideList, version: int | None = None, overrides: list[dict] | None = None
) -> OverrideList:
    return _save_with_rows(
        override_list,
        version=version,
        relation="overrides",
        model=Override,
        parent_field="override_list",
        rows=overrides,
        label=_("Override"),
    )


def override_list_delete(*, override_list: OverrideList, version: int | None = None) -> None:
    object_delete(override_list, version=version)
