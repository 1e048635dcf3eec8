"""The embedded database under concurrent writers: `make run`'s threaded server, a real SQLite file."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WRITERS, CREATES = 8, 10

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def wait_for(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server at {url} did not start")


def test_eight_writers_at_once_all_succeed_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "API_RATE_LIMIT": "10000/minute",
    }
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "create_organization", "Busy Org")
    manage(env, "create_user", "writer", "Busy Org", "--role", "admin", "--password", "writer-pass-123")
    secret = manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        "from django.contrib.auth.models import User\n"
        "from contactcenter.tokens import api_token_create\n"
        "print(api_token_create(user=User.objects.get(username='writer'), name='load')[1])",
    ).strip()

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/login/", time.monotonic() + 30)
        statuses: list[int] = []
        lock = threading.Lock()
        start = threading.Barrier(WRITERS)

        def writer(number: int) -> None:
            start.wait()
            for index in range(CREATES):
                body = {
                    "name": f"Q_{number}_{index}",
                    "queue_type": "inbound",
                    "channel_type": "chat",
                    "service_level_threshold": 30,
                    "max_time_in_queue": 900,
                    "routing_type": "longest_available_agent",
                }
                request = urllib.request.Request(
                    f"{base}/api/v1/queues/",
                    data=json.dumps(body).encode(),
                    headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
                    method="POST",
                )
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        status = response.status
                except urllib.error.HTTPError as error:
                    status = error.code
                with lock:
                    statuses.append(status)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert statuses.count(201) == WRITERS * CREATES, sorted(set(statuses))
    count = manage(
        env, "shell", "-v", "0", "-c", "from queues.models import Queue; print(Queue.objects.count())"
    )
    assert int(count) == WRITERS * CREATES
