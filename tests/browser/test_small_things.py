"""Small things users asked for, in real Chromium: signing out says so; a new token has a Copy button."""

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_signing_out_says_so_on_the_sign_in_page(page, admin_user):
    login(page, "admin")
    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")
    expect(page.get_by_role("status").filter(has_text="You have signed out.")).to_be_visible()


def test_a_new_token_is_copied_with_its_copy_button(page, admin_user, live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    login(page, "admin")
    page.goto("/account/api-tokens/")
    page.fill("input[name=name]", "Script")
    page.locator("form").filter(has=page.locator("input[name=name]")).locator("button[type=submit]").click()
    secret = page.locator("#token-secret").input_value()
    assert secret.startswith("cc_")
    page.locator("#copy-token").click()
    expect(page.locator("#copy-token-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == secret
