"""A delete racing a change that starts to use the object: one wins, the other gets its 400 or 409.

For every kind of reference, many rounds of two threads with their own connections, released
together: one creates (or changes) an object so that it refers to X, the other deletes X. Either
the delete comes first and the change is refused as a reference to something gone (400), or the
change comes first and the delete is refused because X is used (409). Never both, never neither,
never a database error.
"""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audio.services import audio_file_delete
from channels.services import entry_point_create, entry_point_deactivate, entry_point_delete
from contactcenter.errors import DomainConflict
from flows.services import (
    business_hours_create,
    business_hours_delete,
    flow_create,
    flow_delete,
    holiday_list_delete,
    override_list_delete,
)
from queues.services import queue_create, queue_delete
from support_numbers.services import support_number_assign
from tests.channels.test_concurrency import Action, race
from tests.factories import (
    make_audio,
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_number,
    make_outbound_queue,
    make_override_list,
    make_queue,
    unique,
)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs concurrent transactions"),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 12
SHIFTS = [{"name": "Day", "weekdays": ["mon"], "start_minute": 480, "end_minute": 960}]


def queue_fields(**extra) -> dict:
    return {
        "queue_type": "inbound",
        "channel_type": "telephony",
        "service_level_threshold": 30,
        "max_time_in_queue": 600,
        "routing_type": "longest_available_agent",
        **extra,
    }


def chat_channel(org, flow) -> dict:
    return {"channel_type": "chat", "service_level_threshold": 30, "flow": flow}


# Each kind: (make the object that will be deleted, delete it, start to use it).
KINDS = {
    "channel → flow": (
        make_flow,
        lambda flow: flow_delete(flow=flow),
        lambda org, flow: entry_point_create(organization=org, name=unique("Ch"), **chat_channel(org, flow)),
    ),
    "channel → music on hold": (
        make_audio,
        lambda audio: audio_file_delete(audio_file=audio),
        lambda org, audio: entry_point_create(
            organization=org,
            name=unique("Out"),
            channel_type="outbound_telephony",
            service_level_threshold=30,
            flow=org._flow,
            outdial_queue=org._outbound,
            music_on_hold=audio,
        ),
    ),
    "channel → outdial queue": (
        make_outbound_queue,
        lambda queue: queue_delete(queue=queue),
        lambda org, queue: entry_point_create(
            organization=org,
            name=unique("Out"),
            channel_type="outbound_telephony",
            service_level_threshold=30,
            flow=org._flow,
            outdial_queue=queue,
        ),
    ),
    "flow → queue": (
        make_queue,
        lambda queue: queue_delete(queue=queue),
        lambda org, queue: flow_create(organization=org, name=unique("F"), queue=queue),
    ),
    "flow → business hours": (
        make_business_hours,
        lambda hours: business_hours_delete(business_hours=hours),
        lambda org, hours: flow_create(organization=org, name=unique("F"), business_hours=hours),
    ),
    "queue → music in queue": (
        make_audio,
        lambda audio: audio_file_delete(audio_file=audio),
        lambda org, audio: queue_create(
            organization=org, name=unique("Q"), **queue_fields(music_in_queue=audio)
        ),
    ),
    "business hours → holiday list": (
        make_holiday_list,
        lambda holidays: holiday_list_delete(holiday_list=holidays),
        lambda org, holidays: business_hours_create(
            organization=org, name=unique("Hours"), shifts=SHIFTS, holiday_list=holidays
        ),
    ),
    "business hours → override list": (
        make_override_list,
        lambda overrides: override_list_delete(override_list=overrides),
        lambda org, overrides: business_hours_create(
            organization=org, name=unique("Hours"), shifts=SHIFTS, override_list=overrides
        ),
    ),
    "support number → channel": (
        lambda org: entry_point_deactivate(entry_point=make_entry_point(org, "inbound_telephony")),
        lambda channel: entry_point_delete(entry_point=channel),
        lambda org, channel: support_number_assign(support_number=make_number(org), entry_point=channel),
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_delete_and_a_new_reference_take_turns(org, kind):
    make, delete, use = KINDS[kind]
    org._flow = make_flow(org)
    org._outbound = make_outbound_queue(org)
    seen = Counter()
    for _round in range(ROUNDS):
        target = make(org)
        deleted, used = race(
            Action(lambda t=target: t, delete), Action(lambda t=target: t, lambda t: use(org, t))
        )
        if deleted is None:
            # The delete won: the change is a 400 naming the field, about an object that is gone.
            assert isinstance(used, ValidationError), used
            assert "Choose one of your organization's" in str(used.messages), used.messages
            seen["delete first"] += 1
        else:
            # The change won: the delete is refused (409) because the object is now used: `referenced`,
            # or for a channel `channel_has_numbers`.
            assert isinstance(deleted, DomainConflict), deleted
            assert not isinstance(used, Exception), used
            assert type(target)._default_manager.filter(pk=target.pk).exists()
            seen["use first"] += 1
    assert sum(seen.values()) == ROUNDS
