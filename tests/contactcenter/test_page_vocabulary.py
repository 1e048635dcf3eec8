"""One vocabulary of pages (contactcenter/vocabulary.py): every object type's list, create and edit pages
follow the same pattern of titles, headings, breadcrumbs and buttons, and a blocked delete looks and
behaves the same everywhere: the same button, disabled, with the reason beside it; the server refuses it."""

import html
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audio.models import AudioFile
from channels.models import EntryPoint
from flows.models import BusinessHours, Flow, HolidayList, OverrideList
from queues.models import Queue
from support_numbers.models import SupportNumber
from tests.factories import (
    make_audio,
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_number,
    make_override_list,
    make_queue,
)

pytestmark = pytest.mark.django_db

SITE = "Contact Center Console"


@dataclass(frozen=True)
class Kind:
    key: str
    model: Any
    plural: str
    singular: str  # as in "Create <singular>"
    section: str
    parents: tuple[tuple[str, str], ...]  # (label, url) between the section and the list
    prefix: str  # the URL names' prefix
    make: Any  # organization -> an object nothing uses
    make_used: Any  # organization -> (an object, what uses it: "kind “name”")
    danish_create: str
    danish_delete: str


def used_flow(org):
    flow = make_flow(org, name="Used_Flow")
    channel = make_entry_point(org, name="Chat_Using", flow=flow)
    return flow, f"channel “{channel.name}”"


def used_queue(org):
    queue = make_queue(org, name="Used_Queue")
    flow = make_flow(org, name="Flow_Using", queue=queue)
    return queue, f"flow “{flow.name}”"


def used_hours(org):
    hours = make_business_hours(org, name="Used_Hours")
    flow = make_flow(org, name="Flow_Using", business_hours=hours)
    return hours, f"flow “{flow.name}”"


def used_holidays(org):
    holidays = make_holiday_list(org, name="Used_Holidays")
    hours = make_business_hours(org, name="Hours_Using", holiday_list=holidays)
    return holidays, f"business hours “{hours.name}”"


def used_overrides(org):
    overrides = make_override_list(org, name="Used_Overrides")
    hours = make_business_hours(org, name="Hours_Using", override_list=overrides)
    return overrides, f"business hours “{hours.name}”"


def used_audio(org):
    audio = make_audio(org, name="used.wav")
    queue = make_queue(org, name="Queue_Using", music_in_queue=audio)
    return audio, f"queue “{queue.name}”"


def used_number(org):
    number = make_number(org)
    channel = make_entry_point(org, "inbound_telephony", name="Hotline_Using", support_numbers=[number])
    return number, f"channel “{channel.name}”"


CUSTOMER_EXPERIENCE = "Customer Experience"
HOURS_PARENT = (("Business hours", "/business-hours/"),)

KINDS = [
    Kind("channel", EntryPoint, "Channels", "channel", CUSTOMER_EXPERIENCE, (), "channels:entrypoint",
         lambda org: make_entry_point(org, name="Plain_Chat"), None, "Opret kanal", "Slet kanal"),
    Kind("flow", Flow, "Flows", "flow", CUSTOMER_EXPERIENCE, (), "flows:flow",
         lambda org: make_flow(org, name="Plain_Flow"), used_flow, "Opret flow", "Slet flow"),
    Kind("queue", Queue, "Queues", "queue", CUSTOMER_EXPERIENCE, (), "queues:queue",
         lambda org: make_queue(org, name="Plain_Queue"), used_queue, "Opret kø", "Slet kø"),
    Kind("business hours", BusinessHours, "Business hours", "business hours", CUSTOMER_EXPERIENCE, (),
         "flows:businesshours", lambda org: make_business_hours(org, name="Plain_Hours"), used_hours,
         "Opret åbningstider", "Slet åbningstider"),
    Kind("holiday list", HolidayList, "Holiday lists", "holiday list", CUSTOMER_EXPERIENCE, HOURS_PARENT,
         "flows:holidaylist", lambda org: make_holiday_list(org, name="Plain_Holidays"), used_holidays,
         "Opret helligdagsliste", "Slet helligdagsliste"),
    Kind("override list", OverrideList, "Override lists", "override list", CUSTOMER_EXPERIENCE, HOURS_PARENT,
         "flows:overridelist", lambda org: make_override_list(org, name="Plain_Overrides"), used_overrides,
         "Opret undtagelsesliste", "Slet undtagelsesliste"),
    Kind("audio file", AudioFile, "Audio files", "audio file", "Media", (), "audio:audiofile",
         lambda org: make_audio(org, name="plain.wav"), used_audio, "Opret lydfil", "Slet lydfil"),
    Kind("support number", SupportNumber, "Support numbers", "support number", "Numbers", (),
         "support_numbers:supportnumber", lambda org: make_number(org), used_number,
         "Opret supportnummer", "Slet supportnummer"),
]  # fmt: skip
IDS = [kind.key for kind in KINDS]


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def element(body: str, pattern: str) -> str:
    match = re.search(pattern, body, re.S)
    assert match, pattern
    return match.group(1)


def title(body: str) -> str:
    return text_of(element(body, r"<title>(.*?)</title>"))


def heading(body: str) -> str:
    return text_of(element(body, r"<h1>(.*?)</h1>"))


def breadcrumbs(body: str) -> tuple[list[str], list[tuple[str, str]], str]:
    """(every crumb's text, the links (href, text), the current page's text)."""
    nav = element(body, r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>')
    crumbs = [text_of(part) for part in nav.split('<span class="sep">/</span>')]
    links = [(href, text_of(label)) for href, label in re.findall(r'<a href="([^"]+)">(.*?)</a>', nav)]
    current = text_of(element(nav, r'<span aria-current="page">(.*?)</span>'))
    return crumbs, links, current


def form_buttons(body: str) -> tuple[str, str, str]:
    """(the submit button, the way back, where the way back goes)."""
    actions = element(body, r'<div class="form-actions">(.*?)</div>')
    submit = text_of(
        element(actions, r'<button type="submit" class="btn btn-primary" id="submit-button">(.*?)</button>')
    )
    back = re.search(r'<a class="btn btn-ghost" id="back-link" href="([^"]+)">(.*?)</a>', actions)
    return submit, text_of(back.group(2)), back.group(1)


def delete_button(body: str) -> str:
    return element(body, r'(<(?:a|button)[^>]*id="delete-button"[^>]*>.*?</(?:a|button)>)')


def get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_the_list_page(admin_client, viewer_client, kind):
    body = get(admin_client, reverse(f"{kind.prefix}-list"))
    assert title(body) == f"{kind.plural} · {SITE}"
    assert heading(body) == kind.plural
    crumbs, links, current = breadcrumbs(body)
    assert crumbs == [kind.section, *(label for label, _url in kind.parents), kind.plural]
    assert links == [(url, label) for label, url in kind.parents]
    assert current == kind.plural
    create = element(body, r'(<a class="btn btn-primary create-button" href="[^"]+">.*?</a>)')
    assert f'href="{reverse(f"{kind.prefix}-new")}"' in create
    assert text_of(create) == f"+ Create {kind.singular}"
    assert "create-button" not in get(viewer_client, reverse(f"{kind.prefix}-list"))


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_the_create_page(admin_client, kind):
    list_url = reverse(f"{kind.prefix}-list")
    body = get(admin_client, reverse(f"{kind.prefix}-new"))
    create = f"Create {kind.singular}"
    assert title(body) == f"{create} · {SITE}"
    assert heading(body) == create
    crumbs, links, current = breadcrumbs(body)
    assert crumbs == [kind.section, *(label for label, _url in kind.parents), kind.plural, create]
    assert links[-1] == (list_url, kind.plural)
    assert current == create
    assert form_buttons(body) == (create, "Cancel", list_url)
    assert 'id="delete-button"' not in body


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_the_edit_page_of_an_object_nothing_uses(admin_client, org, kind):
    obj = kind.make(org)
    if kind.model is EntryPoint:
        EntryPoint.objects.filter(pk=obj.pk).update(active=False)  # an active channel is never deleted
    body = get(admin_client, obj.get_absolute_url())
    name = str(obj)
    assert title(body) == f"{name} · {kind.plural} · {SITE}"
    assert heading(body) == name
    crumbs, links, current = breadcrumbs(body)
    assert crumbs == [kind.section, *(label for label, _url in kind.parents), kind.plural, name]
    assert links[-1] == (reverse(f"{kind.prefix}-list"), kind.plural)
    assert current == name
    assert form_buttons(body) == ("Save changes", "Discard changes", obj.get_absolute_url())
    panel = element(
        body, r'<section class="card panel danger-panel" aria-labelledby="panel-delete">(.*?)</section>'
    )
    assert text_of(element(panel, r'<h2 id="panel-delete">(.*?)</h2>')) == f"Delete {kind.singular}"
    button = delete_button(body)
    assert text_of(button) == f"Delete {kind.singular}"
    assert button.startswith('<a class="btn btn-danger-outline" id="delete-button" href="?delete=1"')
    assert "disabled" not in button and 'id="delete-blocked"' not in body
    # The dialog's confirmation says the same.
    dialog = element(body, r'(<dialog id="delete-dialog".*?</dialog>)')
    assert re.search(
        rf'<button type="submit" class="btn btn-danger" id="delete-confirm">Delete {kind.singular}</button>',
        dialog,
    )


BLOCKING = [kind for kind in KINDS if kind.make_used is not None]


@pytest.mark.parametrize("kind", BLOCKING, ids=[kind.key for kind in BLOCKING])
def test_a_used_object_has_the_same_disabled_delete_with_the_reason_beside_it(admin_client, org, kind):
    obj, user = kind.make_used(org)
    body = get(admin_client, obj.get_absolute_url())
    button = delete_button(body)
    assert button == (
        '<button type="submit" class="btn btn-danger-outline" id="delete-button" disabled '
        f'aria-describedby="delete-blocked">Delete {kind.singular}</button>'
    )
    reason = text_of(element(body, r'<div class="hint blocked-reason" id="delete-blocked">(.*?)</div>'))
    assert reason == f"Used by {user}: it cannot be deleted until nothing uses it."
    # The server refuses it all the same (the disabled button's form posts there when forced on).
    delete_url = reverse(f"{kind.prefix}-delete", kwargs={"pk": obj.pk})
    assert f'<form method="post" action="{delete_url}" class="delete-action is-blocked">' in body
    response = admin_client.post(delete_url, {"version": obj.version})
    assert response.status_code == 302
    assert kind.model.objects.filter(pk=obj.pk).exists()


def test_an_active_channel_has_the_same_disabled_delete_with_the_reason_beside_it(admin_client, org):
    channel = make_entry_point(org, name="Live_Chat")
    body = get(admin_client, channel.get_absolute_url())
    assert delete_button(body) == (
        '<button type="submit" class="btn btn-danger-outline" id="delete-button" disabled '
        'aria-describedby="delete-blocked">Delete channel</button>'
    )
    reason = text_of(element(body, r'<div class="hint blocked-reason" id="delete-blocked">(.*?)</div>'))
    assert reason == "An active channel cannot be deleted. Deactivate it first."
    admin_client.post(
        reverse("channels:entrypoint-delete", kwargs={"pk": channel.pk}), {"version": channel.version}
    )
    assert EntryPoint.objects.filter(pk=channel.pk).exists()


def test_a_long_list_of_users_names_three_and_counts_the_rest(admin_client, org):
    hours = make_business_hours(org, name="Shared_Hours")
    for n in range(5):
        make_flow(org, name=f"Flow_{n}", business_hours=hours)
    reason = text_of(element(get(admin_client, hours.get_absolute_url()), r'id="delete-blocked">(.*?)</div>'))
    assert reason == (
        "Used by flow “Flow_0”, flow “Flow_1”, flow “Flow_2” and 2 more: it cannot be deleted until nothing uses it."
    )


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_a_viewer_sees_no_delete_and_no_buttons(viewer_client, org, kind):
    obj = kind.make_used(org)[0] if kind.make_used else kind.make(org)
    body = get(viewer_client, obj.get_absolute_url())
    assert heading(body) == str(obj)
    assert 'id="delete-button"' not in body and 'id="panel-delete"' not in body
    assert 'id="submit-button"' not in body


def test_the_support_numbers_paste_page_is_a_create_page_too(admin_client):
    body = get(admin_client, reverse("support_numbers:supportnumber-bulk"))
    assert title(body) == f"Create support numbers · {SITE}"
    assert heading(body) == "Create support numbers"
    crumbs, links, current = breadcrumbs(body)
    assert crumbs == ["Numbers", "Support numbers", "Create support numbers"]
    assert current == "Create support numbers"
    assert links == [(reverse("support_numbers:supportnumber-list"), "Support numbers")]
    assert form_buttons(body) == (
        "Create support numbers",
        "Cancel",
        reverse("support_numbers:supportnumber-list"),
    )


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_in_danish(admin_user, org, kind):
    client = Client(HTTP_ACCEPT_LANGUAGE="da")
    client.force_login(admin_user)
    create = get(client, reverse(f"{kind.prefix}-new"))
    assert heading(create) == kind.danish_create
    assert form_buttons(create)[0] == kind.danish_create
    obj = kind.make_used(org)[0] if kind.make_used else kind.make(org)
    edit = get(client, obj.get_absolute_url())
    assert form_buttons(edit)[:2] == ("Gem ændringer", "Kassér ændringer")
    assert text_of(delete_button(edit)) == kind.danish_delete
    if kind.make_used:
        assert text_of(element(edit, r'id="delete-blocked">(.*?)</div>')).startswith("Bruges af ")


def test_the_api_tokens_page_says_create_api_token(admin_client):
    body = get(admin_client, reverse("api-tokens"))
    assert heading(body) == "API tokens"
    _crumbs, _links, current = breadcrumbs(body)
    assert current == "API tokens"
    assert "<h2>Create API token</h2>" in body
    assert (
        '<button type="submit" class="btn btn-primary" id="submit-button">Create API token</button>' in body
    )


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_the_history_page_sits_under_the_objects_page(admin_client, org, kind):
    obj = kind.make(org)
    crumbs, links, current = breadcrumbs(get(admin_client, f"{obj.get_absolute_url()}history/"))
    assert crumbs == [
        kind.section,
        *(label for label, _url in kind.parents),
        kind.plural,
        str(obj),
        "History",
    ]
    assert links[-2:] == [(reverse(f"{kind.prefix}-list"), kind.plural), (obj.get_absolute_url(), str(obj))]
    assert current == "History"


def test_the_calendar_sits_under_the_channels_page(admin_client, org):
    channel = make_entry_point(org, name="Chat_DK")
    body = get(admin_client, reverse("channels:entrypoint-calendar", kwargs={"pk": channel.pk}))
    crumbs, links, current = breadcrumbs(body)
    assert crumbs == ["Customer Experience", "Channels", "Chat_DK", "Calendar"]
    assert links == [
        (reverse("channels:entrypoint-list"), "Channels"),
        (channel.get_absolute_url(), "Chat_DK"),
    ]
    assert current == "Calendar"
