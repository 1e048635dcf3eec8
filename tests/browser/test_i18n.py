"""The console in Danish in real Chromium: errors in Danish, switching languages, the choice remembered."""

import pytest
from playwright.sync_api import expect

from channels.models import EntryPoint
from tests.factories import make_business_hours, make_flow

from .conftest import htmx_swap, login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def danish_page(browser, live_server, request):
    """A browser that asks for Danish (Accept-Language: da), as a Danish administrator's does."""
    context = browser.new_context(
        viewport={"width": 1360, "height": 900}, base_url=live_server.url, locale="da-DK"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: (
            violations.append(m.text) if m.type == "error" and "Content Security Policy" in m.text else None
        ),
    )
    yield page
    context.close()
    assert not violations, violations


def test_a_danish_administrator_creates_a_channel_with_mistakes_and_switches_language(
    danish_page, admin_user, org
):
    page = danish_page
    make_flow(org, name="Kontor_Flow", business_hours=make_business_hours(org, name="Kontor"))
    page.goto("/login/")
    expect(page.locator(".login-card h1")).to_have_text("Log på Kontaktcenterkonsollen")
    login(page, admin_user.username)
    expect(page.locator(".page-header h1")).to_have_text("Kanaler")

    page.goto("/channels/new/")
    page.fill("input[name=name]", "Med mellemrum")
    with htmx_swap(page, "type-fields"):
        page.select_option("select[name=channel_type]", "email")
    page.fill("input[name=service_level_threshold]", "0")
    page.get_by_role("button", name="Opret kanal", exact=True).click()
    expect(page.locator(".alert-danger").first).to_contain_text("Kanalen blev ikke gemt")
    expect(page.locator("#field-name .errorlist")).to_contain_text("fjern mellemrum")
    expect(page.locator("#field-service_level_threshold .errorlist")).to_have_text(
        "Angiv et helt antal sekunder på mindst 1."
    )
    expect(page.locator("#field-flow .errorlist")).to_have_text("Vælg kanalens ruteforløb.")
    expect(page.locator("input[name=name]")).to_have_value("Med mellemrum")
    assert not EntryPoint.objects.filter(name="Med mellemrum").exists()

    # English, from the user menu; then back to Danish.
    page.locator(".usermenu summary").click()
    page.locator(".usermenu button[name=language][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".page-header h1")).to_have_text("Create channel")
    page.locator(".usermenu summary").click()
    page.locator(".usermenu button[name=language][value=da]").click()
    expect(page.locator(".page-header h1")).to_have_text("Opret kanal")

    # English again, sign out: the choice is remembered on the account, on a fresh browser too.
    page.locator(".usermenu summary").click()
    page.locator(".usermenu button[name=language][value=en]").click()
    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    page.context.clear_cookies()
    page.goto("/login/")
    # A stranger (no cookie): Accept-Language decides.
    expect(page.locator(".login-card h1")).to_have_text("Log på Kontaktcenterkonsollen")
    login(page, admin_user.username)
    expect(page.locator(".page-header h1")).to_have_text("Channels")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_sign_in_page_switches_language_before_signing_in(danish_page):
    page = danish_page
    page.goto("/login/")
    page.locator(".login-card button[name=language][value=en]").click()
    expect(page.locator(".login-card h1")).to_have_text("Sign in to the Contact Center console")
    page.locator(".login-card button[name=language][value=da]").click()
    expect(page.locator("label[for=id_username]")).to_have_text("Brugernavn")
