"""The error summary above every refused console form: each error a link to its field."""

import re

from tests.flows.test_views import hours_data, rows, shift


def summary(body: str) -> list[tuple[str, str]]:
    box = re.search(r'<div class="alert alert-danger error-summary" id="form-errors".*?</ul>', body, re.S)
    assert box, "no error summary"
    return re.findall(r'<li><a href="#([^"]+)">(.*?)</a></li>', box.group(0))


def test_a_refused_queue_lists_every_error_with_a_link_to_its_field(admin_client):
    body = admin_client.post(
        "/queues/new/", {"name": "bad name", "queue_type": "inbound", "service_level_threshold": "x"}
    ).content.decode()
    links = summary(body)
    anchors = [anchor for anchor, _message in links]
    assert "id_name" in anchors and "id_service_level_threshold" in anchors
    assert any(message.startswith("Name: ") for _anchor, message in links)
    assert 'tabindex="-1" data-error-summary' in body
    name_input = re.search(r'<input[^>]*name="name"[^>]*>', body).group(0)
    assert 'aria-invalid="true"' in name_input and 'aria-describedby="id_name_error' in name_input
    assert 'id="id_name_error"' in body


def test_no_summary_on_a_fresh_form(admin_client):
    assert "data-error-summary" not in admin_client.get("/queues/new/").content.decode()


def test_a_refused_row_is_named_by_its_number_and_linked_to_its_cell(admin_client):
    data = hours_data(shift("Day"), shift("Late", start="", end="22:00"))
    body = admin_client.post("/business-hours/new/", data).content.decode()
    links = summary(body)
    assert ("id_shifts-1-start", next(m for a, m in links if a == "id_shifts-1-start")) in links
    assert next(m for a, m in links if a == "id_shifts-1-start").startswith("Row 2: ")
    start = re.search(r'<input[^>]*name="shifts-1-start"[^>]*>', body).group(0)
    assert 'aria-invalid="true"' in start and 'aria-describedby="id_shifts-1-start_error"' in start
    assert 'id="id_shifts-1-start_error"' in body


def test_a_schedule_without_rows_links_to_the_rows_section(admin_client):
    body = admin_client.post("/business-hours/new/", {"name": "Empty", **rows("shifts")}).content.decode()
    assert any(anchor == "rows-section" for anchor, _message in summary(body))
    assert 'id="rows-section"' in body


def test_a_refused_channel_summarises_its_errors(admin_client):
    body = admin_client.post("/channels/new/", {"name": "a b", "channel_type": "chat"}).content.decode()
    anchors = [anchor for anchor, _message in summary(body)]
    assert "id_name" in anchors
