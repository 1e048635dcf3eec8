"""The Channels console: every rule of the page, for an admin, a viewer and an outsider."""

import re
import uuid

import pytest
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from channels.models import EntryPoint
from channels.services import entry_point_deactivate, entry_point_update
from flows.models import Flow
from support_numbers.models import SupportNumber
from tests.factories import (
    make_audio,
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_number,
    make_outbound_queue,
    make_override_list,
    make_strategy,
    make_user,
)

pytestmark = pytest.mark.django_db

LIST = reverse("channels:entrypoint-list")
NEW = reverse("channels:entrypoint-new")
HTMX = {"HTTP_HX_REQUEST": "true"}
PARTIAL = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "type-fields"}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Users are made and signed in for every test; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def url(name: str, channel) -> str:
    return reverse(f"channels:{name}", kwargs={"pk": channel.pk})


def text(response) -> str:
    return response.content.decode()


def input_value(response, name: str) -> str | None:
    """The value of the form's input `name` (by its id, so the page's other forms don't count)."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*id="id_{name}"[^>]*>', text(response)) or re.search(
        rf'<input[^>]*name="{name}"[^>]*>', text(response)
    )
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def selected_value(response, name: str) -> str | None:
    """The chosen value of a select or of a picker (its checked radio); None if neither is there."""
    match = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', text(response), re.S)
    if not match:
        picker = re.search(
            rf'<div class="picker[^"]*" id="id_{name}_picker"(.*?)</fieldset>', text(response), re.S
        )
        if not picker:
            return None
        checked = re.search(
            rf'<input type="radio" name="{name}" value="([^"]*)"[^>]*checked', picker.group(1)
        )
        return checked.group(1) if checked else ""
    option = re.search(r'<option value="([^"]*)"[^>]*selected', match.group(1))
    return option.group(1) if option else ""


def has_field(response, name: str) -> bool:
    # A picker has its search box even when there is nothing to choose yet.
    return re.search(rf'<(input|select|textarea)[^>]*name="{name}(__q)?"', text(response)) is not None


def errors_of(response, field: str) -> str:
    match = re.search(rf'id="id_{field}_error">(.*?)</ul>', text(response), re.S)
    return match.group(1) if match else ""


@pytest.fixture
def flow(org):
    return make_flow(org, name="Main_Flow")


@pytest.fixture
def hours_flow(org):
    return make_flow(org, name="Open_Hours_Flow", business_hours=make_business_hours(org, name="Office"))


@pytest.fixture
def strategy(org):
    return make_strategy(org, name="Old_Strategy")


@pytest.fixture
def outbound_queue(org):
    return make_outbound_queue(org, name="Dialer")


@pytest.fixture
def chat(org, flow):
    return make_entry_point(org, "chat", name="Web_Chat", flow=flow)


@pytest.fixture
def hotline(org, flow):
    channel = make_entry_point(org, "inbound_telephony", name="Hotline", flow=flow)
    make_number(org, "+45 33 12 34 56", entry_point=channel, description="Main line")
    return channel


@pytest.fixture
def system_channel(org):
    return EntryPoint.objects.get(organization=org, is_system=True)


@pytest.fixture
def foreign(other_org):
    return make_entry_point(other_org, "chat", name="Their_Chat")


def base_data(flow, /, **extra) -> dict:
    return {
        "name": "New_Channel",
        "description": "Made in a test",
        "channel_type": "chat",
        "timezone": "Europe/Copenhagen",
        "service_level_threshold": "30",
        "flow": str(flow.pk),
        **extra,
    }


# --- access: anonymous, viewer, outsider ---------------------------------------------------


def every_url(channel) -> list[str]:
    return [LIST, NEW] + [
        url(name, channel)
        for name in ("entrypoint-detail", "entrypoint-activate", "entrypoint-deactivate", "entrypoint-delete")
    ]


def test_anonymous_is_sent_to_login_from_every_page(client, chat):
    for address in every_url(chat):
        for method in (client.get, client.post):
            response = method(address)
            assert response.status_code == 302, address
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_viewer_gets_403_on_every_write(viewer_client, chat, flow, headers):
    posts = [
        (NEW, base_data(flow)),
        (NEW, {"_refresh": "1", "channel_type": "social"}),
        (url("entrypoint-detail", chat), base_data(flow, name="Renamed", version=chat.version)),
        (url("entrypoint-deactivate", chat), {"version": chat.version}),
        (url("entrypoint-activate", chat), {"version": chat.version}),
        (url("entrypoint-delete", chat), {"version": chat.version}),
    ]
    for address, data in posts:
        assert viewer_client.post(address, data, **headers).status_code == 403, address
    chat.refresh_from_db()
    assert (chat.name, chat.active, chat.version) == ("Web_Chat", True, 1)
    assert EntryPoint.objects.filter(name="New_Channel").count() == 0


def test_viewer_cannot_open_the_create_form(viewer_client):
    response = viewer_client.get(NEW)
    assert response.status_code == 403
    assert "read-only" in text(response)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_outsider_gets_404_on_every_url_of_another_organizations_channel(
    outsider_client, chat, flow, headers
):
    for address in every_url(chat)[2:]:
        assert outsider_client.get(address, **headers).status_code == 404, address
        assert outsider_client.post(address, {"version": chat.version}, **headers).status_code == 404, address
    response = outsider_client.post(url("entrypoint-detail", chat), {"_refresh": "1"}, **PARTIAL)
    assert response.status_code == 404
    chat.refresh_from_db()
    assert chat.active and chat.version == 1


def test_outsider_list_shows_only_their_own_channels(outsider_client, chat):
    response = outsider_client.get(LIST)
    assert response.status_code == 200
    assert "Web_Chat" not in text(response)
    assert "Outdial Transfer to Queue" in text(response)


@pytest.mark.parametrize(
    "suffix",
    [
        "not-a-uuid/",
        "12345/",
        # Fixed unknown ids: parallel workers must collect the same test names.
        "4b1d3c2e-5f60-4a7b-8c9d-0e1f2a3b4c5d/",
        "4b1d3c2e-5f60-4a7b-8c9d-0e1f2a3b4c5d/delete/",
        "4b1d3c2e-5f60-4a7b-8c9d-0e1f2a3b4c5d/activate/",
        "0000/deactivate/",
    ],
)
def test_malformed_or_unknown_ids_answer_404(admin_client, suffix):
    assert admin_client.get(f"/channels/{suffix}").status_code == 404
    assert admin_client.post(f"/channels/{suffix}", {}).status_code == 404


# --- list ------------------------------------------------------------------------------------


def test_list_shows_the_columns_and_marks_the_system_channel(admin_client, org, hotline, hours_flow):
    make_entry_point(org, "social", name="Whats", social_channel_type="whatsapp", flow=hours_flow)
    response = admin_client.get(LIST)
    body = text(response)
    for heading in (
        "Name",
        "Channel type",
        "Direction",
        "Status",
        "Routing flow",
        "Time zone",
        "Numbers",
        "Last change",
    ):
        assert f"{heading} " in body or f">{heading}<" in body, heading
    assert "Outdial Transfer to Queue" in body
    assert re.search(
        r"Outdial Transfer to Queue</a>\s*<span class=\"badge badge-blue\"[^>]*>System</span>", body
    )
    assert "WhatsApp" in body  # the social subtype beside the type
    assert "Hours: Office" in body  # the flow's business hours
    assert "Outbound" in body and "Inbound" in body
    row = re.search(r"Hotline</a>.*?</tr>", body, re.S).group(0)
    assert '<td class="num" data-label="Numbers">1</td>' in row
    # The zone may wrap after its slash; the cell keeps the whole name in its title.
    assert (
        '<td class="tz-col" data-label="Time zone" title="Europe/Copenhagen">Europe/<wbr>Copenhagen</td>'
        in row
    )
    assert '<span class="badge badge-green badge-dot">Active</span>' in row
    assert "Create channel" in body


def test_list_for_a_viewer_has_no_create_button(viewer_client, chat):
    body = text(viewer_client.get(LIST))
    assert "Web_Chat" in body
    assert reverse("channels:entrypoint-new") not in body


def test_list_search_matches_name_and_description(admin_client, org, flow):
    make_entry_point(org, "chat", name="Alpha", description="first line", flow=flow)
    make_entry_point(org, "email", name="Beta", description="mailbox ALPHA-team", flow=flow)
    make_entry_point(org, "email", name="Gamma", flow=flow)
    body = text(admin_client.get(LIST, {"q": "alpha"}))
    assert "Alpha" in body and "Beta" in body and "Gamma" not in body
    assert 'value="alpha"' in body  # the search box shows the query after a reload


def test_list_htmx_search_answers_only_the_rows(admin_client, chat):
    response = admin_client.get(LIST, {"q": "web"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    body = text(response)
    assert response.status_code == 200
    assert "<html" not in body and 'id="results"' not in body  # the rows go inside #results
    assert 'name="sort"' in body
    assert "Web_Chat" in body and "Outdial Transfer" not in body
    assert "HX-Request" in response["Vary"]
    full = admin_client.get(LIST, {"q": "web"})
    assert "<html" in text(full)


def test_list_filters_by_type_and_status(admin_client, org, flow, chat):
    make_entry_point(org, "email", name="Mailbox", flow=flow)
    sleeping = make_entry_point(org, "email", name="Sleeping", flow=flow)
    entry_point_deactivate(entry_point=sleeping)
    body = text(admin_client.get(LIST, {"channel_type": "email"}))
    assert "Mailbox" in body and "Sleeping" in body and "Web_Chat" not in body
    body = text(admin_client.get(LIST, {"status": "inactive"}))
    assert "Sleeping" in body and "Mailbox" not in body and "Web_Chat" not in body
    body = text(admin_client.get(LIST, {"status": "active", "channel_type": "email"}))
    assert "Mailbox" in body and "Sleeping" not in body
    # Hand-edited junk in the URL filters nothing and breaks nothing.
    response = admin_client.get(LIST, {"channel_type": "fax", "status": "maybe", "sort": "evil", "page": "x"})
    assert response.status_code == 200 and "Web_Chat" in text(response)


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("name", "Aa_first", "Zz_last"),
        ("-name", "Zz_last", "Aa_first"),
        ("type", "Aa_first", "Zz_last"),  # chat < outbound_telephony
        ("-direction", "Zz_last", "Aa_first"),
        ("timezone", "Zz_last", "Aa_first"),  # America/... < Europe/...
    ],
)
def test_list_sorts_by_column(admin_client, org, flow, outbound_queue, sort, first, last):
    make_entry_point(org, "chat", name="Aa_first", flow=flow)
    make_entry_point(
        org,
        "outbound_telephony",
        name="Zz_last",
        flow=flow,
        outdial_queue=outbound_queue,
        timezone="America/Chicago",
    )
    body = text(admin_client.get(LIST, {"sort": sort, "q": "_"}))
    assert body.index(first) < body.index(last)


def test_list_sorts_by_number_count_and_status(admin_client, org, flow):
    few = make_entry_point(org, "inbound_telephony", name="Few_Numbers", flow=flow)
    many = make_entry_point(org, "inbound_telephony", name="Many_Numbers", flow=flow)
    make_number(org, entry_point=few)
    make_number(org, entry_point=many)
    make_number(org, entry_point=many)
    entry_point_deactivate(entry_point=many)
    body = text(admin_client.get(LIST, {"sort": "-numbers", "q": "_Numbers"}))
    assert body.index("Many_Numbers") < body.index("Few_Numbers")
    body = text(admin_client.get(LIST, {"sort": "numbers", "q": "_Numbers"}))
    assert body.index("Few_Numbers") < body.index("Many_Numbers")
    body = text(admin_client.get(LIST, {"sort": "status", "q": "_Numbers"}))  # inactive (false) first
    assert body.index("Many_Numbers") < body.index("Few_Numbers")
    assert 'aria-sort="ascending"' in body


def test_list_paginates(admin_client, org, flow):
    EntryPoint.objects.bulk_create(
        EntryPoint(
            organization=org,
            name=f"Bulk_{i:03d}",
            channel_type="chat",
            timezone="UTC",
            service_level_threshold=30,
            flow=flow,
        )
        for i in range(30)
    )
    body = text(admin_client.get(LIST))
    assert 'aria-current="page" href="?page=1" aria-label="Page 1"' in body and 'aria-label="Page 2"' in body
    assert "Bulk_023" in body and "Bulk_029" not in body
    body = text(admin_client.get(LIST, {"page": 2}))
    assert "Bulk_029" in body and "Bulk_000" not in body
    assert "31 items" in body


def test_list_invites_to_create_the_first_channel(admin_client):
    body = text(admin_client.get(LIST))
    assert "Create your first channel" in body
    assert "Outdial Transfer to Queue" in body  # the system channel is always there


def test_list_says_when_nothing_matches(admin_client, chat):
    body = text(admin_client.get(LIST, {"q": "zzz-nothing"}))
    assert "No channels match" in body and "zzz-nothing" in body
    assert "Create your first channel" not in body


def test_list_escapes_the_query(admin_client, chat):
    body = text(admin_client.get(LIST, {"q": "<script>alert(1)</script>"}))
    assert "<script>alert(1)" not in body


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def _add_channels(org, flows, count: int, start: int) -> None:
    channels = EntryPoint.objects.bulk_create(
        EntryPoint(
            organization=org,
            name=f"Row_{start + i:04d}",
            channel_type="inbound_telephony",
            timezone="Europe/Copenhagen",
            service_level_threshold=30,
            flow=flows[i % len(flows)],
        )
        for i in range(count)
    )
    SupportNumber.objects.bulk_create(
        SupportNumber(organization=org, number=f"+4533{start + i:06d}", entry_point=channel)
        for i, channel in enumerate(channels)
    )


def test_list_query_count_does_not_grow_with_rows(admin_client, org):
    flows = [make_flow(org, business_hours=make_business_hours(org)), make_flow(org), make_strategy(org)]
    _add_channels(org, flows, 5, 0)
    with_5 = _list_queries(admin_client)
    _add_channels(org, flows, 20, 5)  # a full page of 25
    with_25 = _list_queries(admin_client)
    _add_channels(org, flows, 475, 25)
    with_500 = _list_queries(admin_client)
    assert with_5 == with_25 == with_500


# --- create ----------------------------------------------------------------------------------


def test_create_form_starts_with_the_type_and_the_organizations_time_zone(admin_client, org):
    response = admin_client.get(NEW)
    assert response.status_code == 200
    body = text(response)
    assert has_field(response, "name") and has_field(response, "channel_type")
    assert not has_field(response, "timezone")  # the settings wait for a type
    assert "Choose a channel type to see the settings it needs." in body
    response = admin_client.post(NEW, {"_refresh": "1", "channel_type": "chat"})
    assert input_value(response, "timezone") == org.timezone
    assert 'list="timezone-options"' in text(response)
    assert '<option value="America/New_York">' in text(response)  # the searchable zone list


def test_create_buttons_read_create_channel_and_save_changes(admin_client, chat):
    assert re.search(
        r'<button type="submit" class="btn btn-primary" id="submit-button">Create channel</button>',
        text(admin_client.get(NEW)),
    )
    assert re.search(
        r'<button type="submit" class="btn btn-primary" id="submit-button">Save changes</button>',
        text(admin_client.get(url("entrypoint-detail", chat))),
    )


@pytest.mark.parametrize(
    ("channel_type", "extra"),
    [
        ("chat", {}),
        ("email", {"service_level_threshold": "1209600"}),
        ("social", {"social_channel_type": "facebook_messenger"}),
        ("social", {"social_channel_type": "sms"}),
        ("social", {"social_channel_type": "whatsapp", "service_level_threshold": "604800"}),
    ],
)
def test_admin_creates_a_channel_of_each_simple_type(admin_client, org, flow, channel_type, extra):
    response = admin_client.post(
        NEW, base_data(flow, channel_type=channel_type, timezone="Asia/Tokyo", **extra)
    )
    channel = EntryPoint.objects.get(organization=org, name="New_Channel")
    assert response.status_code == 302
    assert response["Location"] == channel.get_absolute_url()
    assert channel.channel_type == channel_type
    assert channel.social_channel_type == extra.get("social_channel_type", "")
    assert channel.timezone == "Asia/Tokyo" and channel.flow == flow and channel.active
    assert channel.service_level_threshold == int(extra.get("service_level_threshold", 30))
    page = admin_client.get(response["Location"])
    assert "Channel “New_Channel” was created." in text(page)


def test_admin_creates_an_inbound_channel_with_numbers(admin_client, org, hours_flow, hotline):
    free = make_number(org, "+45 33 12 34 57")
    held = hotline.support_numbers.get()
    response = admin_client.get(NEW)
    response = admin_client.post(NEW, {"_refresh": "1", "channel_type": "inbound_telephony"})
    body = text(response)
    assert str(free.pk) in body and str(held.pk) not in body  # only free numbers are offered
    response = admin_client.post(
        NEW, base_data(hours_flow, channel_type="inbound_telephony", support_numbers=[str(free.pk)])
    )
    assert response.status_code == 302
    channel = EntryPoint.objects.get(name="New_Channel")
    assert list(channel.support_numbers.all()) == [free]


def test_a_number_held_by_another_channel_is_refused_with_the_input_kept(admin_client, org, flow, hotline):
    held = hotline.support_numbers.get()
    response = admin_client.post(
        NEW,
        base_data(flow, channel_type="inbound_telephony", support_numbers=[str(held.pk)], name="Kept_Name"),
    )
    assert response.status_code == 200
    assert "not one of your free support numbers" in errors_of(response, "support_numbers")
    assert input_value(response, "name") == "Kept_Name"
    assert not EntryPoint.objects.filter(name="Kept_Name").exists()
    held.refresh_from_db()
    assert held.entry_point == hotline


def test_admin_creates_an_outbound_channel_routed_by_a_flow(admin_client, org, flow, outbound_queue):
    music = make_audio(org, "hold.wav")
    response = admin_client.post(
        NEW,
        base_data(
            flow,
            channel_type="outbound_telephony",
            outdial_queue=str(outbound_queue.pk),
            music_on_hold=str(music.pk),
        ),
    )
    assert response.status_code == 302
    channel = EntryPoint.objects.get(name="New_Channel")
    assert channel.direction == "outbound"
    assert (channel.outdial_queue, channel.music_on_hold) == (outbound_queue, music)


def test_an_outbound_channel_routed_by_a_flow_needs_an_outbound_queue(admin_client, org, flow):
    response = admin_client.post(NEW, base_data(flow, channel_type="outbound_telephony"))
    assert response.status_code == 200
    assert "Choose the outdial queue" in errors_of(response, "outdial_queue")


def test_an_inbound_queue_is_refused_as_outdial_queue_with_the_models_message(admin_client, org, flow):
    from tests.factories import make_queue

    inbound = make_queue(org, name="Inbound_Q")
    response = admin_client.post(
        NEW, base_data(flow, channel_type="outbound_telephony", outdial_queue=str(inbound.pk))
    )
    assert "is not an outbound telephony queue" in errors_of(response, "outdial_queue")


def test_outbound_routed_by_a_strategy_hides_and_clears_music_and_queue(
    admin_client, org, strategy, outbound_queue
):
    music = make_audio(org)
    data = base_data(
        strategy,
        channel_type="outbound_telephony",
        outdial_queue=str(outbound_queue.pk),
        music_on_hold=str(music.pk),
    )
    refreshed = admin_client.post(NEW, {**data, "_refresh": "1"}, **PARTIAL)
    assert not has_field(refreshed, "music_on_hold") and not has_field(refreshed, "outdial_queue")
    assert "A routing strategy doesn't allow customizing music or the outdial queue; use a flow" in text(
        refreshed
    )
    response = admin_client.post(NEW, data)
    assert response.status_code == 302
    channel = EntryPoint.objects.get(name="New_Channel")
    assert channel.flow == strategy and channel.music_on_hold is None and channel.outdial_queue is None


def test_fields_that_do_not_apply_are_ignored(admin_client, org, flow, outbound_queue):
    number = make_number(org)
    response = admin_client.post(
        NEW,
        base_data(
            flow,
            social_channel_type="sms",
            outdial_queue=str(outbound_queue.pk),
            support_numbers=[str(number.pk)],
        ),
    )
    assert response.status_code == 302
    channel = EntryPoint.objects.get(name="New_Channel")
    assert channel.social_channel_type == "" and channel.outdial_queue is None
    assert not channel.support_numbers.exists()


def test_inbound_channels_refuse_a_routing_strategy(admin_client, strategy):
    response = admin_client.post(NEW, base_data(strategy, channel_type="email"))
    assert response.status_code == 200
    assert "legacy routing strategy" in errors_of(response, "flow")


def test_successful_create_with_htmx_redirects_by_header(admin_client, flow):
    response = admin_client.post(NEW, base_data(flow), **HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == EntryPoint.objects.get(name="New_Channel").get_absolute_url()


# --- junk input: specific messages, values kept, never a 500 ---------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "N" * 81}, "name", "at most 80 characters long (it has 81)"),
        ({"name": "has spaces"}, "name", "remove space"),
        ({"name": "æøå!"}, "name", "only letters"),
        ({"name": ""}, "name", "required"),
        ({"description": "d" * 256}, "description", "at most 255 characters"),
        ({"service_level_threshold": "abc"}, "service_level_threshold", "whole number of seconds"),
        ({"service_level_threshold": "1.5"}, "service_level_threshold", "whole number of seconds"),
        ({"service_level_threshold": "0"}, "service_level_threshold", "at least 1"),
        ({"service_level_threshold": "86401"}, "service_level_threshold", "maximum is 86400 seconds (1 d)"),
        ({"service_level_threshold": "9" * 30}, "service_level_threshold", "maximum is 86400"),
        ({"service_level_threshold": ""}, "service_level_threshold", "required"),
        ({"timezone": "Mars/Olympus"}, "timezone", "not a known IANA time zone"),
        ({"timezone": ""}, "timezone", "required"),
        ({"flow": str(uuid.uuid4())}, "flow", "Choose one of your organization"),
        ({"flow": "not-a-uuid"}, "flow", "Choose one of your organization"),
        ({"flow": "1"}, "flow", "Choose one of your organization"),
        ({"flow": ""}, "flow", "Choose the routing flow"),
        ({"channel_type": "fax"}, "channel_type", "Choose one of the listed channel types"),
        ({"channel_type": ""}, "channel_type", "Choose the channel type"),
        ({"channel_type": "social"}, "social_channel_type", "Choose the social channel type"),
        ({"channel_type": "social", "social_channel_type": "myspace"}, "social_channel_type", "valid choice"),
    ],
)
def test_bad_input_is_refused_beside_the_field_with_everything_kept(
    admin_client, flow, changes, field, message, headers
):
    data = base_data(flow, **changes)
    response = admin_client.post(NEW, data, **headers)
    assert response.status_code == 200
    assert message in errors_of(response, field), text(response)[:200]
    assert input_value(response, "name") == data["name"]
    if has_field(response, "service_level_threshold"):
        assert input_value(response, "service_level_threshold") == data["service_level_threshold"]
    if has_field(response, "timezone"):
        assert input_value(response, "timezone") == data["timezone"]
    assert "The channel was not saved" in text(response)
    assert not EntryPoint.objects.filter(name=data["name"]).exists() or data["name"] == ""


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_one_submit_reports_every_mistake_at_once(admin_client, org, flow, headers):
    """A missing threshold doesn't hide the name's or time zone's own rule until the next round."""
    make_entry_point(org, flow=flow, name="Taken")
    cases = [
        ({"name": "N" * 81}, "at most 80 characters long (it has 81)"),
        ({"name": "has spaces"}, "remove space"),
        ({"name": "taken"}, "already used in your organization"),
    ]
    for changes, name_message in cases:
        data = base_data(flow, service_level_threshold="", timezone="Mars/Olympus", **changes)
        response = admin_client.post(NEW, data, **headers)
        assert response.status_code == 200
        assert name_message in errors_of(response, "name")
        assert "not a known IANA time zone" in errors_of(response, "timezone")
        assert "required" in errors_of(response, "service_level_threshold")
        assert input_value(response, "name") == data["name"]
    assert EntryPoint.objects.filter(organization=org).count() == 2  # the system channel and "Taken"


def test_another_organizations_flow_queue_audio_and_number_are_refused(admin_client, org, flow, other_org):
    foreign_flow = make_flow(other_org)
    response = admin_client.post(NEW, base_data(foreign_flow))
    assert "Choose one of your organization" in errors_of(response, "flow")
    foreign_queue = make_outbound_queue(other_org)
    foreign_music = make_audio(other_org)
    response = admin_client.post(
        NEW,
        base_data(
            flow,
            channel_type="outbound_telephony",
            outdial_queue=str(foreign_queue.pk),
            music_on_hold=str(foreign_music.pk),
        ),
    )
    assert "Choose one of your organization" in errors_of(response, "outdial_queue")
    assert "Choose one of your organization" in errors_of(response, "music_on_hold")
    foreign_number = make_number(other_org)
    response = admin_client.post(
        NEW,
        base_data(flow, channel_type="inbound_telephony", support_numbers=[str(foreign_number.pk), "junk"]),
    )
    assert errors_of(response, "support_numbers")
    assert EntryPoint.objects.filter(organization=org, name="New_Channel").count() == 0


def test_double_submit_of_create_is_refused_by_the_unique_name_with_values_kept(admin_client, org, flow):
    data = base_data(flow, description="typed once")
    assert admin_client.post(NEW, data).status_code == 302
    second = admin_client.post(NEW, data)
    assert second.status_code == 200
    assert "already used in your organization" in errors_of(second, "name")
    assert "typed once" in text(second)
    assert EntryPoint.objects.filter(organization=org, name__iexact="New_Channel").count() == 1
    third = admin_client.post(NEW, {**data, "name": "NEW_channel"})  # names clash without regard to case
    assert "already used" in errors_of(third, "name")


def test_an_empty_post_is_refused_not_crashed(admin_client):
    response = admin_client.post(NEW, {})
    assert response.status_code == 200
    assert "required" in errors_of(response, "name")
    assert "Choose the channel type" in errors_of(response, "channel_type")


# --- dependent fields: htmx partial and no-JavaScript refresh --------------------------------


def test_changing_the_type_renders_only_the_dependent_fields_with_typed_values(admin_client, org, flow):
    typed = {
        "_refresh": "1",
        "name": "Typed",
        "channel_type": "social",
        "timezone": "Europe/Oslo",
        "service_level_threshold": "300",
        "flow": str(flow.pk),
        "social_channel_type": "sms",
    }
    response = admin_client.post(NEW, typed, **PARTIAL)
    body = text(response)
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="type-fields"')
    assert "<html" not in body and 'name="name"' not in body
    assert selected_value(response, "social_channel_type") == "sms"
    assert input_value(response, "timezone") == "Europe/Oslo"
    assert input_value(response, "service_level_threshold") == "300"
    assert "= 5 min" in body and 'max="604800"' in body
    assert selected_value(response, "flow") == str(flow.pk)
    assert EntryPoint.objects.filter(organization=org, is_system=False).count() == 0  # nothing saved


@pytest.mark.parametrize(
    ("channel_type", "shown", "hidden"),
    [
        (
            "chat",
            {"timezone", "service_level_threshold", "flow"},
            {"social_channel_type", "music_on_hold", "outdial_queue", "support_numbers"},
        ),
        ("email", {"flow"}, {"social_channel_type", "music_on_hold", "support_numbers"}),
        ("social", {"social_channel_type", "flow"}, {"music_on_hold", "outdial_queue", "support_numbers"}),
        ("inbound_telephony", {"support_numbers", "flow"}, {"social_channel_type", "music_on_hold"}),
        (
            "outbound_telephony",
            {"music_on_hold", "outdial_queue", "flow"},
            {"social_channel_type", "support_numbers"},
        ),
        ("", set(), {"timezone", "flow", "social_channel_type"}),
    ],
)
def test_the_fields_shown_follow_the_channel_type(admin_client, org, channel_type, shown, hidden):
    make_number(org)
    response = admin_client.post(NEW, {"_refresh": "1", "channel_type": channel_type}, **PARTIAL)
    for name in shown:
        assert has_field(response, name), name
    for name in hidden:
        assert not has_field(response, name), name


def test_without_javascript_the_refresh_button_re_renders_the_whole_form(admin_client, org, flow):
    page = admin_client.get(NEW)
    assert '<noscript><button type="submit" name="_refresh"' in text(page)
    response = admin_client.post(
        NEW,
        {"_refresh": "1", "name": "Kept", "description": "still here", "channel_type": "outbound_telephony"},
    )
    body = text(response)
    assert response.status_code == 200 and "<html" in body
    assert input_value(response, "name") == "Kept" and "still here" in body
    assert has_field(response, "outdial_queue")
    assert "errorlist" not in body  # a refresh validates nothing
    assert not EntryPoint.objects.filter(name="Kept").exists()


def test_the_type_and_the_outbound_flow_carry_the_htmx_refresh(admin_client, flow):
    body = text(admin_client.get(NEW))
    select = re.search(r'<select name="channel_type"[^>]*>', body).group(0)
    assert 'hx-post=""' in select and 'hx-target="#type-fields"' in select and "_refresh" in select
    outbound = text(admin_client.post(NEW, {"_refresh": "1", "channel_type": "outbound_telephony"}))
    # The flow picker's choices refresh the dependent fields; its search box only searches.
    flow_choices = r'<fieldset class="picker-results" id="id_flow_results"[^>]*>'
    assert 'hx-target="#type-fields"' in re.search(flow_choices, outbound).group(0)
    assert "type-fields" not in re.search(r'<input type="search" name="flow__q"[^>]*>', outbound, re.S).group(
        0
    )
    inbound = text(admin_client.post(NEW, {"_refresh": "1", "channel_type": "chat"}))
    assert "hx-post" not in re.search(flow_choices, inbound).group(0)


def test_flow_choices_follow_the_direction_and_recommend_business_hours(
    admin_client, org, flow, hours_flow, strategy, other_org
):
    make_flow(other_org, name="Foreign_Flow")
    inbound = text(admin_client.post(NEW, {"_refresh": "1", "channel_type": "chat"}, **PARTIAL))
    assert "Open_Hours_Flow (recommended)" in inbound
    assert "Main_Flow" in inbound
    assert "Old_Strategy" not in inbound
    assert "Foreign_Flow" not in inbound
    assert inbound.index("Open_Hours_Flow") < inbound.index("Main_Flow")  # recommended first
    outbound = text(
        admin_client.post(NEW, {"_refresh": "1", "channel_type": "outbound_telephony"}, **PARTIAL)
    )
    assert "Old_Strategy (routing strategy)" in outbound


def test_outbound_flow_change_swaps_music_and_queue_for_the_recommendation(admin_client, flow, strategy):
    base = {"_refresh": "1", "channel_type": "outbound_telephony"}
    with_flow = admin_client.post(NEW, {**base, "flow": str(flow.pk)}, **PARTIAL)
    assert has_field(with_flow, "outdial_queue") and "use a flow" not in text(with_flow)
    with_strategy = admin_client.post(NEW, {**base, "flow": str(strategy.pk)}, **PARTIAL)
    assert not has_field(with_strategy, "outdial_queue") and "use a flow" in text(with_strategy)


def test_refresh_with_junk_values_renders_without_errors(admin_client):
    junk = {
        "_refresh": "1",
        "channel_type": "outbound_telephony",
        "flow": "junk",
        "service_level_threshold": "x",
        "support_numbers": ["nope"],
        "timezone": "<b>",
    }
    response = admin_client.post(NEW, junk, **PARTIAL)
    assert response.status_code == 200 and "<b>" not in text(response)


# --- detail and edit -------------------------------------------------------------------------


def test_detail_shows_the_type_read_only_and_the_panels(admin_client, org, hotline, hours_flow):
    entry_point_update(entry_point=hotline, version=hotline.version, flow=hours_flow)
    response = admin_client.get(url("entrypoint-detail", hotline))
    body = text(response)
    assert response.status_code == 200
    assert '<select name="channel_type"' not in body
    assert 'id="readonly-channel-type"' in body and "cannot be changed" in body
    assert 'id="status-badge">Active<' in body
    assert "+45 33 12 34 56" in body and "Main line" in body  # its numbers
    assert "Open_Hours_Flow" in body and "Office" in body  # what it uses
    assert 'id="record-version">2<' in body
    assert 'id="deactivate-button"' in body
    assert input_value(response, "version") == "2"


def _page_queries(client, page: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return [query["sql"] for query in queries]


def test_the_channel_page_reads_each_thing_once(admin_client, org, hotline):
    """The page of an inbound channel with numbers, whose flow has business hours, a holiday list and an
    override list: signed in (the session, the user, the membership with its organization: 3), the channel
    with its flow, schedule, queues and music (1) and its schedule's rows for Open now (shifts, holidays,
    overrides: 3), its numbers once for the picker, the panel and the delete guard (1), each picker's
    first rows with the count of its matches (flows, numbers: 2; with twenty recommended flows, the flow
    picker's first group fills it)."""
    hours = make_business_hours(
        org,
        holiday_list=make_holiday_list(
            org, holidays=[{"name": "Xmas", "start_date": "2026-12-24", "end_date": "2026-12-26"}]
        ),
        override_list=make_override_list(org),
    )
    entry_point_update(
        entry_point=hotline,
        version=hotline.version,
        flow=make_flow(org, name="Hours_Flow", business_hours=hours),
    )
    Flow.objects.bulk_create(
        Flow(organization=org, name=f"Recommended_{n:02d}", business_hours=hours) for n in range(20)
    )
    for _ in range(30):
        make_number(org)
    queries = _page_queries(admin_client, url("entrypoint-detail", hotline))
    assert len(queries) == 10, "\n".join(queries)
    assert sum("support_numbers_supportnumber" in sql for sql in queries) == 2


def test_the_outbound_channel_page_reads_each_thing_once(admin_client, org, outbound_queue, hours_flow):
    """Signed in (3), the channel with what it uses (1), its schedule's shifts (1), the flow picker's rows
    with their count, recommended first and then the others (2: fewer than twenty are recommended), the
    music and outdial queue pickers' rows with their counts (2). An outbound channel holds no numbers
    (SupportNumber.clean) and its own outbound queue answers "is there one?": no query for either."""
    channel = make_entry_point(
        org,
        "outbound_telephony",
        flow=hours_flow,
        outdial_queue=outbound_queue,
        music_on_hold=make_audio(org),
    )
    queries = _page_queries(admin_client, url("entrypoint-detail", channel))
    assert len(queries) == 9, "\n".join(queries)
    assert not any("support_numbers_supportnumber" in sql for sql in queries)


def test_admin_saves_changes_and_the_version_grows(admin_client, chat, flow):
    data = base_data(flow, name="Web_Chat_2", description="new text", version=chat.version)
    response = admin_client.post(url("entrypoint-detail", chat), data)
    assert response.status_code == 302 and response["Location"] == url("entrypoint-detail", chat)
    chat.refresh_from_db()
    assert (chat.name, chat.description, chat.version) == ("Web_Chat_2", "new text", 2)
    assert "Channel “Web_Chat_2” was saved." in text(admin_client.get(response["Location"]))


def test_a_posted_different_channel_type_is_refused_by_the_service(admin_client, chat, flow):
    data = base_data(flow, channel_type="email", description="changed", version=chat.version)
    response = admin_client.post(url("entrypoint-detail", chat), data)
    assert response.status_code == 200
    assert "cannot be changed after the channel is created" in errors_of(response, "channel_type")
    assert "changed" in text(response)
    chat.refresh_from_db()
    assert (chat.channel_type, chat.description, chat.version) == ("chat", "", 1)


def test_a_stale_version_shows_the_conflict_and_keeps_the_typed_values(admin_client, chat, flow):
    opened = admin_client.get(url("entrypoint-detail", chat))
    version = int(input_value(opened, "version"))
    entry_point_update(entry_point=chat, version=chat.version, description="their change")
    data = base_data(
        flow, name="My_Name", description="my change", service_level_threshold="45", version=version
    )
    response = admin_client.post(url("entrypoint-detail", chat), data)
    body = text(response)
    assert response.status_code == 200
    assert "Someone else saved this in the meantime." in body
    assert f'href="{url("entrypoint-detail", chat)}"' in body and "Reload their version" in body
    assert input_value(response, "name") == "My_Name" and "my change" in body
    assert input_value(response, "service_level_threshold") == "45"
    assert input_value(response, "version") == str(version)  # saving again still conflicts
    chat.refresh_from_db()
    assert (chat.name, chat.description, chat.version) == ("Web_Chat", "their change", 2)


def test_editing_numbers_assigns_and_releases(admin_client, org, hotline, flow):
    held = hotline.support_numbers.get()
    free = make_number(org)
    data = base_data(
        flow,
        name="Hotline",
        channel_type="inbound_telephony",
        version=hotline.version,
        support_numbers=[str(free.pk)],
    )
    assert admin_client.post(url("entrypoint-detail", hotline), data).status_code == 302
    held.refresh_from_db()
    free.refresh_from_db()
    assert held.entry_point is None and free.entry_point == hotline


def test_switching_an_outbound_channel_to_a_strategy_clears_music_and_queue(
    admin_client, org, strategy, outbound_queue, flow
):
    music = make_audio(org)
    channel = make_entry_point(
        org,
        "outbound_telephony",
        name="Dialer_Channel",
        flow=flow,
        outdial_queue=outbound_queue,
        music_on_hold=music,
    )
    page = admin_client.get(url("entrypoint-detail", channel))
    assert selected_value(page, "outdial_queue") == str(outbound_queue.pk)
    data = base_data(
        strategy, name="Dialer_Channel", channel_type="outbound_telephony", version=channel.version
    )
    assert admin_client.post(url("entrypoint-detail", channel), data).status_code == 302
    channel.refresh_from_db()
    assert channel.flow == strategy and channel.outdial_queue is None and channel.music_on_hold is None


def test_viewer_sees_the_detail_read_only(viewer_client, hotline):
    response = viewer_client.get(url("entrypoint-detail", hotline))
    body = text(response)
    assert response.status_code == 200
    assert "read-only access" in body
    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", body):
        if 'type="hidden"' in tag or 'type="search"' in tag:
            continue
        assert "disabled" in tag, tag
    for control in (
        "submit-button",
        "deactivate-button",
        "activate-button",
        "delete-button",
        "delete-dialog",
    ):
        assert f'id="{control}"' not in body, control
    assert "Hotline" in body and "+45 33 12 34 56" in body


def test_viewer_partial_get_shows_stored_values(viewer_client, chat):
    response = viewer_client.get(url("entrypoint-detail", chat), {"timezone": "Asia/Tokyo"}, **PARTIAL)
    assert response.status_code == 200
    assert "Asia/Tokyo" not in text(response)


def test_system_channel_name_is_read_only_and_it_has_no_deactivate_or_delete(
    admin_client, org, system_channel
):
    make_number(org)
    response = admin_client.get(url("entrypoint-detail", system_channel))
    body = text(response)
    assert not has_field(response, "name")
    assert 'id="readonly-name">Outdial Transfer to Queue<' in body
    assert "deactivate-button" not in body and "delete-button" not in body and "delete-dialog" not in body
    assert has_field(response, "description") and has_field(response, "support_numbers")
    assert not has_field(response, "flow") and not has_field(response, "outdial_queue")


def test_system_channel_description_and_numbers_can_change_but_not_its_name(
    admin_client, org, system_channel
):
    number = make_number(org)
    data = {
        "name": "Renamed",
        "description": "Transfers to queues",
        "support_numbers": [str(number.pk)],
        "channel_type": "outbound_telephony",
        "version": system_channel.version,
    }
    response = admin_client.post(url("entrypoint-detail", system_channel), data)
    assert response.status_code == 302
    system_channel.refresh_from_db()
    assert system_channel.name == "Outdial Transfer to Queue"
    assert system_channel.description == "Transfers to queues"
    assert list(system_channel.support_numbers.all()) == [number]


# --- activate and deactivate -----------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_admin_deactivates_and_activates(admin_client, chat, headers):
    response = admin_client.post(url("entrypoint-deactivate", chat), {"version": chat.version}, **headers)
    assert response.status_code in (302, 204)
    chat.refresh_from_db()
    assert not chat.active and chat.version == 2
    page = text(admin_client.get(url("entrypoint-detail", chat)))
    assert "is now inactive" in page and 'id="activate-button"' in page
    admin_client.post(url("entrypoint-activate", chat), {"version": chat.version}, **headers)
    chat.refresh_from_db()
    assert chat.active and chat.version == 3


def test_activation_with_a_stale_or_junk_version_is_refused(admin_client, chat):
    for version in (0, 99, "junk"):
        response = admin_client.post(url("entrypoint-deactivate", chat), {"version": version}, follow=True)
        assert "Someone else changed or deleted this channel" in text(response)
    chat.refresh_from_db()
    assert chat.active


def test_activation_urls_answer_get_with_the_detail_page(admin_client, chat):
    response = admin_client.get(url("entrypoint-deactivate", chat))
    assert response.status_code == 302 and response["Location"] == url("entrypoint-detail", chat)
    chat.refresh_from_db()
    assert chat.active


def test_the_system_channel_cannot_be_deactivated(admin_client, system_channel):
    response = admin_client.post(url("entrypoint-deactivate", system_channel), {}, follow=True)
    assert "cannot be deactivated" in text(response)
    system_channel.refresh_from_db()
    assert system_channel.active


# --- delete ----------------------------------------------------------------------------------


def test_an_active_channel_shows_a_disabled_delete_with_the_reason(admin_client, chat):
    body = text(admin_client.get(url("entrypoint-detail", chat)))
    button = re.search(r'<button[^>]*id="delete-button"[^>]*>', body).group(0)
    assert "disabled" in button
    assert "An active channel cannot be deleted. Deactivate it first." in body
    assert 'id="delete-dialog"' not in body


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_server_refuses_to_delete_an_active_channel(admin_client, chat, headers):
    response = admin_client.post(url("entrypoint-delete", chat), {"version": chat.version}, **headers)
    assert response.status_code in (302, 204)
    assert EntryPoint.objects.filter(pk=chat.pk).exists()
    page = text(admin_client.get(url("entrypoint-detail", chat)))
    assert "is active. Deactivate it before deleting it." in page


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_admin_deletes_an_inactive_channel(admin_client, chat, headers):
    entry_point_deactivate(entry_point=chat)
    page = text(admin_client.get(url("entrypoint-detail", chat)))
    assert '<dialog id="delete-dialog"' in page and "release_numbers" not in page
    response = admin_client.post(url("entrypoint-delete", chat), {"version": chat.version}, **headers)
    if headers:
        assert response.status_code == 204 and response["HX-Redirect"] == LIST
    else:
        assert response.status_code == 302 and response["Location"] == LIST
    assert not EntryPoint.objects.filter(pk=chat.pk).exists()
    assert "Channel “Web_Chat” was deleted." in text(admin_client.get(LIST))


def test_deleting_a_channel_with_numbers_requires_releasing_them(admin_client, hotline):
    entry_point_deactivate(entry_point=hotline)
    hotline.refresh_from_db()
    page = text(admin_client.get(url("entrypoint-detail", hotline)))
    dialog = re.search(r'<dialog id="delete-dialog".*?</dialog>', page, re.S).group(0)
    assert "+45 33 12 34 56" in dialog
    assert 'name="release_numbers"' in dialog and "Release these numbers" in dialog
    refused = admin_client.post(url("entrypoint-delete", hotline), {"version": hotline.version}, follow=True)
    assert "Release them to delete the channel" in text(refused)
    assert EntryPoint.objects.filter(pk=hotline.pk).exists()
    number = SupportNumber.objects.get(number="+4533123456")
    assert number.entry_point == hotline
    response = admin_client.post(
        url("entrypoint-delete", hotline), {"version": hotline.version, "release_numbers": "on"}
    )
    assert response.status_code == 302
    assert not EntryPoint.objects.filter(pk=hotline.pk).exists()
    number.refresh_from_db()
    assert number.entry_point is None


def test_delete_with_a_stale_version_is_refused(admin_client, chat):
    entry_point_deactivate(entry_point=chat)
    for version in (1, "junk"):
        response = admin_client.post(url("entrypoint-delete", chat), {"version": version}, follow=True)
        assert "Someone else changed or deleted this channel" in text(response)
    assert EntryPoint.objects.filter(pk=chat.pk).exists()


def test_the_system_channel_cannot_be_deleted(admin_client, system_channel):
    response = admin_client.post(url("entrypoint-delete", system_channel), {}, follow=True)
    assert "cannot be deleted" in text(response)
    assert EntryPoint.objects.filter(pk=system_channel.pk).exists()


def test_delete_url_answers_get_with_the_detail_page(admin_client, chat):
    response = admin_client.get(url("entrypoint-delete", chat))
    assert response.status_code == 302 and response["Location"] == url("entrypoint-detail", chat)


def test_without_javascript_the_delete_dialog_opens_from_its_link(admin_client, chat):
    entry_point_deactivate(entry_point=chat)
    page = text(admin_client.get(url("entrypoint-detail", chat)))
    assert 'href="?delete=1"' in page
    opened = text(admin_client.get(url("entrypoint-detail", chat), {"delete": "1"}))
    assert re.search(r'<dialog id="delete-dialog"[^>]* open>', opened)


def test_pages_are_isolated_between_organizations_even_with_the_same_names(client, org, other_org, flow):
    mine = make_entry_point(org, "chat", name="Shared_Name", flow=flow)
    theirs = make_entry_point(other_org, "chat", name="Shared_Name")
    user = make_user(other_org, username="their_admin")
    from tests.factories import PASSWORD

    client.login(request=HttpRequest(), username=user.username, password=PASSWORD)
    assert client.get(url("entrypoint-detail", theirs)).status_code == 200
    assert client.get(url("entrypoint-detail", mine)).status_code == 404


def test_a_time_zone_typed_in_any_case_is_stored_in_its_iana_spelling(admin_client, org, flow, chat):
    response = admin_client.post(NEW, base_data(flow, timezone="europe/copenhagen"))
    assert response.status_code == 302
    assert EntryPoint.objects.get(organization=org, name="New_Channel").timezone == "Europe/Copenhagen"
    edit = base_data(flow, name=chat.name, timezone="AMERICA/NEW_YORK", version=chat.version)
    assert admin_client.post(chat.get_absolute_url(), edit).status_code == 302
    chat.refresh_from_db()
    assert chat.timezone == "America/New_York"


def test_the_channel_form_offers_every_iana_zone_to_search(admin_client):
    body = text(admin_client.post(NEW, {"_refresh": "1", "channel_type": "chat"}))
    assert 'list="timezone-options"' in body
    assert '<option value="Europe/Copenhagen">' in body
    assert body.count("<option value=", body.index('id="timezone-options"')) >= 400
