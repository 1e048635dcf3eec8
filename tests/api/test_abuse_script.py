"""The abuse script, run as a separate process against a running server: no 5xx, JSON under /api/."""

import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

from audio.models import AudioFile
from channels.models import EntryPoint
from contactcenter.choices import Role
from contactcenter.tokens import api_token_create
from flows.models import BusinessHours, Flow, HolidayList, OverrideList
from queues.models import Queue
from support_numbers.models import SupportNumber
from tests.factories import PASSWORD, make_organization, make_queue, make_user
from tests.servers import database_url_of, gunicorn, manage, runserver, sqlite_env

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "abuse.py"
MODELS = [EntryPoint, Queue, Flow, BusinessHours, HolidayList, OverrideList, SupportNumber, AudioFile]


def populate() -> dict:
    """An administrator and a viewer with tokens, and a queue of another organization."""
    org = make_organization("Abused Org")
    admin = make_user(org, Role.ADMIN, username="abuse-admin")
    viewer = make_user(org, Role.VIEWER, username="abuse-viewer")
    foreign = make_queue(make_organization("Other Org"))
    return {
        "token": api_token_create(user=admin, name="abuse")[1],
        "read_only_token": api_token_create(user=viewer, name="abuse viewer")[1],
        "username": admin.username,
        "password": PASSWORD,
        "foreign_id": str(foreign.pk),
    }


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def in_shell(env: dict, call: str):
    """The JSON result of one function of this module, run in `manage.py shell` against env's database."""
    code = f"import json\nfrom tests.api.test_abuse_script import {call.split('(')[0]}\nprint(json.dumps({call}))"
    return json.loads(manage(env, "shell", "-v", "0", "-c", code).strip().splitlines()[-1])


Console = tuple[str, dict, Callable[[], dict[str, int]]]


@pytest.fixture
def console(tmp_path) -> Iterator[Console]:
    """A running console (URL), what the script signs in with, and the object counts it must restore."""
    if connection.vendor == "postgresql":
        # As in production: gunicorn workers on the test database. (Django's live server would run in
        # this process, with the test's settings, and would not show what gunicorn itself does with
        # a request line of 10,000 characters: gunicorn.conf.py lets it through to the application.)
        env = sqlite_env(
            tmp_path, DATABASE_URL=database_url_of(connection.settings_dict), API_RATE_LIMIT="10000/minute"
        )
        # Made by a process of its own: its passwords hashed as the servers' settings hash them.
        data = in_shell(env, "populate()")
        with gunicorn(env, workers=3) as url:
            yield url, data, counts
        return
    # The SQLite test database lives in memory and the live server's threads share its one
    # connection, so the script's concurrent requests would trip over each other there. Serve a
    # database file with runserver instead, exactly as `make run` does.
    env = sqlite_env(tmp_path, API_RATE_LIMIT="10000/minute")
    manage(env, "migrate", "--noinput", "-v", "0")
    data = in_shell(env, "populate()")
    with runserver(env) as url:
        yield url, data, lambda: in_shell(env, "counts()")


# Transactional: the live server's threads see what populate() wrote.
@pytest.mark.django_db(transaction=True)
def test_the_abuse_script_finds_no_server_error_and_removes_what_it_made(console):
    url, data, count = console
    before = count()
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--url",
            url,
            "--token",
            data["token"],
            "--read-only-token",
            data["read_only_token"],
            "--username",
            data["username"],
            "--password",
            data["password"],
            "--foreign-id",
            data["foreign_id"],
            "--skip-throttle",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    out = result.stdout
    assert "Verdict: every check held" in out
    assert "5xx: 0." in out
    assert re.search(r"method +path +what is bad +stat +content type", out)
    # Rows of the table: the request, what is bad in it, the status and the content type.
    for row in [
        r"POST +/api/v1/queues/ +JSON body of 2 MiB, read-only +413 application/json",
        r"POST +/api/v1/audio-files/ +upload of 11 MiB \(audio limit \+1 MiB\) +413 application/json",
        r"POST +/api/v1/audio-files/ +20,000 multipart fields +400 application/json",
        r"POST +/api/v1/queues/ +\[ × 100,000 +400 application/json",
        r"DELETE +/api/v1/queues/0\.5/ +non-UUID id 0\.5, session +404 application/json",
        r"BREW +/api/v1/nothing-here/ +unknown path, odd method +404 application/json",
        r"POST +/api/v1/queues/ +session write without CSRF token +403 application/json",
        r"GET +/api/v1/queues/<id>/ +another organization's id +404 application/json",
        r"PATCH +/api/v1/queues/<id>/ +stale If-Match +412 application/json",
        r"PATCH +/api/v1/queues/<id>/ +stale version in the body +409 application/json",
        r"POST +/api/v1/queues/ +the same create again +400 application/json",
        r"POST +/api/v1/queues/ +8 creates at once +201 application/json",
        r"PATCH +/api/v1/queues/<id>/ +2 PATCHes with one If-Match at once +412 application/json",
        r"POST +/api/v1/audio-files/ +zero channels +400 application/json",
    ]:
        assert re.search(row, out), row
    assert "wrong password" not in out and "wrong token" not in out  # --skip-throttle
    # Everything it made is gone; the other organization's queue is untouched.
    assert count() == before
