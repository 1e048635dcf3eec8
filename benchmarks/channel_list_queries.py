"""How many SQL queries the Channels list runs, and how long it takes, with and without "Open now".

Run with `make benchmark-list` (or `make benchmark`, which runs both benchmarks; not part of the test
suite). It builds a throwaway in-memory SQLite database with first 5, then 500 channels, each with its
OWN flow and business hours (nothing shared between rows, so a query per row would show), half of the
schedules with the Danish holidays and a third with an override list, over six time zones. It then
requests the Channels list page (`/channels/`) through Django's test client, signed in as an
administrator, and prints the queries and the time:

- with the "Open now" column (the page as shipped) and without it (the column's computation turned
  off: `EntryPointListView.open_now = False`);
- on the default page of 25 rows, and with every row on one page (the page size raised to 1,000).

The number of queries is the same for 5 channels and for 500, and the column adds three, whatever the
number of rows: the schedules and their holiday and override lists come joined to the channels, and
their shifts, holidays and overrides are read once each for the whole page. Exit status 1 if that does
not hold.
"""

import datetime
import statistics
import sys
import time

from bench_setup import WEEKDAYS, YEARLY_DANISH_HOLIDAYS, ZONES, start_django

start_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from channels.models import EntryPoint  # noqa: E402
from channels.views import EntryPointListView  # noqa: E402
from contactcenter.choices import Role  # noqa: E402
from contactcenter.services import membership_create, organization_create  # noqa: E402
from flows.models import (  # noqa: E402
    BusinessHours,
    Flow,
    Holiday,
    HolidayList,
    Override,
    OverrideList,
    Shift,
)

SIZES = (5, 500)
RUNS = 7
COLUMN_QUERIES = 3  # the page's shifts, holidays and overrides


@transaction.atomic
def build_organization():
    organization = organization_create(name="Benchmark", timezone="Europe/Copenhagen")
    user = membership_create(
        organization=organization, username="bench", password="benchmark-only-password-1", role=Role.ADMIN
    ).user
    holidays = HolidayList.objects.create(organization=organization, name="Danish holidays")
    Holiday.objects.bulk_create(
        Holiday(holiday_list=holidays, name=name, start_date=start, end_date=end, repeats_yearly=yearly)
        for name, start, end, yearly in YEARLY_DANISH_HOLIDAYS
    )
    overrides = OverrideList.objects.create(organization=organization, name="Overrides")
    Override.objects.create(
        override_list=overrides,
        name="Staff party",
        start=datetime.datetime(2025, 12, 19, 12),
        end=datetime.datetime(2025, 12, 19, 23, 59),
        state="closed",
    )
    return organization, user, holidays, overrides


@transaction.atomic
def add_channels(organization, holidays, overrides, first: int, count: int) -> None:
    numbers = range(first, first + count)
    schedules = BusinessHours.objects.bulk_create(
        BusinessHours(
            organization=organization,
            name=f"Hours {n}",
            holiday_list=holidays if n % 2 == 0 else None,
            override_list=overrides if n % 3 == 0 else None,
        )
        for n in numbers
    )
    Shift.objects.bulk_create(
        shift
        for n, schedule in zip(numbers, schedules, strict=True)
        for shift in (
            Shift(
                business_hours=schedule,
                name="Weekdays",
                weekdays=WEEKDAYS,
                start_minute=420 + n % 5 * 30,
                end_minute=1020,
            ),
            Shift(
                business_hours=schedule, name="Saturday", weekdays=["sat"], start_minute=600, end_minute=840
            ),
        )
    )
    flows = Flow.objects.bulk_create(
        Flow(organization=organization, name=f"Flow_{n}", business_hours=schedule)
        for n, schedule in zip(numbers, schedules, strict=True)
    )
    EntryPoint.objects.bulk_create(
        EntryPoint(
            organization=organization,
            name=f"Channel_{n:04d}",
            channel_type="chat",
            timezone=ZONES[n % len(ZONES)],
            service_level_threshold=30,
            flow=flow,
        )
        for n, flow in zip(numbers, flows, strict=True)
    )


def measure(client: Client, *, open_now: bool, page_size: int) -> tuple[int, int, list[float]]:
    """(queries, rows shown, milliseconds of each run) of GET /channels/."""
    EntryPointListView.open_now = open_now
    EntryPointListView.paginate_by = page_size
    try:
        reset_queries()  # DEBUG keeps the last 9,000 queries; a full log would hide new ones
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/channels/")
        assert response.status_code == 200, response.status_code
        rows = len(response.context["object_list"])
        shown = response.content.count(b'class="open-now-col"')
        assert shown == (rows if open_now else 0), (shown, rows)
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            client.get("/channels/")
            times.append((time.perf_counter() - started) * 1000)
    finally:
        EntryPointListView.open_now = True
        EntryPointListView.paginate_by = 25
    return len(queries), rows, times


def main() -> int:
    setup_test_environment()  # the test client's host, and query capture without DEBUG tricks
    call_command("migrate", verbosity=0)
    organization, user, holidays, overrides = build_organization()
    client = Client()
    client.force_login(user)

    results = {}
    created = 0
    for size in SIZES:
        add_channels(organization, holidays, overrides, created, size - created)
        created = size
        for page_size in (25, 1000):
            for open_now in (True, False):
                results[size, page_size, open_now] = measure(client, open_now=open_now, page_size=page_size)

    print(
        f"Channels list queries: {SIZES[0]} and {SIZES[-1]} channels (plus the system channel), each with its own "
        f"flow and business hours, {len(ZONES)} zones; GET /channels/ as an administrator, best and median of {RUNS}"
    )
    for page_size, label in ((25, "default page (25 rows)"), (1000, "every row on one page")):
        print(f"  {label}:")
        for size in SIZES:
            for open_now in (True, False):
                queries, rows, times = results[size, page_size, open_now]
                column = "with Open now   " if open_now else "without Open now"
                print(
                    f"    {size:>4} channels, {rows:>3} rows shown, {column}: {queries:>2} queries   "
                    f"best {min(times):7.1f} ms   median {statistics.median(times):7.1f} ms"
                )

    # What each page costs without the column, and what the column adds to it.
    without = {queries for (size, page_size, open_now), (queries, _, _) in results.items() if not open_now}
    added = {
        results[size, page_size, True][0] - results[size, page_size, False][0]
        for size, page_size, _open_now in results
    }
    if len(without) == 1 and added == {COLUMN_QUERIES}:
        print(
            f"Result: {without.pop()} queries for 5 and for 500 channels without Open now, on both page sizes, "
            f"and {COLUMN_QUERIES} more with it: the column costs no query per row."
        )
        return 0
    print("Result: FAILED: the number of queries depends on the number of rows.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
