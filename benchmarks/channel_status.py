"""How long the "Open now" status of 1,000 channels takes.

Run with `make benchmark` (not part of the test suite). It builds a throwaway in-memory SQLite
database with 1,000 channels, each with its OWN flow and business hours (the worst case: nothing is
shared between rows), realistic shifts, the Danish public holidays and an override list, spread over
six time zones. It then times, best of several runs:

- loading the channels the way a list page does (`with_schedules`: four queries, the schedules and their
  holiday and override lists joined, then their shifts, holidays and overrides), for reference;
- `channel_statuses()` on the loaded channels: building every schedule from its prefetched rows (a
  shared holiday or override list once) and computing every status, which is what a list page pays per
  request on top of loading: this is the number held to the 50 ms budget;
- the engine alone (`status_at`) on 1,000 fresh schedules and on warm ones.

Exit status 1 when the budgeted number is over 50 ms.
"""

import datetime
import os
import platform
import statistics
import sys
import time

from bench_setup import WEEKDAYS, YEARLY_DANISH_HOLIDAYS, ZONES, D, start_django

start_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from channels.models import EntryPoint  # noqa: E402
from channels.selectors import channel_statuses, with_schedules  # noqa: E402
from contactcenter.services import organization_create  # noqa: E402
from flows.models import (  # noqa: E402
    BusinessHours,
    Flow,
    Holiday,
    HolidayList,
    Override,
    OverrideList,
    Shift,
)
from flows.schedule import status_at, zone  # noqa: E402
from flows.snapshots import schedule_of  # noqa: E402

CHANNELS = 1_000
RUNS = 9
BUDGET_MS = 50.0
# A Monday morning in Copenhagen two days before Christmas Eve: some channels open, some not.
INSTANT = datetime.datetime(2025, 12, 22, 8, 30, tzinfo=datetime.UTC)

# The yearly ones, and the moving feasts of two years.
DANISH_HOLIDAYS = [
    *YEARLY_DANISH_HOLIDAYS,
    ("Paaske 2025", D(2025, 4, 17), D(2025, 4, 21), False),
    ("Kristi himmelfart 2025", D(2025, 5, 29), D(2025, 5, 29), False),
    ("Pinse 2025", D(2025, 6, 8), D(2025, 6, 9), False),
    ("Paaske 2026", D(2026, 4, 2), D(2026, 4, 6), False),
    ("Kristi himmelfart 2026", D(2026, 5, 14), D(2026, 5, 14), False),
    ("Pinse 2026", D(2026, 5, 24), D(2026, 5, 25), False),
]


def shifts_for(n: int) -> list[dict]:
    """A few realistic patterns: office hours, long days with Saturday, and 24/7 with a night shift."""
    pattern = n % 4
    start = 420 + (n % 5) * 30
    if pattern == 0:
        return [{"name": "Weekdays", "weekdays": WEEKDAYS, "start_minute": start, "end_minute": 1020}]
    if pattern == 1:
        return [
            {"name": "Weekdays", "weekdays": WEEKDAYS, "start_minute": start, "end_minute": 1200},
            {"name": "Saturday", "weekdays": ["sat"], "start_minute": 600, "end_minute": 960},
        ]
    if pattern == 2:
        return [
            {"name": "Day", "weekdays": [*WEEKDAYS, "sat", "sun"], "start_minute": 360, "end_minute": 1320},
            {"name": "Night", "weekdays": [*WEEKDAYS, "sat", "sun"], "start_minute": 1320, "end_minute": 360},
        ]
    return [
        {"name": "Morning", "weekdays": WEEKDAYS, "start_minute": start, "end_minute": 720},
        {"name": "Afternoon", "weekdays": WEEKDAYS, "start_minute": 780, "end_minute": 1080},
    ]


@transaction.atomic
def build() -> None:
    organization = organization_create(name="Benchmark", timezone="Europe/Copenhagen")
    holiday_list = HolidayList.objects.create(organization=organization, name="Danish holidays")
    Holiday.objects.bulk_create(
        Holiday(holiday_list=holiday_list, name=name, start_date=start, end_date=end, repeats_yearly=yearly)
        for name, start, end, yearly in DANISH_HOLIDAYS
    )
    override_list = OverrideList.objects.create(organization=organization, name="Overrides")
    Override.objects.bulk_create(
        [
            Override(
                override_list=override_list,
                name="Staff party",
                start=datetime.datetime(2025, 12, 19, 12),
                end=datetime.datetime(2025, 12, 19, 23, 59),
                state="closed",
            ),
            Override(
                override_list=override_list,
                name="Extra Sunday",
                start=datetime.datetime(2025, 12, 21, 10),
                end=datetime.datetime(2025, 12, 21, 16),
                state="open",
            ),
        ]
    )
    hours = BusinessHours.objects.bulk_create(
        BusinessHours(
            organization=organization,
            name=f"Hours {n}",
            holiday_list=holiday_list if n % 5 else None,
            override_list=override_list if n % 3 == 0 else None,
        )
        for n in range(CHANNELS)
    )
    Shift.objects.bulk_create(
        Shift(business_hours=schedule, **shift) for n, schedule in enumerate(hours) for shift in shifts_for(n)
    )
    flows = Flow.objects.bulk_create(
        Flow(organization=organization, name=f"Flow_{n}", business_hours=schedule)
        for n, schedule in enumerate(hours)
    )
    EntryPoint.objects.bulk_create(
        EntryPoint(
            organization=organization,
            name=f"Channel_{n}",
            channel_type="chat",
            timezone=ZONES[n % len(ZONES)],
            service_level_threshold=30,
            flow=flow,
        )
        for n, flow in enumerate(flows)
    )


def load() -> list:
    return list(with_schedules(EntryPoint.objects.filter(flow__isnull=False).with_list_data()))


def timed(function, runs: int = RUNS, prepare=None) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each run; `prepare` (untimed) makes fresh inputs for each run.

    CPU time is shown beside wall time because other processes on a busy machine stretch the latter.
    """
    wall, cpu = [], []
    for _ in range(runs):
        argument = prepare() if prepare else None
        started, started_cpu = time.perf_counter(), time.process_time()
        function(argument)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def line(label: str, runs: tuple[list[float], list[float]]) -> str:
    wall, cpu = runs
    return (
        f"  {label:<48} best {min(wall):6.1f} ms   median {statistics.median(wall):6.1f} ms"
        f"   (CPU best {min(cpu):6.1f} ms)"
    )


def main() -> int:
    call_command("migrate", verbosity=0)
    build()
    with CaptureQueriesContext(connection) as queries:
        entry_points = load()
    assert len(entry_points) == CHANNELS

    loaded = timed(lambda _: load())
    statuses_runs = timed(lambda channels: channel_statuses(channels, INSTANT), prepare=load)

    pairs = [(entry_point.flow.business_hours, zone(entry_point.timezone)) for entry_point in entry_points]

    def fresh_schedules():
        return [(schedule_of(hours), tz) for hours, tz in pairs]

    def engine(schedules):
        for schedule, tz in schedules:
            status_at(schedule, INSTANT, tz)

    cold = timed(engine, prepare=fresh_schedules)
    warm_schedules = fresh_schedules()
    warm = timed(engine, prepare=lambda: warm_schedules)

    statuses = channel_statuses(entry_points, INSTANT)
    open_now = sum(status.is_open for status in statuses.values())
    example = statuses[entry_points[0].pk]

    print(
        f"Channel status benchmark: {CHANNELS:,} channels, each with its own schedule, {len(ZONES)} zones "
        f"(Python {platform.python_version()}, {os.cpu_count()} CPUs), instant {INSTANT.isoformat()}"
    )
    print(line(f"load channels with schedules ({len(queries.captured_queries)} queries)", loaded))
    print(line("channel_statuses() on loaded channels  [budget]", statuses_runs))
    print(line("engine only: status_at, fresh schedules", cold))
    print(line("engine only: status_at, warm schedules", warm))
    print(
        f"  {open_now} of {CHANNELS} open; e.g. {entry_points[0].name} ({entry_points[0].timezone}): "
        f"{example.label()}"
    )
    best = min(statuses_runs[0])
    print(f"  load average while running: {', '.join(f'{value:.1f}' for value in os.getloadavg())}")
    verdict = "under" if best < BUDGET_MS else "OVER"
    print(
        f"Result: {best:.1f} ms for {CHANNELS:,} channel statuses: {verdict} the {BUDGET_MS:.0f} ms budget."
    )
    return 0 if best < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
