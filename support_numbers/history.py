"""The audit trail of support numbers (see audit.registry)."""

from audit.registry import Tracked, register
from audit.restore import service_fields

from .models import SupportNumber
from .services import (
    support_number_assign,
    support_number_create,
    support_number_release,
    support_number_update,
)

FIELDS = ("number", "description", "entry_point")


def restore(number, state, organization, tracked):
    fields = service_fields(tracked, state, organization, FIELDS)
    channel = fields.pop("entry_point")
    if number is None:
        number = support_number_create(organization=organization, **fields)
    else:
        number = support_number_update(support_number=number, version=None, **fields)
    if channel is not None and number.entry_point_id != channel.pk:
        if number.entry_point_id is not None:
            number = support_number_release(support_number=number)
        number = support_number_assign(support_number=number, entry_point=channel)
    elif channel is None and number.entry_point_id is not None:
        number = support_number_release(support_number=number)
    return number


register(
    Tracked(
        SupportNumber,
        "supportnumber",
        FIELDS,
        restore=restore,
        console_prefix="numbers",
        api_resource="support-numbers",
    )
)
