"""One place that knows, for each API resource, how to build an object and a valid request body."""

from channels.services import entry_point_deactivate
from tests.factories import (
    make_audio,
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_number,
    make_override_list,
    make_queue,
    unique,
    wav_upload,
)

RESOURCES = [
    "entry-points",
    "queues",
    "flows",
    "business-hours",
    "holiday-lists",
    "override-lists",
    "support-numbers",
    "audio-files",
]

SHIFT = {
    "name": "Weekdays",
    "weekdays": ["mon", "tue", "wed", "thu", "fri"],
    "start_minute": 540,
    "end_minute": 1020,
}
HOLIDAY = {"name": "Christmas", "start_date": "2025-12-24", "end_date": "2025-12-26", "repeats_yearly": True}
OVERRIDE = {"name": "Storm", "start": "2025-01-10T08:00:00", "end": "2025-01-10T12:00:00", "state": "closed"}


def list_url(resource: str) -> str:
    return f"/api/v1/{resource}/"


def detail_url(resource: str, obj) -> str:
    return f"/api/v1/{resource}/{obj.pk}/"


def make_object(resource: str, org):
    """An object nothing refers to, in a state that may be deleted (a channel is inactive)."""
    if resource == "entry-points":
        return entry_point_deactivate(entry_point=make_entry_point(org, "chat"))
    return {
        "queues": make_queue,
        "flows": make_flow,
        "business-hours": make_business_hours,
        "holiday-lists": lambda o: make_holiday_list(o, holidays=[HOLIDAY]),
        "override-lists": lambda o: make_override_list(o, overrides=[OVERRIDE]),
        "support-numbers": make_number,
        "audio-files": make_audio,
    }[resource](org)


def payload(resource: str, org, obj=None) -> tuple[dict, str]:
    """A valid body to create an object (or, given `obj`, to replace it with PUT) and its format."""
    name = obj.name if obj is not None and hasattr(obj, "name") else None
    if resource == "entry-points":
        flow = obj.flow if obj is not None else make_flow(org)
        return {
            "name": name or unique("Channel_"),
            "channel_type": "chat",
            "service_level_threshold": 45,
            "flow": str(flow.pk),
            "description": "from the API",
        }, "json"
    if resource == "queues":
        return {
            "name": name or unique("Queue_"),
            "queue_type": "inbound",
            "channel_type": "telephony",
            "service_level_threshold": 30,
            "max_time_in_queue": 600,
            "description": "from the API",
        }, "json"
    if resource == "flows":
        return {"name": name or unique("Flow_"), "description": "from the API"}, "json"
    if resource == "business-hours":
        return {"name": name or unique("Hours "), "shifts": [SHIFT], "description": "from the API"}, "json"
    if resource == "holiday-lists":
        return {
            "name": name or unique("Holidays "),
            "holidays": [HOLIDAY],
            "description": "from the API",
        }, "json"
    if resource == "override-lists":
        return {
            "name": name or unique("Overrides "),
            "overrides": [OVERRIDE],
            "description": "from the API",
        }, "json"
    if resource == "support-numbers":
        number = obj.number if obj is not None else make_number(org).number
        if obj is None:
            # make_number registered it; free the number for the API to register.
            from support_numbers.models import SupportNumber

            SupportNumber.objects.filter(number=number).delete()
        return {"number": number, "description": "from the API"}, "json"
    if resource == "audio-files":
        return {
            "name": name or unique("music") + ".wav",
            "file": wav_upload(),
            "description": "from the API",
        }, "multipart"
    raise KeyError(resource)
