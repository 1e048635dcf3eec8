"""The Content-Security-Policy holds in a real browser: no inline script, handler or eval anywhere.

The page fixture fails any test during which Chromium refused something; these tests visit the
places that used inline code or eval before: Swagger UI, the type-dependent refreshes, a
confirmation dialog, and the htmx indicator styles.
"""

import re

from playwright.sync_api import expect

from contactcenter.tokens import api_token_create
from tests.factories import make_queue

from .conftest import htmx_swap, login


def test_every_page_sends_the_policy(page, admin_user):
    response = page.goto("/login/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_swagger_ui_runs_under_the_policy(page, admin_user):
    login(page, admin_user.username)
    page.goto("/api/docs/")
    # Swagger UI fetches and renders the whole schema (some 90 operations) first.
    expect(page.locator(".opblock-tag", has_text=re.compile("queues", re.I)).first).to_be_visible(
        timeout=30_000
    )
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # its style file loaded


def test_type_dependent_fields_refresh_without_eval(page, admin_user, org):
    make_queue(org, name="Outbound_Dialer", queue_type="outbound", channel_type="telephony")
    login(page, admin_user.username)
    page.goto("/queues/new/")
    with htmx_swap(page, "type-fields"):
        page.select_option("#id_channel_type", "chat")
    expect(page.locator("#music-note")).to_be_visible()
    page.goto("/flows/new/")
    with htmx_swap(page, "kind-fields"):
        page.locator("label", has_text="Routing strategy").click()
    expect(page.locator("#strategy-note")).to_be_visible()


def test_revoking_a_token_asks_first(page, admin_user):
    api_token_create(user=admin_user, name="nightly-sync")
    login(page, admin_user.username)
    page.goto("/account/api-tokens/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("button", name="Revoke")).to_be_visible()  # dismissed: still there
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("button", name="Revoke")).to_have_count(0)
