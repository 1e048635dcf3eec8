"""The Test routing page: the GET form, the answer card, field errors, who may use it, queries."""

import datetime
import html
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from channels.services import entry_point_deactivate, system_channel_ensure
from tests.channels.test_routing import NIGHT, NUMBER, make_danish_line
from tests.factories import make_entry_point, make_flow, make_number

pytestmark = pytest.mark.django_db

URL = "/routing/test/"


@pytest.fixture
def danish(org):
    return make_danish_line(org)


def text(response) -> str:
    return html.unescape(response.content.decode())


def between(body: str, element_id: str) -> str:
    """The text of the element with that id (tags removed, whitespace collapsed)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', body, re.S)
    assert match, element_id
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split())


def test_the_url_name_and_the_sidebar_link(admin_client):
    assert reverse("routing-test") == URL
    body = text(admin_client.get(reverse("channels:entrypoint-list")))
    assert f'<a href="{URL}"' in body and "Test routing" in body


def test_the_empty_form_asks_and_shows_no_answer(admin_client, danish):
    response = admin_client.get(URL)
    assert response.status_code == 200
    body = text(response)
    assert 'method="get"' in body
    assert 'id="routing-empty"' in body and 'id="routing-answer"' not in body
    assert 'class="errorlist"' not in body
    # The organization's channels to choose from, and its numbers as suggestions.
    assert f'<option value="{danish.channel.pk}">Support_Hotline · Inbound telephony</option>' in body
    assert '<option value="+45 33 12 34 56">Support_Hotline</option>' in body
    # The sidebar marks the page.
    assert re.search(rf'<a href="{URL}" class="active" aria-current="true">', body)


def test_christmas_eve_is_closed_by_the_holiday(viewer_client, danish):
    response = viewer_client.get(URL, {"number": "+45 33 12 34 56", "date": "2026-12-24", "time": "10:00"})
    assert response.status_code == 200
    body = text(response)
    assert between(body, "routing-badge") == "Closed"
    assert between(body, "routing-summary") == "Closed (Christmas Eve): the contact does not go to a queue."
    assert between(body, "routing-label") == "Closed · Christmas Eve · opens 25 Dec 09:00"
    assert between(body, "routing-rule") == "Holiday “Christmas Eve”"
    assert between(body, "routing-next").startswith("Opens Fri 25 Dec 2026 09:00 UTC+01:00")
    assert between(body, "routing-local") == "Thu 24 Dec 2026 10:00 UTC+01:00"
    assert between(body, "routing-timezone") == "Europe/Copenhagen"
    assert between(body, "routing-queue") == "None: closed. While open: Support_DK."
    assert "Support_Hotline" in between(body, "routing-channel")
    assert "Active" in between(body, "routing-channel")
    assert between(body, "routing-flow") == "Main_IVR"
    assert between(body, "routing-hours") == "Copenhagen office"
    assert 'id="routing-warnings"' not in body
    # The typed values are kept.
    assert 'value="+45 33 12 34 56"' in body and 'value="2026-12-24"' in body and 'value="10:00"' in body


def test_a_weekday_at_08_59_is_closed_and_opens_at_09_00(admin_client, danish):
    body = text(admin_client.get(URL, {"number": "+4533123456", "date": "2026-01-14", "time": "08:59"}))
    assert between(body, "routing-badge") == "Closed"
    assert between(body, "routing-rule") == "Outside working hours"
    assert between(body, "routing-next") == "Opens Wed 14 Jan 2026 09:00 UTC+01:00"


def test_a_weekday_at_09_00_is_open_and_names_the_queue(admin_client, danish):
    body = text(admin_client.get(URL, {"number": "0045 33 12 34 56", "date": "2026-01-14", "time": "09:00"}))
    assert between(body, "routing-badge") == "Open"
    assert between(body, "routing-summary") == "The contact goes to the queue “Support_DK”."
    assert between(body, "routing-rule") == "Shift “Weekdays”"
    assert between(body, "routing-next") == "Closes Wed 14 Jan 2026 17:00 UTC+01:00"
    assert between(body, "routing-queue") == "Support_DK"
    assert f'href="{danish.queue.get_absolute_url()}"' in body


@pytest.mark.parametrize(
    ("fold", "offset", "label"), [("0", "+02:00", "first time"), ("1", "+01:00", "second time")]
)
def test_the_autumn_repeated_hour_shows_the_pass_and_its_offset(admin_client, danish, fold, offset, label):
    query = {"entry_point": str(danish.channel.pk), "date": "2026-10-25", "time": "02:30", "fold": fold}
    body = text(admin_client.get(URL, query))
    assert between(body, "routing-local") == f"Sun 25 Oct 2026 02:30 UTC{offset} {label}"
    assert between(body, "routing-badge") == "Closed"
    warnings = between(body, "routing-warnings")
    assert "02:30 happens twice on Sun 25 Oct 2026" in warnings
    assert "A clock change within 24 hours" in warnings
    # Both passes are offered, the current one marked, the other a link.
    occurrences = between(body, "routing-occurrences")
    assert "First time · UTC+02:00" in occurrences and "Second time · UTC+01:00" in occurrences
    other = "0" if fold == "1" else "1"
    assert f"fold={other}" in body


@pytest.mark.parametrize(("fold", "offset"), [("0", "+02:00"), ("1", "+01:00")])
def test_the_autumn_repeated_hour_inside_a_shift_is_open(admin_client, org, fold, offset):
    make_danish_line(org, shifts=[NIGHT])
    body = text(
        admin_client.get(URL, {"number": NUMBER, "date": "2026-10-25", "time": "02:30", "fold": fold})
    )
    assert between(body, "routing-badge") == "Open"
    assert between(body, "routing-rule") == "Shift “Night”"
    assert between(body, "routing-next") == f"Closes Sun 25 Oct 2026 02:45 UTC{offset}"


def test_the_spring_gap_says_how_the_time_was_read(admin_client, danish):
    body = text(admin_client.get(URL, {"number": NUMBER, "date": "2026-03-29", "time": "02:30"}))
    assert between(body, "routing-local") == "Sun 29 Mar 2026 03:00 UTC+02:00 02:30 does not exist"
    assert "It is read as 03:00 (UTC+02:00), the moment the clocks jump." in between(body, "routing-warnings")


def test_without_a_time_it_answers_for_now(admin_client, danish, monkeypatch):
    now = datetime.datetime(2026, 1, 14, 9, 30, tzinfo=datetime.UTC)  # 10:30 in Copenhagen
    monkeypatch.setattr("channels.routing.timezone", SimpleNamespace(now=lambda: now))
    response = admin_client.get(URL, {"number": NUMBER})
    assert between(text(response), "routing-local") == "Wed 14 Jan 2026 10:30 UTC+01:00 (now)"
    # A link to the exact moment answered, for sharing.
    permalink = f"{URL}?number=%2B45+33+12+34+56&amp;date=2026-01-14&amp;time=10%3A30"
    assert f'<a href="{permalink}" id="routing-permalink">' in response.content.decode()


def test_warnings_are_listed(admin_client, org, danish):
    entry_point_deactivate(entry_point=danish.channel)
    body = text(admin_client.get(URL, {"number": NUMBER, "date": "2026-01-14", "time": "10:00"}))
    # The headline is the inactive state, not "Open" or "Not routed"; the hours' answer is only a hint.
    assert between(body, "routing-badge") == "Inactive — accepts no contacts"
    assert between(body, "routing-label").startswith("Business hours: Open")
    assert between(body, "routing-queue") == "None: the channel is inactive."
    assert "Inactive" in between(body, "routing-channel")
    assert 'data-code="channel_inactive"' in body


def test_an_unassigned_number(admin_client, org):
    make_number(org, "+45 33 12 34 57")
    body = text(admin_client.get(URL, {"number": "+45 33 12 34 57", "date": "2026-01-14", "time": "10:00"}))
    assert between(body, "routing-badge") == "Not routed"
    assert between(body, "routing-channel") == "None: the number is not assigned to a channel."
    assert 'data-code="number_unassigned"' in body


def test_a_flow_without_business_hours_and_queue(admin_client, org):
    channel = make_entry_point(org, "chat", name="Web_Chat", flow=make_flow(org, name="Chat_Flow"))
    body = text(
        admin_client.get(URL, {"entry_point": str(channel.pk), "date": "2026-01-14", "time": "10:00"})
    )
    assert between(body, "routing-badge") == "Open · no queue"
    assert between(body, "routing-hours") == "None: always open"
    assert 'data-code="no_business_hours"' in body and 'data-code="no_queue"' in body
    assert 'id="routing-rule"' not in body


def test_the_system_channel_without_a_flow(admin_client, org):
    system = system_channel_ensure(organization=org)
    make_number(org, "+45 70 20 30 40", entry_point=system)
    body = text(admin_client.get(URL, {"number": "+45 70 20 30 40", "date": "2026-01-14", "time": "10:00"}))
    assert between(body, "routing-badge") == "Not routed"
    assert between(body, "routing-flow") == "None"
    assert between(body, "routing-queue") == "None: the channel has no flow."
    assert 'data-code="outbound_channel"' in body and 'data-code="no_flow"' in body


# --- Bad input: errors beside the fields, values kept, never a 500 ------------------------------------


def field_errors(body: str, name: str) -> list[str]:
    match = re.search(rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', body, re.S)
    return re.findall(r"<li>(.*?)</li>", match.group(1)) if match else []


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"number": "33 12 34 56"}, "number", "Write “33 12 34 56” in international form"),
        ({"number": "+45 12"}, "number", "“+45 12” is not a valid number in DK"),
        ({"number": "+45 33 99 88 77"}, "number", "No support number +45 33 99 88 77 in your organization."),
        ({"entry_point": "junk"}, "entry_point", "No such channel in your organization."),
        ({"number": NUMBER, "date": "2026-13-01", "time": "10:00"}, "date", "Enter a date as YYYY-MM-DD."),
        ({"number": NUMBER, "date": "2026-01-14", "time": "25:00"}, "time", "Enter a time as HH:MM."),
        (
            {"number": NUMBER, "date": "2026-01-14"},
            "time",
            "Enter both a date and a time, or leave both empty",
        ),
        ({"number": NUMBER, "time": "10:00"}, "date", "Enter both a date and a time, or leave both empty"),
        (
            {"number": NUMBER, "date": "1969-12-31", "time": "10:00"},
            "date",
            "Choose a date between 1 Jan 1970",
        ),
        ({"number": NUMBER, "fold": "7"}, "fold", "Select a valid choice."),
        ({"number": "x" * 41}, "number", "Ensure this value has at most 40 characters"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_kept(admin_client, danish, query, field, message):
    response = admin_client.get(URL, query)
    assert response.status_code == 200
    body = text(response)
    errors = field_errors(response.content.decode(), field)
    assert errors and message in html.unescape(errors[0]), (field, errors)
    assert 'id="routing-answer"' not in body
    for name, value in query.items():
        # (A select cannot show a value that is not among its options.)
        if name not in ("fold", "entry_point") and len(value) <= 40:
            assert f'value="{value}"' in body


def test_neither_or_both_is_an_error_above_the_fields(admin_client, danish):
    body = text(admin_client.get(URL, {"number": "", "date": "", "time": ""}))
    assert between(body, "form-errors") == "Give a support number or choose a channel."
    body = text(admin_client.get(URL, {"number": NUMBER, "entry_point": str(danish.channel.pk)}))
    assert between(body, "form-errors") == "Give either a support number or a channel, not both."


# --- Who may use it ----------------------------------------------------------------------------------


def test_login_is_required(client, danish):
    response = client.get(URL, {"number": NUMBER})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_outsider_cannot_see_another_organizations_number_or_channel(outsider_client, danish):
    body = text(outsider_client.get(URL, {"number": NUMBER}))
    assert field_errors(body, "number") == ["No support number +45 33 12 34 56 in your organization."]
    body = text(outsider_client.get(URL, {"entry_point": str(danish.channel.pk)}))
    assert field_errors(body, "entry_point") == ["No such channel in your organization."]
    assert "Support_Hotline" not in body


def test_a_post_is_refused_to_a_viewer_and_not_offered_to_anyone(viewer_client, admin_client, danish):
    assert viewer_client.post(URL, {"number": NUMBER}).status_code == 403
    assert admin_client.post(URL, {"number": NUMBER}).status_code == 405


def test_the_number_of_queries_does_not_grow(admin_client, org, danish):
    query = {"number": NUMBER, "date": "2026-01-14", "time": "09:00"}
    admin_client.get(URL, query)  # warm the session
    with CaptureQueriesContext(connection) as small:
        admin_client.get(URL, query)
    for _ in range(15):
        make_entry_point(org, "inbound_telephony", support_numbers=[make_number(org)])
    with CaptureQueriesContext(connection) as large:
        body = text(admin_client.get(URL, query))
    assert between(body, "routing-badge") == "Open"
    assert len(large) == len(small) <= 10
