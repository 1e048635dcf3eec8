"""What both benchmarks share: a throwaway Django on in-memory SQLite, and their test data's pieces."""

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


def start_django() -> None:
    """Set up Django on a fresh in-memory SQLite database (migrate it before use)."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "contactcenter.settings"
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

    import django

    django.setup()
