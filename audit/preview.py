"""What a restore would change: the current state beside the state an entry kept."""

from .choices import Action
from .models import AuditEntry
from .presentation import ChangeRow, change_label
from .recording import Snapshot, describe, snapshot_after
from .registry import for_type
from .restore import entry_state


def restore_preview(entry: AuditEntry) -> list[ChangeRow]:
    """The changes a restore of `entry` would make, as rows of "field: now → then"."""
    tracked = for_type(entry.object_type)
    if tracked is None or tracked.restore is None or not entry.revision_id:
        return []
    state = entry_state(entry, tracked)
    model = tracked.model
    restored = model(**{name: value for name, value in state.fields.items()})
    related = {}
    for relation in tracked.related:
        row_model = tracked.related_model(relation.name)
        related[relation.name] = [
            row_model(**{k: v for k, v in row.items() if k != "pk"})
            for row in state.related.get(relation.name, [])
        ]
    restored_snapshot = Snapshot(
        {
            model._meta.get_field(name).attname: getattr(restored, model._meta.get_field(name).attname)
            for name in tracked.fields
        },
        related,
    )
    current = model._default_manager.filter(pk=entry.object_id).first()
    if entry.action == Action.DELETED or current is None:
        items = describe(restored, tracked, None, restored_snapshot)
    else:
        items = describe(current, tracked, snapshot_after(current, tracked), restored_snapshot)
    return [ChangeRow(i["field"], change_label(tracked, i), i.get("before"), i.get("after")) for i in items]
