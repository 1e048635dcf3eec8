"""What the benchmarks share: a throwaway Django database (in-memory SQLite unless told), and their test
data's pieces."""

import datetime
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where a production-configured benchmark collects the static files (their manifest names every page's
# hashed files); reused by later runs. Delete it after changing a static file.
PRODUCTION_STATIC = Path(os.environ.get("BENCH_STATIC_ROOT", f"/tmp/contactcenter-bench-static-{ROOT.name}"))

ZONES = [
    "Europe/Copenhagen",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Europe/London",
    "America/Los_Angeles",
]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
D = datetime.date
# (name, start, end, repeats every year)
YEARLY_DANISH_HOLIDAYS = [
    ("Nytaarsdag", D(2025, 1, 1), D(2025, 1, 1), True),
    ("Grundlovsdag", D(2025, 6, 5), D(2025, 6, 5), True),
    ("Juleaften", D(2025, 12, 24), D(2025, 12, 24), True),
    ("Juledag", D(2025, 12, 25), D(2025, 12, 25), True),
    ("Anden juledag", D(2025, 12, 26), D(2025, 12, 26), True),
    ("Nytaarsaften", D(2025, 12, 31), D(2025, 12, 31), True),
]


def start_django(
    database_url: str = "sqlite://:memory:", *, drop: bool = True, production: bool = False
) -> None:
    """Set up Django on a fresh database (migrate it before use): in-memory SQLite, or the database that
    `database_url` names, dropped if it exists and created anew (so give a scratch database's name).

    `production` runs Django as it serves in production: DEBUG off (so no query log, no template debug
    information), the hashed static files of `collectstatic` (built once into PRODUCTION_STATIC), the same
    middleware; the test client's host allowed. Requests must then say `secure=True` (HTTPS redirect)."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "contactcenter.settings"
    if production:
        os.environ["DJANGO_DEBUG"] = "0"
        os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-" + "x" * 50)
        os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
        os.environ["DJANGO_STATIC_ROOT"] = str(PRODUCTION_STATIC)
    else:
        os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

    import django

    django.setup()

    if production and not (PRODUCTION_STATIC / "staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)

    from django.db import connection

    if drop and connection.vendor != "sqlite":
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
            cursor.execute(f"CREATE DATABASE {name}")
