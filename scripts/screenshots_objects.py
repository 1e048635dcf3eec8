"""Screenshots of the object consoles (queues, flows, schedules, numbers, audio) for review.

Builds a throw-away demo database, serves it with runserver and photographs each page in
Chromium. Usage:  .venv/bin/python scripts/screenshots_objects.py [output directory]
(default /work/notes/shots/).
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/notes/shots")
PASSWORD = "screenshot-password-42"
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


def manage(env: dict, *args: str, wait: bool = True, **options):
    """Run manage.py with the project's interpreter (arguments are ours, never user input)."""
    command = [str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args]
    if not wait:
        return subprocess.Popen(command, cwd=ROOT, env=env, **options)  # noqa: S603
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **options)  # noqa: S603


def prepare(env: dict) -> None:
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", stdout=subprocess.DEVNULL)
    # An overnight shift, so the week view shows a spill onto the next day.
    script = (
        "from flows.models import BusinessHours; from flows.services import business_hours_update;"
        "s = BusinessHours.objects.get(name='Copenhagen office');"
        "rows = [dict(name=x.name, weekdays=x.weekdays, start_minute=x.start_minute, end_minute=x.end_minute)"
        " for x in s.shifts.all()];"
        "rows.append(dict(name='Late line', weekdays=['fri'], start_minute=21*60, end_minute=2*60));"
        "business_hours_update(business_hours=s, version=s.version, shifts=rows)"
    )
    manage(env, "shell", "-c", script, stdout=subprocess.DEVNULL)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="cc-shots-"))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DEMO_PASSWORD": PASSWORD,
    }
    prepare(env)
    port = free_port()
    server = manage(
        env,
        "runserver",
        "--noreload",
        f"127.0.0.1:{port}",
        wait=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urlopen(f"{base}/login/", timeout=1)  # noqa: S310 (a local URL)
                break
            except OSError:
                time.sleep(0.2)
        shoot(base)
    finally:
        server.terminate()
        server.wait(timeout=10)


def shoot(base: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900}, base_url=base)
        page.goto("/login/")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")

        def snap(name: str, full: bool = True) -> None:
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)
            print("saved", OUT / f"{name}.png")

        for name, url in [
            ("list_queues", "/queues/"),
            ("list_flows", "/flows/"),
            ("list_business_hours", "/business-hours/"),
            ("list_holiday_lists", "/holiday-lists/"),
            ("list_override_lists", "/override-lists/"),
            ("list_numbers", "/numbers/"),
            ("list_audio", "/audio-files/"),
        ]:
            page.goto(url)
            snap(name)

        page.goto("/queues/")
        page.click("text=Support_DK")
        snap("queue_detail")
        page.goto("/flows/")
        page.click("text=Main_IVR")
        page.click("#delete-button")
        snap("flow_delete_dialog", full=False)

        page.goto("/business-hours/")
        page.click("text=Copenhagen office")
        snap("business_hours_week_view")
        # Provoke an overlap: Saturday's shift moved onto Friday afternoon.
        page.locator("[data-row]").nth(1).locator("label:has-text('Fri')").click()
        page.click("#submit-button")
        page.locator(".row-errors").first.wait_for()
        snap("business_hours_overlap")

        page.goto("/holiday-lists/")
        page.click("text=Danish public holidays")
        snap("holiday_list_detail")
        page.goto("/override-lists/")
        page.click("text=Extraordinary hours")
        snap("override_list_detail")

        page.goto("/numbers/bulk/")
        page.fill("textarea[name=text]", "+45 33 99 88 77\n+45 12\n+1 (800) 555-0199\n")
        page.click("button:has-text('Add numbers')")
        page.locator("#bulk-result").wait_for()
        snap("numbers_bulk_result")

        page.goto("/audio-files/")
        page.click("text=Queue_music.wav")
        snap("audio_detail")
        browser.close()


if __name__ == "__main__":
    main()
