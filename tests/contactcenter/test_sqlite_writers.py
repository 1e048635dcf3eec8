"""The embedded database under concurrent writers: `make run`'s threaded server, a real SQLite file."""

import json
import threading
import urllib.error
import urllib.request

import pytest

from tests.servers import manage, runserver, sqlite_env

WRITERS, CREATES = 8, 4

pytestmark = pytest.mark.slow


def test_eight_writers_at_once_all_succeed_on_sqlite(tmp_path):
    env = sqlite_env(tmp_path, API_RATE_LIMIT="10000/minute")
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

    with runserver(env) as base:
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
    assert statuses.count(201) == WRITERS * CREATES, sorted(set(statuses))
    count = manage(
        env, "shell", "-v", "0", "-c", "from queues.models import Queue; print(Queue.objects.count())"
    )
    assert int(count) == WRITERS * CREATES
