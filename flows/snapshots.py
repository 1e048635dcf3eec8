"""The rows of a schedule, a holiday list and an override list in the engine's form, kept on their owner.

``BusinessHours.shift_rules``, ``HolidayList.holiday_rules`` and ``OverrideList.override_rules`` hold
the owner's rows as compact JSON, in the rows' natural order (their ``Meta.ordering``, then the id)::

    shift_rules     [[name, [weekday indexes, Monday = 0], start_minute, end_minute], ...]
    holiday_rules   [[name, "YYYY-MM-DD", "YYYY-MM-DD", repeats_yearly], ...]
    override_rules  [[name, "YYYY-MM-DDTHH:MM:SS", "YYYY-MM-DDTHH:MM:SS", is_open], ...]  (naive local)

so a query that joins the owner (``select_related``) carries everything ``Schedule.from_business_hours``
needs: the Channels list's Open now column costs no query. None means "not computed yet"; the engine
then reads the rows.

The copies are rewritten in the transaction that changes the rows: by ``flows.signals`` on every save
and delete of a Shift, Holiday or Override (services, console forms, the API, the Django admin), and by
the services, which write rows with ``bulk_create`` (no signals). Each refresh locks the owner, reads
its rows and stores them with ``QuerySet.update``, so it neither bumps ``version`` nor touches
``updated_at``, and an ordinary save of the owner never writes the copy (``flows.models.RulesOwner``).
Code that writes rows without signals (``bulk_create``, ``QuerySet.update``) must call a ``*_refresh``
function itself (or ``refresh_all``). Inside ``deferred()`` each owner is refreshed once, at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction

from .choices import WEEKDAY_INDEX, OverrideState
from .schedule import HolidayRule, OverrideRule, ShiftRule

# --- The engine's form ------------------------------------------------------------------------


def shift_rule_encode(name: str, weekdays: list[str], start_minute: int, end_minute: int) -> list:
    return [name, [WEEKDAY_INDEX[day] for day in weekdays], start_minute, end_minute]


def holiday_rule_encode(name: str, start_date: date, end_date: date, repeats_yearly: bool) -> list:
    return [name, start_date.isoformat(), end_date.isoformat(), bool(repeats_yearly)]


def override_rule_encode(name: str, start: datetime, end: datetime, state: str) -> list:
    # isoformat() keeps fractions of a second if a row has them, so the copy equals the row.
    return [name, start.isoformat(), end.isoformat(), state == OverrideState.OPEN]


def shift_rules_decode(data: list) -> tuple[ShiftRule, ...]:
    return tuple(ShiftRule(name, tuple(days), start, end) for name, days, start, end in data)


def holiday_rules_decode(data: list) -> tuple[HolidayRule, ...]:
    parse = date.fromisoformat
    return tuple(HolidayRule(name, parse(start), parse(end), repeats) for name, start, end, repeats in data)


def override_rules_decode(data: list) -> tuple[OverrideRule, ...]:
    parse = datetime.fromisoformat
    return tuple(OverrideRule(name, parse(start), parse(end), is_open) for name, start, end, is_open in data)


# --- Where each copy lives --------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of row and the owner that carries its copy."""

    row: str  # app label and model name, so the data migration can use its historical models
    owner: str
    owner_field: str  # the row's foreign key to its owner
    rules_field: str  # the owner's field holding the copy
    columns: tuple[str, ...]  # the row fields the encoder takes, in order
    ordering: tuple[str, ...]  # the rows' Meta.ordering, then the id so that ties are stable
    encode: Callable[..., list]


SHIFTS = Kind(
    "flows.Shift",
    "flows.BusinessHours",
    "business_hours",
    "shift_rules",
    ("name", "weekdays", "start_minute", "end_minute"),
    ("start_minute", "name", "id"),
    shift_rule_encode,
)
HOLIDAYS = Kind(
    "flows.Holiday",
    "flows.HolidayList",
    "holiday_list",
    "holiday_rules",
    ("name", "start_date", "end_date", "repeats_yearly"),
    ("start_date", "name", "id"),
    holiday_rule_encode,
)
OVERRIDES = Kind(
    "flows.Override",
    "flows.OverrideList",
    "override_list",
    "override_rules",
    ("name", "start", "end", "state"),
    ("start", "name", "id"),
    override_rule_encode,
)
KINDS = (SHIFTS, HOLIDAYS, OVERRIDES)
_BY_ROW = {kind.row: kind for kind in KINDS}


def kind_of(row_model) -> Kind:
    return _BY_ROW[row_model._meta.label]


def _models(kind: Kind, apps=None):
    if apps is None:
        from django.apps import apps
    return apps.get_model(kind.row), apps.get_model(kind.owner)


def rules_of(kind: Kind, owner_id, *, apps=None) -> list:
    """The copy the owner's rows give now (one query)."""
    row_model, _ = _models(kind, apps)
    rows = row_model._default_manager.filter(**{f"{kind.owner_field}_id": owner_id}).order_by(*kind.ordering)
    return [kind.encode(*values) for values in rows.values_list(*kind.columns)]


def refresh(kind: Kind, owner_id, owners: Iterable = ()) -> list:
    """Store the owner's copy from its rows and set it on the `owners` objects given (three queries)."""
    _, owner_model = _models(kind)
    manager = owner_model._default_manager
    with transaction.atomic(savepoint=False):
        # Lock the owner before reading its rows: a concurrent transaction that changed other rows of
        # it refreshes after this one commits, and then reads every committed row (READ COMMITTED).
        if not list(manager.select_for_update().filter(pk=owner_id).values_list("pk", flat=True)):
            return []  # the owner is gone
        rules = rules_of(kind, owner_id)
        manager.filter(pk=owner_id).update(**{kind.rules_field: rules})
    for owner in owners:
        if owner is not None:
            setattr(owner, kind.rules_field, rules)
    return rules


def shift_rules_refresh(*, business_hours_id) -> list:
    return refresh(SHIFTS, business_hours_id)


def holiday_rules_refresh(*, holiday_list_id) -> list:
    return refresh(HOLIDAYS, holiday_list_id)


def override_rules_refresh(*, override_list_id) -> list:
    return refresh(OVERRIDES, override_list_id)


def refresh_all(apps=None, *, batch_size: int = 500) -> dict[str, int]:
    """Compute every owner's copy from its rows: one read per kind, then batched writes. The data
    migration calls it with its historical `apps`; so can code that wrote rows with bulk_create (while
    nothing else writes rows: it takes no locks)."""
    counts = {}
    with transaction.atomic():
        for kind in KINDS:
            counts[kind.rules_field] = _refresh_kind(kind, apps, batch_size)
    return counts


def _refresh_kind(kind: Kind, apps, batch_size: int) -> int:
    row_model, owner_model = _models(kind, apps)
    rules: dict[Any, list] = {pk: [] for pk in owner_model._default_manager.values_list("pk", flat=True)}
    rows = row_model._default_manager.order_by(*kind.ordering).values_list(
        f"{kind.owner_field}_id", *kind.columns
    )
    for owner_id, *values in rows.iterator(chunk_size=2000):
        rules[owner_id].append(kind.encode(*values))
    owners = []
    for pk, value in rules.items():
        owner = owner_model(pk=pk)
        setattr(owner, kind.rules_field, value)
        owners.append(owner)
    owner_model._default_manager.bulk_update(owners, [kind.rules_field], batch_size=batch_size)
    return len(owners)


# --- One refresh per owner for a block of changes ----------------------------------------------

# {(kind, owner id): [owner objects to update in memory]} while a deferred() block runs, else None.
_pending: ContextVar[dict | None] = ContextVar("flows_snapshots_pending", default=None)


def touch(kind: Kind, owner_id, owner=None) -> None:
    """The owner's rows changed: refresh its copy now, or at the end of the enclosing deferred() block."""
    if owner_id is None:
        return
    pending = _pending.get()
    if pending is None:
        refresh(kind, owner_id, [owner])
    else:
        pending.setdefault((kind, owner_id), []).append(owner)


@contextmanager
def deferred() -> Iterator[None]:
    """Refresh each owner whose rows change in the block once, when the block ends without an error.
    Use it inside the transaction that changes the rows; nested blocks leave the work to the outermost."""
    if _pending.get() is not None:
        yield
        return
    pending: dict = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    # In a steady order, so that two blocks refreshing the same owners lock them in the same order.
    for (kind, owner_id), owners in sorted(
        pending.items(), key=lambda item: (item[0][0].rules_field, str(item[0][1]))
    ):
        refresh(kind, owner_id, owners)
