"""Load test: two gunicorn servers (two workers each) on one PostgreSQL database and one Redis,
driven for 60 s at a fixed concurrency with a console's and a script's realistic mix.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cc_load python benchmarks/load.py [--seconds 60] [--concurrency 8]

The database is migrated and a fresh organization seeded (its objects made through the services);
a redis-server of its own runs on a free port. The servers run as in production (DJANGO_DEBUG off,
after `collectstatic`), except that HTTPS is not required and the API rate limit is lifted. Each
client thread alternates the two servers; the mix, by weight: API lists (4), console list pages (3),
detail pages and API objects (3), a create → update (If-Match) → delete cycle of a queue (1 cycle,
3 requests) and Test routing (2). It prints requests/s, the p50/p95/p99 latency and the errors (any
answer other than the one expected, or a failed connection), and exits 1 if there was an error.
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import gunicorn, manage, redis_server  # noqa: E402

SEED = """
import json
from contactcenter.choices import Role
from contactcenter.tokens import api_token_create
from tests.factories import (
    PASSWORD, make_business_hours, make_entry_point, make_flow, make_organization, make_queue, make_user, unique,
)

org = make_organization(unique("Load "))
admin = make_user(org, Role.ADMIN, username=unique("load"))
hours = make_business_hours(org)
queues = [make_queue(org) for _ in range(30)]
flows = [make_flow(org, business_hours=hours, queue=queues[n]) for n in range(10)]
channels = [make_entry_point(org, "chat", flow=flows[n % 10]) for n in range(30)]
print(json.dumps({
    "username": admin.username,
    "password": PASSWORD,
    "secret": api_token_create(user=admin, name="load")[1],
    "queues": [str(q.pk) for q in queues],
    "channels": [str(c.pk) for c in channels],
}))
"""

QUEUE = {
    "queue_type": "inbound",
    "channel_type": "telephony",
    "service_level_threshold": 30,
    "max_time_in_queue": 600,
}


class Client:
    """One simulated user: a signed-in console session and an API token, on both servers in turn."""

    def __init__(self, urls: list[str], data: dict):
        self.urls, self.data = urls, data
        self.turn = random.randrange(len(urls))
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"Bearer {data['secret']}"
        self.console = requests.Session()
        url = urls[0]
        page = self.console.get(f"{url}/login/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        signed_in = self.console.post(
            f"{url}/login/",
            {"username": data["username"], "password": data["password"], "csrfmiddlewaretoken": csrf},
            allow_redirects=False,
        )
        assert signed_in.status_code == 302, signed_in.status_code

    def url(self) -> str:
        self.turn = (self.turn + 1) % len(self.urls)
        return self.urls[self.turn]

    def api_list(self):
        resource = random.choice(["queues", "flows", "entry-points", "business-hours", "audio-files"])
        yield self.api.get(f"{self.url()}/api/v1/{resource}/"), 200

    def console_list(self):
        yield self.console.get(f"{self.url()}/{random.choice(['channels', 'queues', 'flows'])}/"), 200

    def detail(self):
        if random.random() < 0.5:
            yield self.console.get(f"{self.url()}/channels/{random.choice(self.data['channels'])}/"), 200
        else:
            yield self.api.get(f"{self.url()}/api/v1/queues/{random.choice(self.data['queues'])}/"), 200

    def cycle(self):
        name = f"Load_{threading.get_ident()}_{time.monotonic_ns()}"
        created = self.api.post(f"{self.url()}/api/v1/queues/", json={"name": name, **QUEUE})
        yield created, 201
        if created.status_code != 201:
            return
        path = f"/api/v1/queues/{created.json()['id']}/"
        changed = self.api.patch(
            f"{self.url()}{path}",
            json={"description": "changed"},
            headers={"If-Match": created.headers["ETag"]},
        )
        yield changed, 200
        yield (
            self.api.delete(f"{self.url()}{path}", headers={"If-Match": changed.headers.get("ETag", "")}),
            204,
        )

    def routing(self):
        body = {"entry_point": random.choice(self.data["channels"]), "local_time": "2026-12-02T10:00"}
        yield self.api.post(f"{self.url()}/api/v1/routing/resolve/", json=body), 200


MIX = [("api_list", 4), ("console_list", 3), ("detail", 3), ("cycle", 1), ("routing", 2)]


def drive(client: Client, until: float, latencies: list, errors: Counter, lock: threading.Lock) -> None:
    actions, weights = zip(*MIX, strict=True)
    while time.monotonic() < until:
        action = random.choices(actions, weights)[0]
        steps = getattr(client, action)()
        while True:
            started = time.perf_counter()
            try:
                response, expected = next(steps)
            except StopIteration:
                break
            except requests.RequestException as error:
                with lock:
                    errors[f"{action}: {type(error).__name__}"] += 1
                break
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status_code != expected:
                    errors[f"{action}: {response.request.method} {response.status_code}"] += 1


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL database (it is migrated, and an organization added).")
        return 2

    with tempfile.TemporaryDirectory() as folder, redis_server() as redis:
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "load-test-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_STATIC_ROOT": str(Path(folder) / "static"),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis["url"],
            "API_RATE_LIMIT": "1000000/minute",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        print("migrate, collectstatic, seed …", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        seeded = manage(env, "shell", "-c", SEED).strip().splitlines()[-1]
        data = __import__("json").loads(seeded)
        with gunicorn(env, workers=args.workers) as a, gunicorn(env, workers=args.workers) as b:
            clients = [Client([a, b], data) for _ in range(args.concurrency)]
            latencies: list[float] = []
            errors: Counter = Counter()
            lock = threading.Lock()
            print(
                f"{args.seconds} s, {args.concurrency} clients, 2 servers × {args.workers} workers …",
                flush=True,
            )
            started = time.monotonic()
            until = started + args.seconds
            threads = [
                threading.Thread(target=drive, args=(client, until, latencies, errors, lock))
                for client in clients
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started

    count = len(latencies)
    print(f"requests     {count}")
    print(f"requests/s   {count / elapsed:.1f}")
    for label, share in (("p50", 50), ("p95", 95), ("p99", 99)):
        print(f"{label}          {percentile(latencies, share) * 1000:.0f} ms")
    print(f"errors       {sum(errors.values())}")
    for error, times in errors.most_common():
        print(f"  {times:5d}  {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
