import re

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_shows_organization_user_and_role(page, admin_user, org):
    login(page, admin_user.username)
    expect(page.locator(".topbar-org")).to_have_text(org.name)
    expect(page.locator(".usermenu summary")).to_contain_text(admin_user.username)
    expect(page.locator(".usermenu summary .badge")).to_have_text("Administrator")


def test_wrong_password_is_refused_with_username_kept(page, admin_user):
    page.goto("/login/")
    page.fill("input[name=username]", admin_user.username)
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    expect(page.locator(".alert-danger")).to_be_visible()
    expect(page.locator("input[name=username]")).to_have_value(admin_user.username)


def test_navigation_highlights_channels_and_sign_out_ends_the_session(page, admin_user):
    login(page, admin_user.username)
    expect(page.locator(".sidenav a.active")).to_have_text("Channels")
    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("input[name=username]")).to_be_visible()
    page.goto("/channels/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/channels/$"))
