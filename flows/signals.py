"""Keep each owner's copy of its rows (flows.snapshots) current whenever a row is saved or deleted.

Signals cover every path that saves or deletes rows one by one: the services' deletes, the console
forms, the API, the Django admin's inlines and plain model code. Writes that send no signal
(``bulk_create``, ``QuerySet.update``) refresh the copy themselves (the services do).
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_init, post_save

from . import snapshots
from .models import Holiday, Override, Shift

ROW_MODELS = (Shift, Holiday, Override)


def _remember_owner(sender, instance, **kwargs):
    # The owner the row had when loaded or last saved, so moving a row refreshes the owner it left.
    # Read from __dict__: a deferred field must not cost a query.
    instance._rules_owner_id = instance.__dict__.get(f"{snapshots.kind_of(sender).owner_field}_id")


def _owners(kind: snapshots.Kind, instance) -> list:
    field = instance._meta.get_field(kind.owner_field)
    current = getattr(instance, field.attname)
    cached = field.get_cached_value(instance, None)
    owners = [(current, cached)]
    previous = getattr(instance, "_rules_owner_id", None)
    if previous is not None and previous != current:
        owners.append((previous, None))
    return owners


def _row_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the owners' copies come with the fixture
        return
    kind = snapshots.kind_of(sender)
    for owner_id, owner in _owners(kind, instance):
        snapshots.touch(kind, owner_id, owner)
    _remember_owner(sender, instance)


def _row_deleted(sender, instance, origin=None, **kwargs):
    # A row's only foreign key is its owner, so a row deleted on behalf of anything but itself (or a
    # queryset of its model) goes with its owner: there is no copy left to refresh.
    direct = isinstance(origin, sender) or (isinstance(origin, QuerySet) and origin.model is sender)
    if not direct:
        return
    kind = snapshots.kind_of(sender)
    for owner_id, owner in _owners(kind, instance):
        snapshots.touch(kind, owner_id, owner)


def connect() -> None:
    for model in ROW_MODELS:
        uid = f"flows.snapshots.{model.__name__}"
        post_init.connect(_remember_owner, sender=model, dispatch_uid=f"{uid}.init")
        post_save.connect(_row_saved, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_row_deleted, sender=model, dispatch_uid=f"{uid}.delete")
