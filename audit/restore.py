"""Restore: put an earlier state of an object back, as a new change through its own services.

The state is the one stored with an entry (after that change; before it, for a deletion) as a
django-reversion revision. Every current rule holds because the services judge the restore like
any edit: a name taken meanwhile, a type that would change, a referenced object that is gone are
refused with the reason, and nothing changes.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from contactcenter.models import Organization

from .choices import Action
from .context import restoring
from .models import AuditEntry
from .registry import Tracked, for_type


@dataclass
class State:
    """An object's stored state: its fields (by attname) and the rows of its related sets."""

    fields: dict
    related: dict[str, list[dict]] = field(default_factory=dict)


def entry_state(entry: AuditEntry, tracked: Tracked) -> State:
    """The state kept with `entry`, read from its reversion versions."""
    versions = list(entry.revision.version_set.all()) if entry.revision_id else []
    main_type = ContentType.objects.get_for_model(tracked.model)
    main = next(
        (v for v in versions if v.content_type_id == main_type.pk and v.object_id == entry.object_id), None
    )
    if main is None:
        raise ValidationError(_("This entry keeps no version to restore."), code="no_version")
    related = {}
    for relation in tracked.related:
        model = tracked.related_model(relation.name)
        content_type = ContentType.objects.get_for_model(model)
        rows = [{**v.field_dict, "pk": v.object_id} for v in versions if v.content_type_id == content_type.pk]
        if relation.ordered:
            # In their own order (a version kept before rows had one reads position 0: as stored).
            rows.sort(key=lambda row: row.get("position") or 0)
        related[relation.name] = rows
    return State(fields=main.field_dict, related=related)


def last_known_name(organization: Organization, object_id) -> str:
    name = (
        AuditEntry.objects.filter(organization=organization, object_id=str(object_id))
        .values_list("object_name", flat=True)
        .first()
    )
    return name or str(object_id)


def referenced(model_field: models.ForeignKey, object_id, organization: Organization) -> models.Model:
    """The object a stored reference names, if it is still in the organization; refused otherwise."""
    found = model_field.related_model._default_manager.filter(organization=organization, pk=object_id).first()
    if found is None:
        raise ValidationError(
            {
                model_field.name: _(
                    "This version uses %(kind)s “%(name)s”, which has been deleted; choose another one and save instead."
                )
                % {
                    "kind": model_field.related_model._meta.verbose_name,
                    "name": last_known_name(organization, object_id),
                }
            },
            code="reference_gone",
        )
    return found


def service_fields(tracked: Tracked, state: State, organization: Organization, names) -> dict:
    """The stored values of `names` as a service takes them: referenced objects as objects."""
    values = {}
    for name in names:
        model_field = tracked.model._meta.get_field(name)
        value = state.fields.get(model_field.attname)
        if model_field.many_to_one and value is not None:
            value = referenced(model_field, value, organization)
        values[name] = value
    return values


def row_values(tracked: Tracked, state: State, relation: str) -> list[dict]:
    """A related set's stored rows as a service takes them (no id, no parent)."""
    model = tracked.related_model(relation)
    names = [f.attname for f in model._meta.concrete_fields if not f.primary_key and not f.many_to_one]
    return [{name: row.get(name) for name in names} for row in state.related.get(relation, [])]


def entry_restore(*, entry: AuditEntry, organization: Organization) -> AuditEntry:
    """Apply the state of `entry` as a new change (recorded as `restored`); the new entry is returned."""
    tracked = for_type(entry.object_type)
    if tracked is None or tracked.restore is None:
        raise ValidationError(_("This kind of object cannot be restored."), code="not_restorable")
    if entry.organization_id != organization.pk:
        raise ValidationError(_("This entry is not your organization's."), code="not_yours")
    current = tracked.model._default_manager.filter(organization=organization, pk=entry.object_id).first()
    if entry.action == Action.DELETED and current is not None:
        raise ValidationError(
            _("“%(name)s” exists again; restore one of its versions from its History instead.")
            % {"name": current},
            code="exists",
        )
    if entry.action != Action.DELETED and current is None:
        raise ValidationError(
            _("“%(name)s” has been deleted; restore it from its deletion in Activity first.")
            % {"name": entry.object_name},
            code="deleted",
        )
    state = entry_state(entry, tracked)
    with transaction.atomic(), restoring(tracked.model, entry.object_id) as target:
        tracked.restore(current, state, organization, tracked)
        if not target.entries:
            raise ValidationError(
                _("The object is already as this version left it; there is nothing to restore."),
                code="unchanged",
            )
    return target.entries[-1]
