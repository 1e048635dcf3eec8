"""Real-browser fixtures: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself (setting up data) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("REQUIRE_BROWSER") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, request, live_server):
    context = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Every browser test also checks the Content-Security-Policy: Chromium reports each refused
    # script, style or eval on the console, and any such report fails the test.
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.csp_violations = violations
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


def login(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


# Counts htmx's afterSettle events per swapped element id. htmx binds the behaviour of swapped-in
# elements only when the swap settles (20 ms after it), so a test that acts on the new content as
# soon as the response arrives can act on an element htmx has not wired yet.
_COUNT_SETTLES = """id => {
  if (!window.__settles) {
    window.__settles = {};
    document.addEventListener("htmx:afterSettle", event => {
      const key = event.target.id || "";
      window.__settles[key] = (window.__settles[key] || 0) + 1;
    });
  }
  return window.__settles[id] || 0;
}"""


@contextmanager
def htmx_swap(page, target_id: str):
    """Do what makes htmx swap the element `#target_id`, then wait until the new content is live."""
    before = page.evaluate(_COUNT_SETTLES, target_id)
    yield
    page.wait_for_function(
        "([id, before]) => window.__settles && (window.__settles[id] || 0) > before",
        arg=[target_id, before],
    )
