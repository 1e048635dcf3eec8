"""The audit trail of channels (see audit.registry)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audit.registry import RelatedSet, Tracked, register
from audit.restore import last_known_name, service_fields
from support_numbers.models import SupportNumber

from .models import EntryPoint
from .services import EDITABLE_FIELDS, entry_point_create, entry_point_set_active, entry_point_update

FIELDS = (*EDITABLE_FIELDS, "active")


def _numbers(state, organization) -> list[SupportNumber]:
    ids = [row["pk"] for row in state.related.get("support_numbers", [])]
    found = {str(n.pk): n for n in SupportNumber.objects.filter(organization=organization, pk__in=ids)}
    for number_id in ids:
        if number_id not in found:
            raise ValidationError(
                {
                    "support_numbers": _(
                        "This version holds support number %(number)s, which has been deleted."
                    )
                    % {"number": last_known_name(organization, number_id)}
                },
                code="reference_gone",
            )
    return list(found.values())


def restore(entry_point, state, organization, tracked):
    fields = service_fields(tracked, state, organization, EDITABLE_FIELDS)
    numbers = _numbers(state, organization)
    if entry_point is None:
        entry_point = entry_point_create(organization=organization, support_numbers=numbers, **fields)
    else:
        if entry_point.is_system:
            # Its name and type are fixed; what a version can change is the rest.
            fields.pop("name", None)
        entry_point = entry_point_update(
            entry_point=entry_point, version=None, support_numbers=numbers, **fields
        )
    active = state.fields.get("active")
    if active is not None and active != entry_point.active and not entry_point.is_system:
        entry_point = entry_point_set_active(entry_point=entry_point, active=active)
    return entry_point


register(
    Tracked(
        EntryPoint,
        "entrypoint",
        FIELDS,
        related=(RelatedSet("support_numbers", str, owned=False),),
        restore=restore,
        console_prefix="channels",
        api_resource="entry-points",
    )
)
