"""A list's rows are drawn in Python (contactcenter.tables): the same escaping, links and columns as a template."""

import re

import pytest
from django.urls import reverse

from channels.models import EntryPoint
from channels.views import EntryPointListView
from contactcenter.tables import object_urls
from contactcenter.views import ObjectListView
from flows.models import BusinessHours, Flow
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

HOSTILE = '<b id="x">Tom & "Jerry"</b>'
ESCAPED = "&lt;b id=&quot;x&quot;&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;"


def _list_views() -> list[type[ObjectListView]]:
    found, todo = [], list(ObjectListView.__subclasses__())
    while todo:
        view = todo.pop()
        todo.extend(view.__subclasses__())
        if view.table_class is not None and view not in found:
            found.append(view)
    return found


@pytest.mark.parametrize(
    "make",
    [
        lambda org: make_entry_point(org, "inbound_telephony", flow=make_flow(org)),
        lambda org: make_flow(org),
        lambda org: make_queue(org),
        lambda org: make_business_hours(org),
        lambda org: make_holiday_list(org),
        lambda org: make_override_list(org),
        lambda org: make_audio(org),
        lambda org: make_number(org),
    ],
    ids=["channel", "flow", "queue", "business hours", "holiday list", "override list", "audio", "number"],
)
def test_a_rows_url_is_its_get_absolute_url(org, make):
    obj = make(org)
    assert object_urls(type(obj))(obj.pk) == obj.get_absolute_url()


def test_a_views_url_by_pk_is_what_reverse_makes(org):
    number = make_number(org)
    release = object_urls(SupportNumber, "support_numbers:supportnumber-release")
    assert release(number.pk) == reverse("support_numbers:supportnumber-release", args=[number.pk])


def test_every_table_column_sorts_by_a_key_its_list_offers():
    views = _list_views()
    assert {view.model for view in views} >= {EntryPoint, Flow, Queue, BusinessHours, SupportNumber}
    for view in views:
        keys = {column.sort for column in view.table_class.columns if column.sort}
        assert keys <= set(view.sort_fields), (view.__name__, keys - set(view.sort_fields))
        names = [column.name for column in view.table_class.columns]
        assert len(names) == len(set(names)), view.__name__
        for name in names:
            assert callable(getattr(view.table_class, f"render_{name}", None)), (view.__name__, name)


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("/channels/", lambda org: make_entry_point(org, name="Hostile", description=HOSTILE)),
        ("/flows/", lambda org: make_flow(org, name="Hostile", description=HOSTILE)),
        ("/queues/", lambda org: make_queue(org, name="Hostile", description=HOSTILE)),
        ("/business-hours/", lambda org: make_business_hours(org, name="Hostile", description=HOSTILE)),
        ("/numbers/", lambda org: make_number(org, description=HOSTILE)),
    ],
    ids=["channels", "flows", "queues", "business hours", "numbers"],
)
def test_text_in_a_row_is_escaped_in_the_cell_and_its_tooltip(admin_client, org, path, make):
    make(org)
    body = admin_client.get(path).content.decode()
    assert HOSTILE not in body
    assert f'title="{ESCAPED}">{ESCAPED}<' in body


@pytest.mark.parametrize("path", ["/channels/", "/flows/", "/queues/", "/business-hours/", "/numbers/"])
def test_every_row_has_a_cell_under_each_header_and_each_cell_says_its_header_on_a_phone(
    admin_client, org, path
):
    flow = make_flow(org, queue=make_queue(org), business_hours=make_business_hours(org))
    channel = make_entry_point(org, "inbound_telephony", flow=flow)
    make_number(org, entry_point=channel)
    make_number(org)
    body = admin_client.get(path).content.decode()
    table = re.search(r"<table[^>]*>.*?</table>", body, re.S).group(0)
    headers = re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", table, re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    assert rows
    labels = [re.sub(r"<[^>]+>|\s*[▲▼]\s*", "", header).strip() for header in headers]
    for row in rows:
        cells = re.findall(r"<td([^>]*)>", row)
        assert len(cells) == len(headers), (path, cells)
        # Only the row's title, its checkbox and its buttons go without a label.
        assert sum("data-label" in attributes for attributes in cells) >= len(headers) - 3, (path, cells)
        for attributes, label in zip(cells, labels, strict=True):
            phone = re.search(r'data-label="([^"]*)"', attributes)
            if phone:
                assert phone.group(1) == label, (path, phone.group(1), label)


def test_the_open_now_column_goes_with_its_header(admin_client, org, monkeypatch):
    make_entry_point(org)
    with_column = admin_client.get("/channels/").content.decode()
    assert 'class="open-now-col"' in with_column and ">Open now</th>" in with_column
    monkeypatch.setattr(EntryPointListView, "open_now", False)
    without = admin_client.get("/channels/").content.decode()
    assert "open-now-col" not in without and ">Open now</th>" not in without


def test_a_changed_moment_is_shown_in_the_current_zone_and_language_though_formatted_once():
    import datetime

    from django.utils import timezone, translation

    from contactcenter.tables import changed_at

    moment = datetime.datetime(2026, 12, 24, 9, 30, tzinfo=datetime.UTC)
    with timezone.override("Europe/Copenhagen"), translation.override("en"):
        copenhagen = changed_at(moment)
    with timezone.override("America/New_York"), translation.override("en"):
        new_york = changed_at(moment)
    with timezone.override("Europe/Copenhagen"), translation.override("da"):
        danish = changed_at(moment)
    assert 'datetime="2026-12-24T10:30:00+01:00" title="Thu 24 Dec 2026 10:30"' in copenhagen
    assert 'datetime="2026-12-24T04:30:00-05:00" title="Thu 24 Dec 2026 04:30"' in new_york
    assert 'title="torsdag 24. dec. 2026 10:30"' in danish
    with timezone.override("Europe/Copenhagen"), translation.override("en"):
        assert changed_at(moment) == copenhagen
