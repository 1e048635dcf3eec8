"""Lists: pagination, filters, search, ordering, and a number of queries that does not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels.services import entry_point_deactivate
from tests.api.resources import RESOURCES, list_url, make_object
from tests.factories import make_entry_point, make_flow, make_number, make_queue


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


@pytest.mark.parametrize("resource", RESOURCES)
def test_the_number_of_queries_does_not_grow_with_the_rows(api, org, resource):
    api.get(list_url(resource))  # the token's first use writes last_used_at once
    for _ in range(2):
        make_object(resource, org)
    few = count_queries(api, f"{list_url(resource)}?page_size=500")
    for _ in range(6):
        make_object(resource, org)
    many = count_queries(api, f"{list_url(resource)}?page_size=500")
    assert many == few
    assert few <= 6  # token, count, page, and at most one prefetch (plus savepoint noise)


def test_pagination_counts_and_links(api, org):
    for index in range(7):
        make_queue(org, name=f"Queue_{index}")
    first = api.get("/api/v1/queues/?page_size=3").json()
    assert first["count"] == 7
    assert [q["name"] for q in first["results"]] == ["Queue_0", "Queue_1", "Queue_2"]
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/queues/?page=2&page_size=3")
    last = api.get("/api/v1/queues/?page_size=3&page=3").json()
    assert [q["name"] for q in last["results"]] == ["Queue_6"]
    assert last["next"] is None


def test_page_size_defaults_to_50_and_is_capped_at_500(api, org):
    for index in range(51):
        make_number(org)
    assert len(api.get("/api/v1/support-numbers/").json()["results"]) == 50
    assert len(api.get("/api/v1/support-numbers/?page_size=100000").json()["results"]) == 51


def test_channels_filter_by_type_direction_and_state(api, org):
    chat = make_entry_point(org, "chat", name="Chat_a")
    make_entry_point(org, "email", name="Mail_a")
    outbound = make_entry_point(org, "outbound_telephony", name="Out_a")
    entry_point_deactivate(entry_point=chat)

    def names(query):
        return [c["name"] for c in api.get(f"/api/v1/entry-points/?{query}").json()["results"]]

    assert names("channel_type=chat") == ["Chat_a"]
    assert names("direction=outbound") == ["Out_a", "Outdial Transfer to Queue"]
    assert names("direction=inbound") == ["Chat_a", "Mail_a"]
    assert names("active=false") == ["Chat_a"]
    assert names("is_system=true") == ["Outdial Transfer to Queue"]
    assert names(f"flow={outbound.flow_id}") == ["Out_a"]
    assert names("search=mail") == ["Mail_a"]
    assert names("ordering=-name&is_system=false") == ["Out_a", "Mail_a", "Chat_a"]


def test_queues_and_flows_filter(api, org):
    inbound = make_queue(org, name="In_q", channel_type="chat")
    make_queue(org, name="Out_q", queue_type="outbound")
    make_flow(org, name="Routes_in", queue=inbound)
    make_flow(org, name="Legacy", kind="routing_strategy")

    def names(resource, query):
        return [o["name"] for o in api.get(f"/api/v1/{resource}/?{query}").json()["results"]]

    assert names("queues", "queue_type=outbound") == ["Out_q"]
    assert names("queues", "channel_type=chat") == ["In_q"]
    assert names("flows", "kind=routing_strategy") == ["Legacy"]
    assert names("flows", f"queue={inbound.pk}") == ["Routes_in"]


def test_lists_show_only_the_organization_s_objects(api, org, other_org):
    make_queue(org, name="Mine")
    make_queue(other_org, name="Theirs")
    assert [q["name"] for q in api.get("/api/v1/queues/").json()["results"]] == ["Mine"]


def test_ordering_by_several_fields(api, org):
    make_queue(org, name="B_queue")
    make_queue(org, name="A_queue")
    names = [q["name"] for q in api.get("/api/v1/queues/?ordering=queue_type,-name").json()["results"]]
    assert names == ["B_queue", "A_queue"]


@pytest.mark.parametrize("value", ["colour", "-colour", "name,colour", "organization", ""])
def test_an_unknown_ordering_field_is_a_400_naming_the_choices(api, value):
    response = api.get(f"/api/v1/queues/?ordering={value}")
    assert response.status_code == 400
    message = response.json()["ordering"][0]
    if value:
        assert "channel_type" in message and "name" in message


@pytest.mark.parametrize(
    ("resource", "page", "name", "value"),
    [
        ("entry-points", "/channels/", "channel_type", "fax"),
        ("queues", "/queues/", "queue_type", "sideways"),
        ("flows", "/flows/", "kind", "ivr"),
    ],
)
def test_a_bad_value_gets_the_same_message_from_the_api_and_the_console(
    api, admin_client, resource, page, name, value
):
    response = api.get(f"/api/v1/{resource}/", {name: value})
    assert response.status_code == 400
    [message] = response.json()[name]
    console = admin_client.get(page, {name: value})
    assert console.status_code == 200
    assert message in console.content.decode()
