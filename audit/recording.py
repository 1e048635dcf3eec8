"""The one hook every service wraps its write in: `with audit_change(obj, Action.UPDATED): ...`.

On entry the object's stored state is read (its fields from what was loaded, its rows and numbers
from the database); on a successful exit the new state is read, the differences are described
readably, and one entry, one reversion revision and the versions of the object and its rows are
written — inside the caller's transaction, so a refused or rolled-back change leaves no record.
A change that alters nothing writes no entry. An unregistered model records nothing.

Cost per write: the related sets' rows before and after (one query each, none for a model
without related sets), one query per related model whose reference changed (the names), and three
inserts (revision, versions in one bulk insert, entry).
"""

import os
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import models, router
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reversion.models import Revision, Version

from .choices import Action
from .context import current_actor, restoring_target
from .models import AuditEntry
from .registry import RelatedSet, Tracked, for_model


@dataclass
class Snapshot:
    values: dict  # attname → value, of the tracked fields
    related: dict[str, list[models.Model]] = field(default_factory=dict)


def _attnames(tracked: Tracked) -> list[str]:
    return [tracked.model._meta.get_field(name).attname for name in tracked.fields]


def _related_field(tracked: Tracked, relation: RelatedSet) -> str:
    """The foreign key on the related rows that points at the object (`business_hours`)."""
    return tracked.model._meta.get_field(relation.name).field.name


def _stored_related(obj: models.Model, tracked: Tracked, *, fresh: bool) -> dict[str, list[models.Model]]:
    related = {}
    for relation in tracked.related:
        if fresh:
            model = tracked.related_model(relation.name)
            rows = model._default_manager.filter(**{_related_field(tracked, relation): obj.pk})
        else:
            rows = getattr(obj, relation.name).all()  # a prefetched set is what was stored when loaded
        related[relation.name] = list(rows)
    return related


def snapshot_before(obj: models.Model, tracked: Tracked) -> Snapshot:
    """The stored state of `obj`: the fields as loaded (the caller may have set new values already)."""
    attnames = _attnames(tracked)
    loaded = getattr(obj, "_loaded", None)
    if loaded is not None and all(name in loaded for name in attnames):
        values = {name: loaded[name] for name in attnames}
    else:
        values = type(obj)._default_manager.filter(pk=obj.pk).values(*attnames).first() or {}
    return Snapshot(values, _stored_related(obj, tracked, fresh=False))


def snapshot_after(obj: models.Model, tracked: Tracked) -> Snapshot:
    values = {name: getattr(obj, name) for name in _attnames(tracked)}
    related = _stored_related(obj, tracked, fresh=True)
    _keep_as_prefetched(obj, related)
    return Snapshot(values, related)


def _keep_as_prefetched(obj: models.Model, related: dict[str, list[models.Model]]) -> None:
    """The rows just read are what is stored now: they replace the object's prefetched sets of them (read
    before the write, so out of date now), and `prefetched_after_write(obj)` names them, so that the answer
    to the write shows them without reading them again (contactcenter.api.viewsets.object_response). A set
    that was not prefetched stays so: a later change made through another object could not update it."""
    cache = getattr(obj, "_prefetched_objects_cache", None)
    if not cache:
        return
    kept = set()
    for name, rows in related.items():
        if name in cache:
            queryset = getattr(obj, name).all()
            queryset._result_cache = list(rows)
            queryset._prefetch_done = True
            cache[name] = queryset
            kept.add(name)
    obj._prefetched_after_write = frozenset(kept)


def prefetched_after_write(obj: models.Model) -> frozenset[str]:
    """The related sets of `obj` read from the database after its latest recorded change."""
    return getattr(obj, "_prefetched_after_write", frozenset())


# --- readable values ---------------------------------------------------------------------------


def _is_reference(model_field: models.Field) -> bool:
    return bool(model_field.many_to_one or model_field.one_to_one)


def _cached_names(obj: models.Model, tracked: Tracked) -> dict:
    """The names of the referenced objects already loaded with `obj` (no query)."""
    names = {}
    for name in tracked.fields:
        model_field = tracked.model._meta.get_field(name)
        if _is_reference(model_field):
            cached = model_field.get_cached_value(obj, None)
            if cached is not None:
                names[cached.pk] = str(cached)
    return names


def _reference_names(obj: models.Model, tracked: Tracked, pairs, known: dict | None = None) -> dict:
    """The names of the objects the changed references point at: one query per related model,
    none for those loaded already (with the object before the change, or set on it since)."""
    wanted: dict[type[models.Model], set] = {}
    names = dict(known or {})
    for model_field, before, after in pairs:
        if not _is_reference(model_field):
            continue
        cached = model_field.get_cached_value(obj, None)
        for value in (before, after):
            if value is None or value in names:
                continue
            if cached is not None and cached.pk == value:
                names[value] = str(cached)
            else:
                wanted.setdefault(model_field.related_model, set()).add(value)
    for model, ids in wanted.items():
        ids -= set(names)
        if ids:
            names.update((item.pk, str(item)) for item in model._base_manager.filter(pk__in=ids))
    return names


def display(model_field: models.Field, value, names: dict) -> str | None:
    """A value as a person reads it: a referenced object by name, a choice by its label."""
    if value is None or value == "":
        return None
    if _is_reference(model_field):
        return names.get(value, str(value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(model_field, models.FileField):
        return os.path.basename(str(value))
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def describe(
    obj: models.Model,
    tracked: Tracked,
    before: Snapshot | None,
    after: Snapshot | None,
    known: dict | None = None,
) -> list[dict]:
    """The field-level changes: `{"field", "before", "after"}`, plus `"row"` for a row of a related set."""
    meta = tracked.model._meta
    pairs = []
    for name in tracked.fields:
        model_field = meta.get_field(name)
        old = before.values.get(model_field.attname) if before else None
        new = after.values.get(model_field.attname) if after else None
        if old != new:
            pairs.append((model_field, old, new))
    names = _reference_names(obj, tracked, pairs, known)
    changes = []
    with translation.override(settings.LANGUAGE_CODE):
        for model_field, old, new in pairs:
            shown = (display(model_field, old, names), display(model_field, new, names))
            if shown[0] != shown[1]:
                changes.append({"field": model_field.name, "before": shown[0], "after": shown[1]})
        for relation in tracked.related:
            old_rows = before.related.get(relation.name, []) if before else []
            new_rows = after.related.get(relation.name, []) if after else []
            changes += _related_changes(relation, old_rows, new_rows)
    return changes


def _related_changes(relation: RelatedSet, old_rows, new_rows) -> list[dict]:
    if not relation.owned:
        old = ", ".join(sorted(relation.text(row) for row in old_rows)) or None
        new = ", ".join(sorted(relation.text(row) for row in new_rows)) or None
        return [] if old == new else [{"field": relation.name, "before": old, "after": new}]
    old = {str(row).lower(): row for row in old_rows}
    new = {str(row).lower(): row for row in new_rows}
    if relation.ordered:
        # In the rows' own order, the removed ones last.
        keys = [*new, *(key for key in old if key not in new)]
    else:
        keys = sorted(old.keys() | new.keys())
    changes = []
    for key in keys:
        old_text = relation.text(old[key]) if key in old else None
        new_text = relation.text(new[key]) if key in new else None
        if old_text != new_text:
            row_name = str(new[key] if key in new else old[key])
            changes.append({"field": relation.name, "row": row_name, "before": old_text, "after": new_text})
    if relation.ordered and [key for key in old if key in new] != [key for key in new if key in old]:
        # The rows kept stand in another order: the whole order before and after, by name.
        changes.append(
            {
                "field": relation.name,
                "before": ", ".join(str(row) for row in old_rows),
                "after": ", ".join(str(row) for row in new_rows),
            }
        )
    return changes


# --- writing -----------------------------------------------------------------------------------


def _version(obj: models.Model) -> Version:
    """A django-reversion version of `obj`, serialized as reversion itself does (all fields, JSON)."""
    return Version(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        db=router.db_for_write(type(obj)),
        format="json",
        serialized_data=serializers.serialize("json", [obj]),
        object_repr=str(obj)[:1000],
    )


# The objects whose change is being recorded now: a change of one of them made inside (a number
# assigned while its channel is saved) is part of the outer record, not a second one.
_recording: ContextVar[frozenset] = ContextVar("audit_recording", default=frozenset())


def is_recording(model: type[models.Model], pk) -> bool:
    """Whether a change of this object is being recorded now (so a part of it need not be)."""
    return (model, str(pk)) in _recording.get()


class audit_change:
    """Record the change made inside the block to `obj` (see the module's docstring)."""

    def __init__(self, obj: models.Model, action: str):
        self.obj = obj
        self.action = action
        self.tracked = for_model(type(obj))
        self.before: Snapshot | None = None
        self.entry: AuditEntry | None = None
        self._reset = None

    def __enter__(self) -> "audit_change":
        if self.tracked is None:
            return self
        target = restoring_target()
        if self.action == Action.CREATED and target is not None and target.model is type(self.obj):
            # A deleted object brought back keeps its id, so its history continues.
            self.obj.pk = uuid.UUID(target.object_id)
        key = (type(self.obj), str(self.obj.pk))
        if key in _recording.get():
            self.tracked = None
            return self
        if self.obj.pk is not None:
            self._reset = _recording.set(_recording.get() | {key})
        if self.action == Action.CREATED:
            return self
        self.before = snapshot_before(self.obj, self.tracked)
        self.known_names = _cached_names(self.obj, self.tracked)
        if self.action == Action.DELETED:
            # Read now: a delete clears the instance's primary key.
            self.object_id = str(self.obj.pk)
            self.kept = [
                _version(item)
                for item in (self.obj, *(row for rows in self.before.related.values() for row in rows))
            ]
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        if self._reset is not None:
            _recording.reset(self._reset)
        if exc_type is None and self.tracked is not None:
            self.entry = self._record()
        return False

    def _record(self) -> AuditEntry | None:
        obj, tracked, action = self.obj, self.tracked, self.action
        after = None if action == Action.DELETED else snapshot_after(obj, tracked)
        # A deletion changes no field: its last state is the version kept with it.
        known = getattr(self, "known_names", None)
        changes = [] if action == Action.DELETED else describe(obj, tracked, self.before, after, known)
        if action == Action.UPDATED and not changes:
            return None
        organization_id = tracked.organization_of(obj)
        if organization_id is None:
            return None
        object_id = self.object_id if action == Action.DELETED else str(obj.pk)
        target = restoring_target()
        restored = target is not None and target.model is type(obj) and target.object_id == object_id
        if restored:
            action = Action.RESTORED
        if action == Action.DELETED:
            kept = self.kept
        else:
            kept = [
                _version(item) for item in (obj, *(row for rows in after.related.values() for row in rows))
            ]
        actor = current_actor()
        now = timezone.now()
        revision = Revision.objects.create(date_created=now, user=actor.user, comment=action)
        for version in kept:
            version.revision = revision
        Version.objects.bulk_create(kept)
        entry = AuditEntry(
            organization_id=organization_id,
            at=now,
            actor=actor.user,
            actor_name=actor.user.get_username() if actor.user else "",
            token_name=actor.token_name[:120],
            via=actor.via,
            object_type=tracked.type_name,
            object_id=object_id,
            object_name=str(obj)[:255],
            action=action,
            version=getattr(obj, "version", None) if tracked.has_version else None,
            changes=changes,
            revision=revision,
        )
        entry.save(force_insert=True)
        if restored:
            target.entries.append(entry)
        return entry
