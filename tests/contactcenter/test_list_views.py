"""Every console list is honest about its URL: what it cannot use is named, page size and page numbers."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_entry_point, make_queue

LISTS = [
    "/channels/",
    "/queues/",
    "/flows/",
    "/business-hours/",
    "/holiday-lists/",
    "/override-lists/",
    "/numbers/",
    "/audio-files/",
]


def text(response) -> str:
    return response.content.decode()


def list_errors(body: str) -> list[str]:
    box = re.search(r'<div id="list-errors".*?</div>\s*</div>', body, re.S)
    return re.findall(r"<div>(.*?)</div>", box.group(0)) if box else []


def row_names(body: str) -> list[str]:
    return re.findall(r'class="row-title" href="[^"]+">([^<]+)<', body)


@pytest.fixture
def queues(org):
    return [make_queue(org, name=f"Queue_{n:03d}") for n in range(60)]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_names_an_unknown_parameter_and_an_unknown_sort(admin_client, path):
    body = text(admin_client.get(path, {"colour": "blue", "sort": "-shoe_size"}))
    errors = list_errors(body)
    assert "“colour” is not a filter of this list; it was ignored." in errors
    assert any(error.startswith("Unknown sort “-shoe_size”; choose from ") for error in errors)
    assert ("number" if path == "/numbers/" else "name") in next(
        error for error in errors if error.startswith("Unknown sort")
    )


@pytest.mark.parametrize("path", LISTS)
def test_a_clean_url_shows_no_message(admin_client, path):
    sort = "-number" if path == "/numbers/" else "-name"
    body = text(admin_client.get(path, {"q": "x", "sort": sort, "page": "1", "page_size": "50"}))
    assert list_errors(body) == []
    assert 'id="list-errors" class="list-errors" hidden' in body


def test_the_rows_alone_carry_the_messages_out_of_band(admin_client):
    response = admin_client.get(
        "/queues/", {"colour": "blue"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    body = text(response)
    assert '<form id="list-filters"' not in body
    assert 'id="list-errors" class="list-errors" hx-swap-oob="true"' in body
    assert "“colour” is not a filter of this list" in body


@pytest.mark.parametrize(("size", "rows"), [("", 25), ("25", 25), ("50", 50), ("100", 60)])
def test_the_page_size_is_chosen_in_the_url(admin_client, queues, size, rows):
    body = text(admin_client.get("/queues/", {"page_size": size} if size else {}))
    assert len(row_names(body)) == rows
    assert list_errors(body) == []
    selected = re.search(r'<option value="(\d+)" selected>', body.split('name="page_size"')[1])
    assert selected.group(1) == (size or "25")


@pytest.mark.parametrize("size", ["7", "1000", "abc", "-25"])
def test_another_page_size_is_named_and_the_default_used(admin_client, queues, size):
    body = text(admin_client.get("/queues/", {"page_size": size}))
    assert f"“{size}” is not a page size; choose 25, 50, 100." in list_errors(body)
    assert len(row_names(body)) == 25


def test_a_page_that_is_not_a_number_is_named(admin_client, queues):
    body = text(admin_client.get("/queues/", {"page": "last"}))
    assert "“last” is not a page number; showing the first page." in list_errors(body)
    assert row_names(body)[0] == "Queue_000"


def test_numbered_pages_keep_the_search_sort_and_page_size(admin_client, queues):
    body = text(admin_client.get("/queues/", {"q": "Queue", "sort": "-name", "page_size": "25", "page": "3"}))
    assert row_names(body)[0] == "Queue_009"  # 60 rows, descending: page 3 starts at the 51st
    numbers = re.findall(r'<li>(?:<a[^>]*>(\d+)</a>|<span class="page-gap"[^>]*>…</span>)</li>', body)
    assert numbers == ["1", "2", "3"]
    assert 'aria-current="page" href="?q=Queue&amp;sort=-name&amp;page_size=25&amp;page=3"' in body
    assert 'href="?q=Queue&amp;sort=-name&amp;page_size=25&amp;page=1"' in body


def test_many_pages_are_elided_around_the_current_one(admin_client, org, monkeypatch):
    from queues.views import QueueListView

    monkeypatch.setattr(QueueListView, "paginate_by", 2)
    for n in range(22):
        make_queue(org, name=f"Q_{n:03d}")
    body = text(admin_client.get("/queues/", {"page": "6"}))  # 11 pages of 2
    links = re.findall(r'<li>(?:<a[^>]*>(\d+)</a>|<span class="page-gap"[^>]*>(…)</span>)</li>', body)
    assert ["".join(link) for link in links] == ["1", "…", "5", "6", "7", "…", "11"]


def test_the_page_size_does_not_change_the_number_of_queries(admin_client, queues):
    counts = []
    for size in ("25", "100"):
        with CaptureQueriesContext(connection) as queries:
            admin_client.get("/queues/", {"page_size": size})
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_channels_filter_by_social_subtype(admin_client, org):
    make_entry_point(org, "social", name="Whats_Up", social_channel_type="whatsapp")
    make_entry_point(org, "social", name="Messenger_Bot", social_channel_type="facebook_messenger")
    make_entry_point(org, "chat", name="Web_Chat")
    body = text(admin_client.get("/channels/", {"social_channel_type": "whatsapp"}))
    assert row_names(body) == ["Whats_Up"]
    assert '<option value="whatsapp" selected>' in body
    refused = text(admin_client.get("/channels/", {"social_channel_type": "telegram"}))
    assert any("Social channel type: " in error and "telegram" in error for error in list_errors(refused))
    assert len(row_names(refused)) == 4  # the system channel too: the refused filter is not applied
