"""The lists' filtersets: one per resource, the console's a subclass of the API's, and what a bad value shows."""

import pytest
from django.urls import reverse

from audio.filtersets import AudioFileConsoleFilterSet, AudioFileFilterSet
from channels.filtersets import EntryPointConsoleFilterSet, EntryPointFilterSet
from flows.filtersets import (
    BusinessHoursConsoleFilterSet,
    BusinessHoursFilterSet,
    FlowConsoleFilterSet,
    FlowFilterSet,
    HolidayListConsoleFilterSet,
    HolidayListFilterSet,
    OverrideListConsoleFilterSet,
    OverrideListFilterSet,
)
from queues.filtersets import QueueConsoleFilterSet, QueueFilterSet
from support_numbers.filtersets import SupportNumberConsoleFilterSet, SupportNumberFilterSet
from tests.factories import make_queue

RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}

# (API filterset, its parameters; console filterset, the parameters of the page's selects, in order)
FILTERSETS = [
    (
        EntryPointFilterSet,
        {"channel_type", "social_channel_type", "direction", "active", "is_system", "flow"},
        EntryPointConsoleFilterSet,
        ["channel_type", "social_channel_type", "status"],
    ),
    (
        QueueFilterSet,
        {"queue_type", "channel_type", "routing_type", "active", "music_in_queue"},
        QueueConsoleFilterSet,
        ["queue_type", "channel_type", "routing_type", "active", "usage"],
    ),
    (
        FlowFilterSet,
        {"kind", "business_hours", "queue", "recommended"},
        FlowConsoleFilterSet,
        ["kind", "business_hours", "usage"],
    ),
    (
        BusinessHoursFilterSet,
        {"holiday_list", "override_list"},
        BusinessHoursConsoleFilterSet,
        ["holiday_list", "override_list", "usage"],
    ),
    (HolidayListFilterSet, set(), HolidayListConsoleFilterSet, ["usage"]),
    (OverrideListFilterSet, set(), OverrideListConsoleFilterSet, ["usage"]),
    (SupportNumberFilterSet, {"assigned", "entry_point"}, SupportNumberConsoleFilterSet, ["state"]),
    (AudioFileFilterSet, set(), AudioFileConsoleFilterSet, ["usage"]),
]


@pytest.mark.parametrize(("api", "api_names", "console", "console_names"), FILTERSETS)
def test_the_console_filters_through_a_subclass_of_the_api_filterset(api, api_names, console, console_names):
    assert set(api.base_filters) == api_names
    assert list(console.base_filters) == console_names
    assert issubclass(console, api)


@pytest.mark.parametrize(
    ("console", "console_value", "api", "api_value"),
    [
        (EntryPointConsoleFilterSet, {"status": "inactive"}, EntryPointFilterSet, {"active": "false"}),
        (QueueConsoleFilterSet, {"active": "yes"}, QueueFilterSet, {"active": "true"}),
        (FlowConsoleFilterSet, {"business_hours": "no"}, FlowFilterSet, {"recommended": "false"}),
        (SupportNumberConsoleFilterSet, {"state": "assigned"}, SupportNumberFilterSet, {"assigned": "true"}),
    ],
)
def test_the_console_words_ask_the_api_filters_question(db, console, console_value, api, api_value):
    queryset = api._meta.model.objects.all()
    assert str(console(console_value, queryset=queryset).qs.query) == str(
        api(api_value, queryset=queryset).qs.query
    )


def test_a_bad_value_is_named_in_the_toolbar_with_the_typed_value_kept(admin_client, org):
    make_queue(org, name="Inbound_q")
    response = admin_client.get(reverse("queues:queue-list"), {"queue_type": "sideways", "usage": "unused"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "Queue type: Select a valid choice. sideways is not one of the available choices." in body
    assert '<option value="sideways" selected>sideways</option>' in body
    assert '<option value="unused" selected>' in body  # the valid filter still applies
    assert [queue.name for queue in response.context["object_list"]] == ["Inbound_q"]


def test_a_good_value_shows_no_message(admin_client, org):
    body = admin_client.get(reverse("channels:entrypoint-list"), {"channel_type": "chat"}).content.decode()
    assert 'role="alert"' not in body
    assert '<option value="chat" selected>' in body


def test_the_rows_swap_carries_the_toolbar_messages_out_of_band(admin_client, org):
    url = reverse("support_numbers:supportnumber-list")
    rows = admin_client.get(url, {"state": "lost"}, **RESULTS).content.decode()
    assert "<html" not in rows
    assert 'id="list-errors"' in rows and 'hx-swap-oob="true"' in rows
    assert "Assignment: Select a valid choice. lost is not one of the available choices." in rows
    fixed = admin_client.get(url, {"state": "free"}, **RESULTS).content.decode()
    assert 'hx-swap-oob="true"' in fixed and 'role="alert"' not in fixed
