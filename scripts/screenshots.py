"""Screenshots of the Channels console, taken in real Chromium against a freshly seeded database.

    .venv/bin/python scripts/screenshots.py [--out /work/notes/shots]

A throw-away SQLite database is migrated and loaded with `manage.py seed_demo`, a development
server is started on a free port, and Playwright saves one PNG per screen: the list (also searched,
filtered to nothing, and of an organization without channels), the create form for every channel
type, a form with errors, detail pages, the delete dialog and a viewer's read-only pages. The server
and the database are removed afterwards.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PASSWORD = "screenshots-only-password-1"
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603 (our manage.py)


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a local URL we built)
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"The development server did not answer at {url}")


def login(page, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/channels/")


def choose_type(page, channel_type: str) -> None:
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.request.headers.get("hx-target") == "type-fields"
    ):
        page.select_option("select[name=channel_type]", channel_type)
    page.wait_for_selector("#id_timezone")


def take(page, out: Path, name: str, full_page: bool = True) -> None:
    path = out / f"channels-{name}.png"
    page.wait_for_load_state("networkidle")
    if full_page:
        # A full-page shot of a scrolled page would paint the sticky top bar mid-page.
        page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=full_page)
    print(f"saved {path}")


def shoot(base_url: str, out: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1360, "height": 860}, base_url=base_url)
        page = context.new_page()
        login(page, "admin")
        take(page, out, "01-list")

        page.fill("input[name=q]", "support")
        expect(page).to_have_url(f"{base_url}/channels/?q=support")
        take(page, out, "02-list-search", full_page=False)
        page.goto("/channels/?q=nothing-like-this")
        take(page, out, "03-list-no-results", full_page=False)

        page.goto("/channels/new/")
        take(page, out, "10-create-empty", full_page=False)
        for index, channel_type in enumerate(
            ("chat", "email", "social", "inbound_telephony", "outbound_telephony"), start=11
        ):
            page.goto("/channels/new/")
            page.fill("input[name=name]", f"New_{channel_type}")
            page.fill("textarea[name=description]", "Created for the screenshots.")
            choose_type(page, channel_type)
            page.fill("input[name=service_level_threshold]", "300")
            if channel_type == "social":
                page.select_option("select[name=social_channel_type]", "whatsapp")
            if channel_type == "inbound_telephony":
                page.locator("input[name=support_numbers]").first.check()
            take(page, out, f"{index}-create-{channel_type}")

        page.goto("/channels/new/")
        choose_type(page, "outbound_telephony")
        strategy = page.locator("select[name=flow] option", has_text="routing strategy").first.get_attribute(
            "value"
        )
        with page.expect_response(lambda r: r.request.headers.get("hx-target") == "type-fields"):
            page.select_option("select[name=flow]", strategy)
        expect(page.locator("#strategy-note")).to_be_visible()
        take(page, out, "16-create-outbound-strategy")

        page.goto("/channels/new/")
        page.fill("input[name=name]", "A" * 81)
        choose_type(page, "chat")
        page.fill("input[name=timezone]", "Mars/Olympus_Mons")
        page.fill("input[name=service_level_threshold]", "90000")
        page.click("#submit-button")
        expect(page.locator("#form-errors")).to_be_visible()
        take(page, out, "20-form-errors")

        page.goto("/channels/")
        page.click("text=Support_Hotline")
        take(page, out, "30-detail-inbound")
        page.click("#deactivate-button")
        expect(page.locator("#activate-button")).to_be_visible()
        page.click("#delete-button")
        expect(page.locator("#delete-dialog")).to_be_visible()
        take(page, out, "31-delete-dialog", full_page=False)

        page.goto("/channels/")
        page.click("text=Outdial Transfer to Queue")
        take(page, out, "32-detail-system-channel")

        context.close()
        context = browser.new_context(viewport={"width": 1360, "height": 860}, base_url=base_url)
        page = context.new_page()
        login(page, "support")
        take(page, out, "40-viewer-list")
        page.click("text=Outbound_Campaigns")
        take(page, out, "41-viewer-detail")

        context.close()
        context = browser.new_context(viewport={"width": 1360, "height": 860}, base_url=base_url)
        page = context.new_page()
        login(page, "newcomer")
        take(page, out, "42-empty-organization", full_page=False)

        context.close()
        context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base_url)
        page = context.new_page()
        login(page, "admin")
        take(page, out, "50-mobile-list", full_page=False)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/work/notes/shots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="cc-shots-") as workdir:
        env = {
            **os.environ,
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{workdir}/shots.sqlite3",
            "DJANGO_MEDIA_ROOT": f"{workdir}/media",
            "DEMO_PASSWORD": PASSWORD,
        }
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo")
        # A second organization with nothing but its system channel, for the empty state.
        manage(env, "create_organization", "Fresh Start Ltd")
        manage(env, "create_user", "newcomer", "Fresh Start Ltd", "--role", "admin", "--password", PASSWORD)
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_for(f"{base_url}/login/")
            shoot(base_url, args.out)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
