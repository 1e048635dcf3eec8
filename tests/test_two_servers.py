"""Two gunicorn servers, one console: PostgreSQL (or the SQLite file) and Redis hold all shared state.

Each server runs two worker processes, as production does, so anything counted or kept in a process
would show. The servers use the test database (PostgreSQL: pytest-django's, which a transaction=True
test commits to; SQLite: the in-memory test database cannot be shared, so a migrated file of the
test's own, which both servers open in WAL mode) and a redis-server started for the test alone.
They run with DJANGO_DEBUG on only to skip `collectstatic` (25 s); everything else is production's.
"""

import json
import re

import pytest
import requests
from django.db import connection

from tests.factories import wav_bytes
from tests.servers import database_url_of, gunicorn, manage, redis_server, seed, sqlite_env

pytestmark = pytest.mark.django_db(transaction=True)

RATE_LIMIT = 12
LOGIN_FAILURE_LIMIT = 3
QUEUE = {
    "name": "Across_servers",
    "queue_type": "inbound",
    "channel_type": "telephony",
    "service_level_threshold": 30,
    "max_time_in_queue": 600,
}


@pytest.fixture
def servers(tmp_path):
    if connection.vendor == "postgresql":
        database = {"DATABASE_URL": database_url_of(connection.settings_dict)}
    else:
        database = {"DATABASE_URL": sqlite_env(tmp_path)["DATABASE_URL"]}
    with redis_server() as redis:
        env = sqlite_env(
            tmp_path,
            **database,
            REDIS_URL=redis["url"],
            API_RATE_LIMIT=f"{RATE_LIMIT}/minute",
            LOGIN_FAILURE_LIMIT=str(LOGIN_FAILURE_LIMIT),
            DJANGO_LOG_FORMAT="json",
            DJANGO_CONN_MAX_AGE="0",
        )
        if connection.vendor != "postgresql":
            manage(env, "migrate", "--noinput")
        data = seed(env)
        with (
            gunicorn(env, log=tmp_path / "a.log") as a,
            gunicorn(env, log=tmp_path / "b.log") as b,
        ):
            yield {"a": a, "b": b, "redis": redis, "logs": (tmp_path / "a.log", tmp_path / "b.log"), **data}


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def sign_in(session: requests.Session, url: str, username: str, password: str) -> requests.Response:
    page = session.get(f"{url}/login/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(
        f"{url}/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf},
        allow_redirects=False,
    )


def test_two_servers_behave_as_one(servers):
    a, b = servers["a"], servers["b"]
    auth = bearer(servers["secrets"][0])

    # The rate limit of one token holds across both: exactly RATE_LIMIT answers in total, not per process.
    limited = bearer(servers["secrets"][1])
    statuses = [
        requests.get(f"{url}/api/v1/queues/", headers=limited).status_code for url in [a, b] * RATE_LIMIT
    ]
    assert statuses.count(200) == RATE_LIMIT, statuses
    assert set(statuses[RATE_LIMIT:]) == {429}

    # A session made on one server works on the other.
    session = requests.Session()
    assert sign_in(session, a, servers["username"], servers["password"]).status_code == 302
    other = requests.Session()
    other.cookies.update(session.cookies)
    page = other.get(f"{b}/queues/", allow_redirects=False)
    assert page.status_code == 200 and "Two servers" in page.text

    # An audio file uploaded through one downloads byte-identical through the other, API and console.
    recording = wav_bytes(1.0)
    upload = requests.post(
        f"{a}/api/v1/audio-files/",
        headers=auth,
        data={"name": "Across.wav"},
        files={"file": ("across.wav", recording, "audio/wav")},
    )
    assert upload.status_code == 201, upload.text
    audio_id = upload.json()["id"]
    download = requests.get(f"{b}/api/v1/audio-files/{audio_id}/download/", headers=auth)
    assert download.status_code == 200
    assert (download.headers["Content-Type"], download.headers["Content-Length"]) == (
        "audio/wav",
        str(len(recording)),
    )
    assert download.content == recording
    played = other.get(f"{b}/audio-files/{audio_id}/file.wav")
    assert played.status_code == 200 and played.content == recording

    # A version conflict across servers is a 412.
    created = requests.post(f"{a}/api/v1/queues/", headers=auth, json=QUEUE)
    assert created.status_code == 201, created.text
    queue = f"/api/v1/queues/{created.json()['id']}/"
    first = created.headers["ETag"]
    changed = requests.patch(f"{b}{queue}", headers={**auth, "If-Match": first}, json={"description": "by B"})
    assert changed.status_code == 200
    stale = requests.patch(f"{a}{queue}", headers={**auth, "If-Match": first}, json={"description": "by A"})
    assert stale.status_code == 412
    assert requests.get(f"{a}{queue}", headers=auth).json()["description"] == "by B"

    # Sign-in throttling counts the attempts made on both servers.
    guesser = requests.Session()
    failures = [sign_in(guesser, url, servers["username"], "wrong").status_code for url in (a, b, a)]
    assert failures == [200, 200, 429]
    assert sign_in(guesser, b, servers["username"], servers["password"]).status_code == 429

    # A request id is kept, echoed and logged as JSON by the server that answered.
    echoed = requests.get(f"{a}/healthz", headers={"X-Request-ID": "two-servers-1"})
    assert echoed.headers["X-Request-ID"] == "two-servers-1"

    # Ready on both; once the test's Redis stops, not ready, while the API and the console still answer.
    for url in (a, b):
        assert requests.get(f"{url}/readyz").json() == {
            "status": "ok",
            "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
        }
    servers["redis"]["stop"]()
    for url in (a, b):
        ready = requests.get(f"{url}/readyz")
        assert ready.status_code == 503
        assert ready.json()["failed"] == ["cache"]
        for _ in range(3):
            assert requests.get(f"{url}/api/v1/queues/", headers=auth).status_code == 200
        assert other.get(f"{url}/queues/", allow_redirects=False).status_code == 200
    assert (
        requests.post(f"{b}/api/v1/queues/", headers=auth, json={**QUEUE, "name": "In_outage"}).status_code
        == 201
    )

    lines = [
        json.loads(line)
        for path in servers["logs"]
        for line in path.read_text().splitlines()
        if line.startswith("{")
    ]
    [logged] = [line for line in lines if line.get("request_id") == "two-servers-1"]
    assert (logged["path"], logged["status"], logged["logger"]) == ("/healthz", 200, "contactcenter.request")
    outage_errors = [
        line for line in lines if line["logger"] == "contactcenter.cache" and line["level"] == "ERROR"
    ]
    # Once per process (two workers on each of two servers) at most, not once per request.
    assert 1 <= len(outage_errors) <= 4
