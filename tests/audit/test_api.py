"""The API's History and Activity, and restore: every resource, every refusal, isolation, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEntry
from channels.models import EntryPoint
from channels.services import entry_point_update
from flows.services import flow_delete
from queues.models import Queue
from queues.services import queue_update
from tests.api.resources import RESOURCES, detail_url, list_url, payload
from tests.dbstate import unchanged
from tests.factories import make_entry_point, make_flow, make_queue

pytestmark = pytest.mark.django_db

TYPES = {
    "entry-points": "entrypoint",
    "queues": "queue",
    "flows": "flow",
    "business-hours": "businesshours",
    "holiday-lists": "holidaylist",
    "override-lists": "overridelist",
    "support-numbers": "supportnumber",
    "audio-files": "audiofile",
}


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_records_api_writes_with_the_token_and_restores_a_deletion(
    api, org, admin_user, resource
):
    body, fmt = payload(resource, org)
    created = api.post(list_url(resource), body, format=fmt)
    assert created.status_code == 201, created.json()
    object_id = created.json()["id"]
    changed = api.patch(
        f"{list_url(resource)}{object_id}/", {"description": "changed by script"}, format="json"
    )
    assert changed.status_code == 200
    history = api.get(f"{list_url(resource)}{object_id}/history/").json()
    assert history["count"] == 2
    newest, oldest = history["results"]
    assert set(newest) == {"id", "at", "action", "actor", "token", "via", "object", "version", "changes"}
    assert (newest["action"], newest["actor"], newest["token"], newest["via"]) == (
        "updated",
        admin_user.username,
        "script",
        "api",
    )
    assert newest["object"] == {"type": TYPES[resource], "id": object_id, "name": newest["object"]["name"]}
    assert newest["changes"] == [
        {
            "field": "description",
            "label": "Description",
            "before": "from the API",
            "after": "changed by script",
        }
    ]
    assert oldest["action"] == "created" and oldest["version"] == 1
    if resource == "entry-points":
        api.patch(f"{list_url(resource)}{object_id}/", {"active": False}, format="json")
    assert api.delete(f"{list_url(resource)}{object_id}/").status_code == 204
    deleted = api.get("/api/v1/activity/", {"object_id": object_id, "action": "deleted"}).json()["results"]
    assert len(deleted) == 1
    restored = api.post(f"/api/v1/activity/{deleted[0]['id']}/restore/")
    if resource == "audio-files":
        assert restored.status_code == 400
        assert "upload the file again" in str(restored.json())
        return
    assert restored.status_code == 200, restored.json()
    assert restored.json()["action"] == "restored"
    again = api.get(f"{list_url(resource)}{object_id}/")
    assert again.status_code == 200
    assert again.json()["description"] == "changed by script"
    # The deletion cannot be restored twice.
    assert api.post(f"/api/v1/activity/{deleted[0]['id']}/restore/").status_code == 400


def test_restoring_a_version_puts_the_channel_back_and_is_recorded(api, org):
    old_flow, new_flow = make_flow(org, name="Old_Flow"), make_flow(org, name="New_Flow")
    channel = make_entry_point(org, flow=old_flow, service_level_threshold=30)
    url = detail_url("entry-points", channel)
    api.patch(url, {"flow": str(new_flow.pk), "service_level_threshold": 60}, format="json")
    first = api.get(f"{url}history/").json()["results"][-1]
    response = api.post(f"{url}history/{first['id']}/restore/")
    assert response.status_code == 200, response.json()
    entry = response.json()
    assert entry["action"] == "restored"
    assert {c["field"]: (c["before"], c["after"]) for c in entry["changes"]} == {
        "flow": ("New_Flow", "Old_Flow"),
        "service_level_threshold": ("60", "30"),
    }
    channel.refresh_from_db()
    assert (channel.flow_id, channel.service_level_threshold, channel.version) == (old_flow.pk, 30, 3)


def test_a_restore_whose_flow_was_deleted_is_refused_and_changes_nothing(api, org):
    old_flow, new_flow = make_flow(org, name="Gone_Flow"), make_flow(org, name="Kept_Flow")
    channel = make_entry_point(org, flow=old_flow)
    entry_point_update(entry_point=channel, version=channel.version, flow=new_flow)
    flow_delete(flow=old_flow)
    first = AuditEntry.objects.filter(object_id=str(channel.pk), action="created").get()
    api.get("/api/v1/activity/")  # the token's first use is written once (last used)
    with unchanged():
        response = api.post(f"{detail_url('entry-points', channel)}history/{first.pk}/restore/")
    assert response.status_code == 400
    assert "Gone_Flow" in response.json()["flow"][0]


def test_a_restore_to_a_name_taken_meanwhile_is_refused(api, org):
    queue = make_queue(org, name="First_Name")
    queue_update(queue=queue, version=queue.version, name="Second_Name")
    make_queue(org, name="first_name")
    first = AuditEntry.objects.filter(object_id=str(queue.pk), action="created").get()
    api.get("/api/v1/activity/")  # the token's first use is written once (last used)
    with unchanged():
        response = api.post(f"{detail_url('queues', queue)}history/{first.pk}/restore/")
    assert response.status_code == 400
    assert "already used" in response.json()["name"][0]


def test_a_restore_that_would_change_the_channel_type_is_refused(api, org):
    channel = make_entry_point(org, channel_type="chat")
    first = AuditEntry.objects.filter(object_id=str(channel.pk), action="created").get()
    # Data from before the rule (or a hand edit): the stored type differs from the version's.
    EntryPoint.objects.filter(pk=channel.pk).update(channel_type="email")
    api.get("/api/v1/activity/")  # the token's first use is written once (last used)
    with unchanged():
        response = api.post(f"{detail_url('entry-points', channel)}history/{first.pk}/restore/")
    assert response.status_code == 400
    assert response.json()["channel_type"] == [
        "The channel type cannot be changed after the channel is created."
    ]


def test_restoring_the_current_state_is_refused(api, org):
    queue = make_queue(org)
    only = AuditEntry.objects.get(object_id=str(queue.pk))
    response = api.post(f"{detail_url('queues', queue)}history/{only.pk}/restore/")
    assert response.status_code == 400
    assert "nothing to restore" in str(response.json())


def test_viewers_and_read_only_tokens_read_but_cannot_restore(viewer_api, read_only_api, org):
    queue = make_queue(org, name="Viewer_Q")
    queue_update(queue=queue, version=queue.version, name="Viewer_Q2")
    first = AuditEntry.objects.filter(object_id=str(queue.pk), action="created").get()
    url = f"{detail_url('queues', queue)}history/"
    for client in (viewer_api, read_only_api):
        assert client.get(url).status_code == 200
        with unchanged():
            assert client.post(f"{url}{first.pk}/restore/").status_code == 403
        assert client.get("/api/v1/activity/").status_code == 200


def test_another_organization_sees_nothing(outsider_api, org):
    queue = make_queue(org)
    entry = AuditEntry.objects.get(object_id=str(queue.pk))
    assert outsider_api.get(f"{detail_url('queues', queue)}history/").status_code == 404
    assert outsider_api.get(f"/api/v1/activity/{entry.pk}/").status_code == 404
    assert outsider_api.post(f"/api/v1/activity/{entry.pk}/restore/").status_code == 404
    names = [e["object"]["name"] for e in outsider_api.get("/api/v1/activity/").json()["results"]]
    assert queue.name not in names


def test_activity_filters(api, org, admin_user):
    queue = make_queue(org, name="Filter_Q")
    api.patch(detail_url("queues", queue), {"description": "x"}, format="json")

    def names(**params):
        return [
            (e["object"]["name"], e["action"]) for e in api.get("/api/v1/activity/", params).json()["results"]
        ]

    assert names(object_type="queue") == [("Filter_Q", "updated"), ("Filter_Q", "created")]
    assert names(actor=admin_user.username) == [("Filter_Q", "updated")]
    assert names(object_type="queue", action="created") == [("Filter_Q", "created")]
    assert names(object_id=str(queue.pk), since="2000-01-01", until="2999-12-31T00:00Z") == [
        ("Filter_Q", "updated"),
        ("Filter_Q", "created"),
    ]
    assert names(object_type="queue", until="2000-01-01") == []
    # A date as `until` is the whole day (up to the next day's first moment, in UTC for the API).
    today = timezone.now().date().isoformat()
    assert names(object_type="queue", until=today) == [("Filter_Q", "updated"), ("Filter_Q", "created")]
    assert names(object_type="queue", since=today, until=today) == [
        ("Filter_Q", "updated"),
        ("Filter_Q", "created"),
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"action": "exploded"},
        {"since": "yesterday"},
        {"object_type": "fax"},
        {"colour": "red"},
        {"actor": ""},
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api, params):
    response = api.get("/api/v1/activity/", params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


@pytest.mark.parametrize(
    ("params", "answer"),
    [
        # ISO 8601 allows offsets that PostgreSQL's timestamps do not (at most ±15:59): read in UTC.
        ({"until": "0187-11-08T00:52:39.625212-18:58"}, 200),
        ({"since": "2026-12-24T10:00+23:59"}, 200),
        # Past the calendar once in UTC, or the day after the last day.
        ({"since": "0001-01-01T00:00+01:00"}, 400),
        ({"until": "9999-12-31"}, 400),
    ],
)
def test_a_moment_is_read_in_utc_and_one_out_of_range_is_a_400(api, org, params, answer):
    response = api.get("/api/v1/activity/", params)
    assert response.status_code == answer, response.content
    if answer == 400:
        assert response.json() == {
            name: ["Enter a moment between the years 1 and 9999 (in UTC)."] for name in params
        }


def test_restore_of_a_malformed_or_unknown_entry_is_a_404(api, org):
    queue = make_queue(org)
    assert api.post(f"{detail_url('queues', queue)}history/not-a-uuid/restore/").status_code == 404
    other = make_queue(org)
    foreign = AuditEntry.objects.get(object_id=str(other.pk))
    assert api.post(f"{detail_url('queues', queue)}history/{foreign.pk}/restore/").status_code == 404
    assert api.post("/api/v1/activity/00000000-0000-0000-0000-000000000000/restore/").status_code == 404


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_history_and_activity_queries_do_not_grow_with_entries(api, org):
    queue = make_queue(org)
    url = f"{detail_url('queues', queue)}history/"
    api.get(url)  # the token's first use is written once (last used)
    few = (_count_queries(api, url), _count_queries(api, "/api/v1/activity/"))
    for n in range(30):
        queue = Queue.objects.get(pk=queue.pk)
        queue_update(queue=queue, version=queue.version, description=f"change {n}")
    assert (_count_queries(api, url), _count_queries(api, "/api/v1/activity/")) == few
