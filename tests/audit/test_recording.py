"""Every service records its change: the entry's actor, via, action, version and field changes."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from channels.services import entry_point_deactivate, entry_point_delete, entry_point_update
from contactcenter.errors import ChannelHasNumbers
from contactcenter.tokens import api_token_create, api_token_revoke
from flows.services import business_hours_update, flow_update, holiday_list_update
from queues.services import queue_delete, queue_update
from support_numbers.services import support_numbers_bulk_create
from tests.dbstate import unchanged
from tests.factories import (
    make_audio,
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_number,
    make_queue,
)

pytestmark = pytest.mark.django_db


def entries(obj):
    return list(AuditEntry.objects.filter(object_id=str(obj.pk)).order_by("at", "pk"))


def changes(entry) -> dict:
    return {(c["field"], c.get("row")): (c["before"], c["after"]) for c in entry.changes}


def test_a_created_queue_is_recorded_by_the_system_via_command(org):
    queue = make_queue(org, name="Support_Q")
    [entry] = entries(queue)
    assert (entry.action, entry.via, entry.actor, entry.object_type, entry.object_name, entry.version) == (
        "created",
        "command",
        None,
        "queue",
        "Support_Q",
        1,
    )
    assert changes(entry)[("name", None)] == (None, "Support_Q")
    assert changes(entry)[("channel_type", None)] == (None, "Telephony")
    assert entry.organization_id == org.pk


def test_an_update_records_each_changed_field_with_references_by_name(org):
    old_flow, new_flow = make_flow(org, name="Old_Flow"), make_flow(org, name="New_Flow")
    channel = make_entry_point(org, flow=old_flow)
    entry_point_update(
        entry_point=channel, version=channel.version, flow=new_flow, service_level_threshold=45
    )
    entry = entries(channel)[-1]
    assert entry.action == "updated"
    assert entry.version == 2
    assert changes(entry) == {
        ("flow", None): ("Old_Flow", "New_Flow"),
        ("service_level_threshold", None): ("30", "45"),
    }


def test_a_change_that_changes_nothing_records_nothing(org):
    queue = make_queue(org)
    queue_update(queue=queue, version=queue.version, name=queue.name)
    assert len(entries(queue)) == 1


def test_a_refused_change_records_nothing(org):
    queue = make_queue(org)
    with unchanged(), pytest.raises(ValidationError):
        queue_update(queue=queue, version=queue.version, service_level_threshold=0)


def test_shift_changes_read_as_rows(org):
    hours = make_business_hours(
        org,
        shifts=[
            {
                "name": "Day",
                "weekdays": ["mon", "tue", "wed", "thu", "fri"],
                "start_minute": 480,
                "end_minute": 1020,
            }
        ],
    )
    business_hours_update(
        business_hours=hours,
        version=hours.version,
        shifts=[
            {
                "name": "Day",
                "weekdays": ["mon", "tue", "wed", "thu", "fri"],
                "start_minute": 480,
                "end_minute": 960,
            },
            {"name": "Sat", "weekdays": ["sat"], "start_minute": 600, "end_minute": 840},
        ],
    )
    entry = entries(hours)[-1]
    assert changes(entry) == {
        ("shifts", "Day"): ("Mon–Fri 08:00–17:00", "Mon–Fri 08:00–16:00"),
        ("shifts", "Sat"): (None, "Sat 10:00–14:00"),
    }
    assert entry.version == 2


def test_a_holiday_added_reads_with_its_date(org):
    holidays = make_holiday_list(org)
    holiday_list_update(
        holiday_list=holidays,
        version=holidays.version,
        holidays=[
            {
                "name": "Juleaften",
                "start_date": "2026-12-24",
                "end_date": "2026-12-24",
                "repeats_yearly": True,
            }
        ],
    )
    assert changes(entries(holidays)[-1]) == {("holidays", "Juleaften"): (None, "24 Dec, every year")}


def test_assigning_numbers_is_recorded_on_the_channel_and_on_each_number(org):
    number = make_number(org, number="+4533123456")
    channel = make_entry_point(org, channel_type="inbound_telephony")
    entry_point_update(entry_point=channel, version=channel.version, support_numbers=[number])
    assert changes(entries(channel)[-1]) == {("support_numbers", None): (None, "+45 33 12 34 56")}
    assert changes(entries(number)[-1]) == {("entry_point", None): (None, channel.name)}


def test_deleting_a_channel_with_release_records_the_releases_and_the_deletion(org):
    number = make_number(org, number="+4533123457")
    channel = make_entry_point(org, channel_type="inbound_telephony", support_numbers=[number])
    channel = entry_point_deactivate(entry_point=channel)
    assert entries(channel)[-1].action == "deactivated"
    with unchanged(), pytest.raises(ChannelHasNumbers):
        entry_point_delete(entry_point=channel)
    entry_point_delete(entry_point=channel, release_numbers=True)
    deleted = entries(channel)[-1]
    assert (deleted.action, deleted.object_name, deleted.version) == (
        "deleted",
        channel.name,
        channel.version,
    )
    assert changes(entries(number)[-1]) == {("entry_point", None): (channel.name, None)}


def test_a_deleted_queue_keeps_its_last_version(org):
    queue = make_queue(org)
    queue_delete(queue=queue)
    entry = entries(queue)[-1]
    assert entry.action == "deleted"
    assert entry.revision.version_set.get().field_dict["name"] == queue.name


def test_the_bulk_paste_records_each_number(org):
    result = support_numbers_bulk_create(organization=org, text="+4533123458\nnot a number\n+4533123459")
    assert len(result.added) == 2
    assert AuditEntry.objects.filter(object_type="supportnumber", action="created").count() == 2


def test_tokens_created_and_revoked_are_recorded(org, admin_user):
    token, _secret = api_token_create(user=admin_user, name="Deploy script")
    api_token_revoke(token=token)
    created, revoked = entries(token)
    assert (created.object_type, created.action, revoked.action) == ("apitoken", "created", "deactivated")
    assert revoked.organization_id == org.pk


def test_the_system_channel_is_recorded_with_the_organization(org):
    assert AuditEntry.objects.filter(organization=org, object_type="entrypoint", action="created").exists()


def test_an_audio_file_is_recorded(org):
    audio = make_audio(org, name="hold.wav")
    assert entries(audio)[0].action == "created"


def test_a_flow_rename_is_recorded(org):
    flow = make_flow(org, name="A_Flow")
    flow_update(flow=flow, version=flow.version, name="B_Flow")
    assert changes(entries(flow)[-1]) == {("name", None): ("A_Flow", "B_Flow")}
