"""What the benchmarks share: a throwaway Django database (in-memory SQLite unless told), and their test
data's pieces."""

import datetime
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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


def start_django(database_url: str = "sqlite://:memory:", *, drop: bool = True) -> None:
    """Set up Django on a fresh database (migrate it before use): in-memory SQLite, or the database that
    `database_url` names, dropped if it exists and created anew (so give a scratch database's name)."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "contactcenter.settings"
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

    import django

    django.setup()

    from django.db import connection

    if drop and connection.vendor != "sqlite":
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
            cursor.execute(f"CREATE DATABASE {name}")
