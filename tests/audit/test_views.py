"""The console's History and Activity, restore from the console, and the admin and commands recorded."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from flows.models import BusinessHours
from queues.models import Queue
from queues.services import queue_delete, queue_update
from tests.api.resources import RESOURCES, make_object
from tests.dbstate import unchanged
from tests.factories import make_business_hours, make_queue

pytestmark = pytest.mark.django_db

SECTIONS = {
    "entry-points": "channels",
    "queues": "queues",
    "flows": "flows",
    "business-hours": "business-hours",
    "holiday-lists": "holiday-lists",
    "override-lists": "override-lists",
    "support-numbers": "numbers",
    "audio-files": "audio-files",
}


def history(obj) -> str:
    return f"{obj.get_absolute_url()}history/"


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_object_page_links_its_history_which_members_read_and_outsiders_do_not(
    admin_client, viewer_client, outsider_client, org, resource
):
    obj = make_object(resource, org)
    page = admin_client.get(obj.get_absolute_url()).content.decode()
    assert f'href="{history(obj)}"' in page
    assert history(obj).startswith(f"/{SECTIONS[resource]}/")
    for client in (admin_client, viewer_client):
        response = client.get(history(obj))
        assert response.status_code == 200
        assert response.context["entries"][-1].action == "created"
    assert outsider_client.get(history(obj)).status_code == 404


def test_a_console_edit_is_recorded_with_the_user_via_console(admin_client, admin_user, org):
    queue = make_queue(org, name="Console_Q", description="")
    data = {
        "name": "Console_Q",
        "description": "typed in the console",
        "queue_type": "inbound",
        "channel_type": "telephony",
        "routing_type": queue.routing_type,
        "service_level_threshold": "30",
        "max_time_in_queue": "600",
        "active": "on",
        "version": str(queue.version),
    }
    assert admin_client.post(queue.get_absolute_url(), data).status_code == 302
    entry = AuditEntry.objects.filter(object_id=str(queue.pk)).first()
    assert (entry.action, entry.actor, entry.via, entry.token_name) == ("updated", admin_user, "console", "")
    page = admin_client.get(history(queue)).content.decode()
    assert "typed in the console" in page
    assert admin_user.username in page


def test_the_history_page_shows_restore_to_admins_only_and_restores(admin_client, viewer_client, org):
    queue = make_queue(org, name="Restore_Me")
    queue_update(queue=queue, version=queue.version, name="Renamed_Q")
    first = AuditEntry.objects.get(object_id=str(queue.pk), action="created")
    restore_url = f"{history(queue)}{first.pk}/restore/"
    assert restore_url in admin_client.get(history(queue)).content.decode()
    assert restore_url not in viewer_client.get(history(queue)).content.decode()
    confirm = admin_client.get(restore_url)
    assert [(row.label, row.before, row.after) for row in confirm.context["preview"]] == [
        ("Name", "Renamed_Q", "Restore_Me")
    ]
    with unchanged():
        assert viewer_client.post(restore_url).status_code == 403
    response = admin_client.post(restore_url)
    assert response.status_code == 302
    assert Queue.objects.get(pk=queue.pk).name == "Restore_Me"
    assert AuditEntry.objects.filter(object_id=str(queue.pk)).first().action == "restored"


def test_a_refused_restore_says_why_on_the_history_page(admin_client, org):
    queue = make_queue(org, name="Taken_Name")
    queue_update(queue=queue, version=queue.version, name="Other_Name")
    make_queue(org, name="Taken_Name")
    first = AuditEntry.objects.get(object_id=str(queue.pk), action="created")
    with unchanged():
        response = admin_client.post(f"{history(queue)}{first.pk}/restore/", follow=True)
    assert "Not restored" in response.content.decode()
    assert "already used" in response.content.decode()


def test_a_deleted_queue_is_restored_from_activity(admin_client, org):
    queue = make_queue(org, name="Deleted_Q")
    queue_delete(queue=queue)
    deleted = AuditEntry.objects.get(object_id=str(queue.pk), action="deleted")
    page = admin_client.get(reverse("audit:activity")).content.decode()
    url = reverse("audit:activity-restore", args=[deleted.pk])
    assert url in page
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url).status_code == 302
    assert Queue.objects.get(pk=queue.pk).name == "Deleted_Q"


def test_activity_filters_search_and_isolation(admin_client, outsider_client, admin_user, org):
    queue = make_queue(org, name="Find_Me")
    make_business_hours(org, name="Other hours")
    admin_client.force_login(admin_user)

    def names(**params):
        response = admin_client.get(reverse("audit:activity"), params)
        assert response.status_code == 200
        return [entry.object_name for entry in response.context["object_list"]]

    assert names(q="find") == ["Find_Me"]
    assert names(object_type="businesshours") == ["Other hours"]
    assert names(object_type="queue", action="created") == ["Find_Me"]
    assert names(since="2000-01-01", until="2000-01-02") == []
    assert "Find_Me" not in outsider_client.get(reverse("audit:activity")).content.decode()
    response = admin_client.get(reverse("audit:activity"), {"action": "exploded"})
    assert response.status_code == 200
    assert response.context["active_filters"] == {"action": "exploded"}
    queue_update(queue=queue, version=queue.version, description="by the system")
    assert names(actor=admin_user.username) == []


def test_the_csv_export_has_the_filtered_entries(admin_client, org):
    queue = make_queue(org, name="Export_Q")
    queue_update(queue=queue, version=queue.version, service_level_threshold=45)
    response = admin_client.get(reverse("audit:activity-export"), {"object_type": "queue"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "When (UTC)"
    assert [(row[4], row[7]) for row in rows[1:]] == [("Updated", "Export_Q"), ("Created", "Export_Q")]
    assert "Service level threshold (seconds): 30 → 45" in rows[1][9]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_history_and_activity_pages_run_a_constant_number_of_queries(admin_client, org):
    queue = make_queue(org)
    few = (_queries(admin_client, history(queue)), _queries(admin_client, reverse("audit:activity")))
    for n in range(30):
        queue = Queue.objects.get(pk=queue.pk)
        queue_update(queue=queue, version=queue.version, description=f"change {n}")
    assert (_queries(admin_client, history(queue)), _queries(admin_client, reverse("audit:activity"))) == few


@pytest.fixture
def operator(db):
    user = get_user_model().objects.create_superuser("operator", "operator@example.com", "unused-password-1")
    client = Client()
    client.force_login(user)
    return client, user


def test_an_admin_edit_of_a_schedule_and_its_shifts_is_recorded_via_admin(operator, org):
    client, user = operator
    hours = make_business_hours(org, name="Admin hours")
    shift = hours.shifts.get()
    data = {
        "organization": str(org.pk),
        "name": "Admin hours",
        "description": "",
        "loaded_version": str(hours.version),
        "shifts-TOTAL_FORMS": "1",
        "shifts-INITIAL_FORMS": "1",
        "shifts-MIN_NUM_FORMS": "0",
        "shifts-MAX_NUM_FORMS": "1000",
        "shifts-0-id": str(shift.pk),
        "shifts-0-business_hours": str(hours.pk),
        "shifts-0-name": "Weekdays",
        "shifts-0-weekdays": ["mon", "tue", "wed", "thu", "fri"],
        "shifts-0-start_minute": "540",
        "shifts-0-end_minute": "960",
    }
    response = client.post(reverse("admin:flows_businesshours_change", args=[hours.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    entry = AuditEntry.objects.filter(object_id=str(hours.pk)).first()
    assert (entry.action, entry.via, entry.actor) == ("updated", "admin", user)
    assert entry.changes == [
        {
            "field": "shifts",
            "row": "Weekdays",
            "before": "Mon–Fri 09:00–17:00",
            "after": "Mon–Fri 09:00–16:00",
        }
    ]
    assert BusinessHours.objects.get(pk=hours.pk).version == 2


def test_an_admin_queue_deletion_is_recorded_via_admin(operator, org):
    client, user = operator
    queue = make_queue(org)
    response = client.post(reverse("admin:queues_queue_delete", args=[queue.pk]), {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(object_id=str(queue.pk)).first()
    assert (entry.action, entry.via, entry.actor) == ("deleted", "admin", user)


def test_a_command_is_recorded_as_the_system(db):
    call_command("create_organization", "Command Org", stdout=io.StringIO())
    entry = AuditEntry.objects.get(object_type="entrypoint", organization__name="Command Org")
    assert (entry.action, entry.via, entry.actor, entry.object_name) == (
        "created",
        "command",
        None,
        "Outdial Transfer to Queue",
    )


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_console_delete_of_every_object_type_is_recorded_with_the_user(
    admin_client, admin_user, org, resource
):
    obj = make_object(resource, org)
    response = admin_client.post(f"{obj.get_absolute_url()}delete/", {"version": obj.version})
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(object_id=str(obj.pk)).first()
    assert (entry.action, entry.via, entry.actor, entry.version) == (
        "deleted",
        "console",
        admin_user,
        obj.version,
    )


def test_the_console_bulk_paste_records_each_number_with_the_user(admin_client, admin_user, org):
    response = admin_client.post(
        reverse("support_numbers:supportnumber-bulk"), {"text": "+4533123460\nnonsense\n+4533123461"}
    )
    assert response.status_code == 200
    entries = AuditEntry.objects.filter(
        object_type="supportnumber", via="console", actor=admin_user, action="created"
    )
    assert sorted(entry.object_name for entry in entries) == ["+45 33 12 34 60", "+45 33 12 34 61"]


def test_a_console_delete_with_release_records_the_channel_and_each_number(admin_client, admin_user, org):
    from channels.services import entry_point_deactivate
    from tests.factories import make_entry_point, make_number

    number = make_number(org, number="+4533123462")
    channel = entry_point_deactivate(
        entry_point=make_entry_point(org, channel_type="inbound_telephony", support_numbers=[number])
    )
    response = admin_client.post(
        f"{channel.get_absolute_url()}delete/", {"version": channel.version, "release_numbers": "on"}
    )
    assert response.status_code == 302
    number_entry = AuditEntry.objects.filter(object_id=str(number.pk)).first()
    assert (number_entry.via, number_entry.actor, number_entry.changes) == (
        "console",
        admin_user,
        [{"field": "entry_point", "before": channel.name, "after": None}],
    )
    assert AuditEntry.objects.filter(object_id=str(channel.pk)).first().action == "deleted"
