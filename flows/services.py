"""Flows and schedules: a schedule and its rows are saved together, or not at all.

The rules over the rows of a schedule or a list are public check functions (`rows_check`,
`row_count_check`, `row_names_check`, `shifts_check`) that the Django admin runs too. Each error about one row names it
("Shift “Early”: end: …", so it reads well on its own, as in the admin) and carries its position in
``params["row"]`` (``params["rows"]`` for the two shifts of an overlap), so a form can put it beside
the row and the API under the row's index (``contactcenter.api.exceptions.rows_errors``).
"""

from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.choices import Action
from audit.recording import audit_change
from contactcenter.models import Organization
from contactcenter.services import model_save, object_create, object_delete, object_update
from contactcenter.transactions import atomic

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

# Every value is a parameter, so a name or a message with a "%" in it is shown as it is.
ROW_MESSAGE = "%(kind)s “%(name)s”: %(field_label)s%(message)s"

RowsRule = Callable[[Sequence[models.Model]], list[ValidationError]]
# The objects saved together with their rows.
RowsParent = BusinessHours | HolidayList | OverrideList


def flow_create(*, organization: Organization, **fields) -> Flow:
    return object_create(Flow, organization=organization, **fields)


def flow_update(*, flow: Flow, version: int | None, **fields) -> Flow:
    return object_update(flow, version=version, **fields)


def flow_delete(*, flow: Flow, version: int | None = None) -> None:
    object_delete(flow, version=version)


def row_errors(row: models.Model, *, position: int, parent_field: str) -> list[ValidationError]:
    """The row model's own rules on one row, its parent aside; each error names the row."""
    try:
        # No query per row: its id is a fresh UUID, and the names are compared across the rows by
        # row_names_check (the database's constraints still hold).
        row.full_clean(exclude=[parent_field], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = error.message_dict
    else:
        return []
    meta = row._meta
    name = row.name or _("row %(n)d") % {"n": position + 1}
    return [
        ValidationError(
            ROW_MESSAGE,
            code="row",
            params={
                "kind": capfirst(meta.verbose_name),
                "name": name,
                "field_label": "" if field == NON_FIELD_ERRORS else f"{meta.get_field(field).verbose_name}: ",
                "message": message,
                "row": position,
                "field": field,
            },
        )
        for field, messages in problems.items()
        for message in messages
    ]


def rows_limit(model: type[models.Model]) -> int:
    """The most rows of `model` one schedule or list may have (settings, read on each call)."""
    setting = {
        Shift: "SCHEDULE_MAX_SHIFTS",
        Holiday: "HOLIDAY_LIST_MAX_HOLIDAYS",
        Override: "OVERRIDE_LIST_MAX_OVERRIDES",
    }[model]
    return getattr(settings, setting)


def _too_many_message(model: type[models.Model], limit: int) -> str:
    if model is Shift:
        return ngettext(
            "A schedule can have at most %(limit)d shift; this one has %(count)d.",
            "A schedule can have at most %(limit)d shifts; this one has %(count)d.",
            limit,
        )
    if model is Holiday:
        return ngettext(
            "A holiday list can have at most %(limit)d holiday; this one has %(count)d.",
            "A holiday list can have at most %(limit)d holidays; this one has %(count)d.",
            limit,
        )
    return ngettext(
        "An override list can have at most %(limit)d override; this one has %(count)d.",
        "An override list can have at most %(limit)d overrides; this one has %(count)d.",
        limit,
    )


def row_count_check(model: type[models.Model], count: int) -> list[ValidationError]:
    """At most `rows_limit(model)` rows; judged on the count alone, before any row is built."""
    limit = rows_limit(model)
    if count <= limit:
        return []
    return [
        ValidationError(
            _too_many_message(model, limit), code="too_many_rows", params={"limit": limit, "count": count}
        )
    ]


def row_names_check(rows: Sequence[models.Model]) -> list[ValidationError]:
    """The rows of one schedule or list have different names, whatever their case; a name given twice
    is named beside each of its rows' names (`params["rows"]`, `params["field"]`)."""
    positions: dict[str, list[int]] = {}
    for position, row in enumerate(rows):
        positions.setdefault(str(row.name).strip().lower(), []).append(position)
    return [
        ValidationError(
            _("Two rows are named “%(name)s”; give each a different name."),
            code="duplicate_name",
            params={"name": name, "rows": tuple(positions[name]), "field": "name"},
        )
        for name in sorted(name for name, found in positions.items() if len(found) > 1)
    ]


def shifts_check(shifts: Sequence[Shift]) -> list[ValidationError]:
    """A schedule has at least one shift, and no two of its shifts share a minute of the week."""
    if not shifts:
        return [ValidationError(_("A schedule needs at least one shift."), code="no_shift")]
    position = {id(shift): index for index, shift in enumerate(shifts)}
    return [
        overlap.validation_error(rows=(position[id(overlap.first)], position[id(overlap.second)]))
        for overlap in find_shift_overlaps(list(shifts))
    ]


def rows_check(
    model: type[models.Model], rows: Sequence[dict], *, parent_field: str, across: RowsRule | None = None
) -> tuple[list[models.Model], list[ValidationError]]:
    """Build the rows and judge them: their number first (too many are refused unbuilt), then each by
    its model's rules, then their names, then `across` (the rules over the whole set, such as
    `shifts_check`) once every row is valid."""
    errors = row_count_check(model, len(rows))
    if errors:
        return [], errors
    built = [model(**values) for values in rows]
    errors += [
        error
        for position, row in enumerate(built)
        for error in row_errors(row, position=position, parent_field=parent_field)
    ]
    errors += row_names_check(built)
    if across is not None and not errors:
        errors += across(built)
    return built, errors


def _row_values(rows, link) -> list[str]:
    """The rows' content, in a comparable form: the same rows in any order compare equal (a shift's
    position is part of its content, so shifts in a new order are a change)."""
    fields = [
        field for field in link.model._meta.concrete_fields if not field.primary_key and field is not link
    ]
    return sorted(repr([getattr(row, field.attname) for field in fields]) for row in rows)


def _save_with_rows(
    parent: RowsParent,
    *,
    version: int | None,
    relation: str,
    rows: Sequence[dict] | None,
    across: RowsRule | None = None,
) -> RowsParent:
    """Judge the parent and the rows once and save them together; rows given replace the stored set."""
    link = parent._meta.get_field(relation).field  # the rows' foreign key to the parent
    model = link.model
    built = None
    if rows is not None:
        built, errors = rows_check(model, rows, parent_field=link.name, across=across)
        if errors:
            # The parent is judged too, so that one answer names every mistake.
            try:
                parent.full_clean()
            except ValidationError as error:
                raise ValidationError(error.update_error_dict({relation: errors})) from None
            raise ValidationError({relation: errors})
    action = Action.CREATED if parent._state.adding else Action.UPDATED
    with atomic(), audit_change(parent, action):
        rows_change = built is not None and (
            parent._state.adding
            or _row_values(built, link) != _row_values(getattr(parent, relation).all(), link)
        )
        model_save(parent, version=version, also_changed=rows_change)
        if rows_change:
            getattr(parent, relation).all().delete()
            for row in built:
                setattr(row, link.name, parent)
            model.objects.bulk_create(built)
    return parent


def _set_fields(obj: models.Model, fields: dict) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


def _in_order(shifts: Sequence[dict] | None) -> list[dict] | None:
    """The shifts numbered in the order given (the console's rows, the API's array): the order they
    are shown in. A position in the values (a restored version's) gives way to it."""
    if shifts is None:
        return None
    return [{**shift, "position": position} for position, shift in enumerate(shifts)]


def business_hours_create(*, organization: Organization, shifts: Sequence[dict], **fields) -> BusinessHours:
    """A schedule with its shifts, kept in the order given; overlapping shifts are refused."""
    business_hours = BusinessHours(organization=organization, **fields)
    return _save_with_rows(
        business_hours, version=None, relation="shifts", rows=_in_order(shifts), across=shifts_check
    )


def business_hours_update(
    *, business_hours: BusinessHours, version: int | None, shifts: Sequence[dict] | None = None, **fields
) -> BusinessHours:
    """Change a schedule; shifts given replace them all, in their order (overlapping shifts are refused)."""
    _set_fields(business_hours, fields)
    return _save_with_rows(
        business_hours, version=version, relation="shifts", rows=_in_order(shifts), across=shifts_check
    )


def business_hours_delete(*, business_hours: BusinessHours, version: int | None = None) -> None:
    object_delete(business_hours, version=version)


def holiday_list_create(*, organization: Organization, holidays: Sequence[dict], **fields) -> HolidayList:
    holiday_list = HolidayList(organization=organization, **fields)
    return _save_with_rows(holiday_list, version=None, relation="holidays", rows=holidays)


def holiday_list_update(
    *, holiday_list: HolidayList, version: int | None, holidays: Sequence[dict] | None = None, **fields
) -> HolidayList:
    """Change a holiday list; holidays given replace them all."""
    _set_fields(holiday_list, fields)
    return _save_with_rows(holiday_list, version=version, relation="holidays", rows=holidays)


def holiday_list_delete(*, holiday_list: HolidayList, version: int | None = None) -> None:
    object_delete(holiday_list, version=version)


def override_list_create(*, organization: Organization, overrides: Sequence[dict], **fields) -> OverrideList:
    override_list = OverrideList(organization=organization, **fields)
    return _save_with_rows(override_list, version=None, relation="overrides", rows=overrides)


def override_list_update(
    *, override_list: OverrideList, version: int | None, overrides: Sequence[dict] | None = None, **fields
) -> OverrideList:
    """Change an override list; overrides given replace them all."""
    _set_fields(override_list, fields)
    return _save_with_rows(override_list, version=version, relation="overrides", rows=overrides)


def override_list_delete(*, override_list: OverrideList, version: int | None = None) -> None:
    object_delete(override_list, version=version)
