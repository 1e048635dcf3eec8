"""Real servers for tests whose requests must really run at the same time (the in-memory test database
has one shared connection): `manage.py runserver` on a throwaway SQLite file, as `make run` serves;
gunicorn, as production serves; a redis-server of the test's own."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sqlite_env(folder: Path, **extra: str) -> dict:
    """The environment of a development server on its own SQLite file in `folder`."""
    return {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        **extra,
    }


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


@contextmanager
def runserver(env: dict) -> Iterator[str]:
    """Serve env's (migrated) database with runserver, threaded as in `make run`; yields its URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(f"{url}/login/", time.monotonic() + 30)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def redis_server() -> Iterator[dict]:
    """A redis-server of the test's own on a free port (never the shared one); yields url and stop()."""
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def stop() -> None:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)

    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("redis-server did not start")
            time.sleep(0.05)
        yield {"url": f"redis://127.0.0.1:{port}/0", "port": port, "stop": stop}
    finally:
        stop()


@contextmanager
def gunicorn(env: dict, *, workers: int = 2, log: Path | None = None) -> Iterator[str]:
    """Serve the project with gunicorn (as in production: several worker processes); yields its URL.

    Its output (the request log among it) goes to `log` if given.
    """
    port = free_port()
    output = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "contactcenter.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=output,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(f"{url}/healthz", time.monotonic() + 60)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        if log:
            output.close()


SEED = """
import json
from contactcenter.choices import Role
from contactcenter.tokens import api_token_create
from tests.factories import PASSWORD, make_organization, make_user

org = make_organization("Two servers")
admin = make_user(org, Role.ADMIN, username="ops")
secrets = [api_token_create(user=admin, name=f"servers {n}")[1] for n in range(2)]
print(json.dumps({"username": "ops", "password": PASSWORD, "secrets": secrets}))
"""


def seed(env: dict) -> dict:
    """An organization with an administrator `ops` and two API tokens, in env's database (as JSON)."""
    import json

    return json.loads(manage(env, "shell", "-c", SEED).strip().splitlines()[-1])


def database_url_of(settings_dict: dict) -> str:
    """The URL of a PostgreSQL database as Django's connection settings name it (the test database)."""
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"
