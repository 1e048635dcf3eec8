"""Time zones in real Chromium: searched in the list of IANA zones, typed in any case."""

import pytest
from playwright.sync_api import expect

from channels.models import EntryPoint
from tests.factories import make_flow

from .conftest import htmx_swap, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_time_zone_is_searched_in_any_case_and_saved_in_its_iana_spelling(page, org, admin_user):
    make_flow(org, name="Plain_Flow")
    login(page, "admin")
    page.goto("/channels/new/")
    with htmx_swap(page, "type-fields"):
        page.select_option("select[name=channel_type]", "chat")
    zone = page.locator("input[name=timezone]")
    # The input searches the page's list of every IANA zone; what the browser offers for "copenh".
    offered = zone.evaluate(
        "(input, typed) => [...input.list.options].map(o => o.value)"
        ".filter(v => v.toLowerCase().includes(typed))",
        "copenh",
    )
    assert offered == ["Europe/Copenhagen"]
    assert zone.evaluate("input => input.list.options.length") > 400
    page.fill("input[name=name]", "Zoned_Chat")
    zone.fill("europe/copenhagen")
    page.fill("input[name=service_level_threshold]", "30")
    page.locator("#id_flow_picker").get_by_label("Plain_Flow", exact=True).check()
    page.click("#submit-button")
    page.wait_for_url("**/channels/*/")
    expect(page.locator("input[name=timezone]")).to_have_value("Europe/Copenhagen")
    assert EntryPoint.objects.get(name="Zoned_Chat").timezone == "Europe/Copenhagen"
