"""The Channels list's "Open now": JSON snapshots of the rows, which it used to read, against plain
prefetch_related, which it reads now.

Until migration flows 0003, each schedule, holiday list and override list kept a JSON copy of its rows
(``shift_rules``, ``holiday_rules``, ``override_rules``, rewritten by signals and services whenever a
row changed), so the list read everything in its one query. It now prefetches the shifts, holidays and
overrides: three more queries, whatever the number of rows. This benchmark keeps the figures behind that
decision reproducible (benchmarks/README.md): it puts the copies back in its scratch database (the three
JSON columns as migration 0002 added them, filled from the rows) and reads them in the channels' query.

Run with `python benchmarks/snapshots_vs_prefetch.py` (not part of the test suite); on PostgreSQL with
`DATABASE_URL=postgres://.../<scratch database>` (dropped if it exists and created anew). It builds 500
channels, each with its OWN flow and business hours (three shifts), one holiday list per country (twenty
holidays: the yearly ones and two years of moving feasts) on every schedule, and one of three override
lists (five overrides each) on a third of them, over six time zones. Then, best and median of many runs,
on a page of 25 rows and on one of 500:

- read + statuses: the page's channels loaded and every channel's status computed, which is what the
  Open now column costs per request;
- GET /channels/: the whole list page through Django's test client, as an administrator.
"""

import datetime
import os
import statistics
import sys
import time
from unittest import mock

from bench_setup import WEEKDAYS, YEARLY_DANISH_HOLIDAYS, ZONES, D, start_django

start_django(os.environ.get("DATABASE_URL", "sqlite://:memory:"))

from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.db.models.expressions import RawSQL  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from channels import views as channels_views  # noqa: E402
from channels.models import EntryPoint  # noqa: E402
from channels.selectors import channel_statuses, with_schedules  # noqa: E402
from channels.views import EntryPointListView  # noqa: E402
from contactcenter.choices import Role  # noqa: E402
from contactcenter.services import membership_create, organization_create  # noqa: E402
from flows.choices import WEEKDAY_INDEX, OverrideState  # noqa: E402
from flows.models import (  # noqa: E402
    BusinessHours,
    Flow,
    Holiday,
    HolidayList,
    Override,
    OverrideList,
    Shift,
)
from flows.schedule import HolidayRule, OverrideRule, Schedule, ShiftRule, status_at, zone  # noqa: E402

CHANNELS = 500
PAGES = (25, 500)
RUNS = {25: 100, 500: 15}
INSTANT = datetime.datetime(2025, 12, 22, 8, 30, tzinfo=datetime.UTC)
MOVING = [
    ("Skaertorsdag", 0, 0),
    ("Langfredag", 1, 1),
    ("Paaskedag", 3, 3),
    ("Anden paaskedag", 4, 4),
    ("Kristi himmelfart", 42, 42),
    ("Pinse", 52, 53),
    ("Store bededag", 29, 29),
]
EASTER_THURSDAY = {2025: D(2025, 4, 17), 2026: D(2026, 4, 2)}


def holidays_for(country: int) -> list[Holiday]:
    rows = [
        Holiday(name=name, start_date=start, end_date=end, repeats_yearly=yearly)
        for name, start, end, yearly in YEARLY_DANISH_HOLIDAYS
    ]
    for year, thursday in EASTER_THURSDAY.items():
        for name, first, last in MOVING:
            rows.append(
                Holiday(
                    name=f"{name} {year}",
                    start_date=thursday + datetime.timedelta(days=first + country),
                    end_date=thursday + datetime.timedelta(days=last + country),
                )
            )
    return rows


def shifts_for(n: int) -> list[dict]:
    start = 420 + (n % 5) * 30
    return [
        {"name": "Weekdays", "weekdays": WEEKDAYS, "start_minute": start, "end_minute": 1020},
        {"name": "Late Thursday", "weekdays": ["thu"], "start_minute": 1020, "end_minute": 1200},
        {"name": "Saturday", "weekdays": ["sat"], "start_minute": 600, "end_minute": 840},
    ]


@transaction.atomic
def build():
    organization = organization_create(name="Benchmark", timezone="Europe/Copenhagen")
    holiday_lists = []
    for country in range(len(ZONES)):
        holiday_list = HolidayList.objects.create(organization=organization, name=f"Holidays {country}")
        rows = holidays_for(country)
        for row in rows:
            row.holiday_list = holiday_list
        Holiday.objects.bulk_create(rows)
        holiday_lists.append(holiday_list)
    override_lists = []
    for k in range(3):
        override_list = OverrideList.objects.create(organization=organization, name=f"Overrides {k}")
        Override.objects.bulk_create(
            Override(
                override_list=override_list,
                name=f"Event {k}.{i}",
                start=datetime.datetime(2025, 11 + i // 3, 1 + 5 * i + k, 12),
                end=datetime.datetime(2025, 11 + i // 3, 1 + 5 * i + k, 18),
                state="closed" if i % 2 else "open",
            )
            for i in range(5)
        )
        override_lists.append(override_list)
    hours = BusinessHours.objects.bulk_create(
        BusinessHours(
            organization=organization,
            name=f"Hours {n}",
            holiday_list=holiday_lists[n % len(ZONES)],
            override_list=override_lists[n % 9 // 3] if n % 3 == 0 else None,
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
            name=f"Channel_{n:04d}",
            channel_type="chat",
            timezone=ZONES[n % len(ZONES)],
            service_level_threshold=30,
            flow=flow,
        )
        for n, flow in enumerate(flows)
    )
    return organization


# --- The snapshots, as they were -------------------------------------------------------------

# (owner, its copy's column, the rows' relation, the row as the copy held it), in the rows' order.
COPIES = (
    (
        BusinessHours,
        "shift_rules",
        "shifts",
        lambda s: [s.name, [WEEKDAY_INDEX[day] for day in s.weekdays], s.start_minute, s.end_minute],
    ),
    (
        HolidayList,
        "holiday_rules",
        "holidays",
        lambda h: [h.name, h.start_date.isoformat(), h.end_date.isoformat(), h.repeats_yearly],
    ),
    (
        OverrideList,
        "override_rules",
        "overrides",
        lambda o: [o.name, o.start.isoformat(), o.end.isoformat(), o.state == OverrideState.OPEN],
    ),
)


def add_copies() -> None:
    """The copies' columns, as migration flows 0002 added them, filled from the rows."""
    quote = connection.ops.quote_name
    with connection.schema_editor() as editor:
        for model, column, _relation, _encode in COPIES:
            field = models.JSONField(null=True)
            field.set_attributes_from_name(column)
            editor.add_field(model, field)
    with transaction.atomic(), connection.cursor() as cursor:
        for model, column, relation, encode in COPIES:
            field = models.JSONField()
            for owner in model.objects.prefetch_related(relation):
                copy = [encode(row) for row in getattr(owner, relation).all()]
                cursor.execute(
                    f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = %s WHERE {quote('id')} = %s",
                    [
                        field.get_db_prep_value(copy, connection),
                        model._meta.pk.get_db_prep_value(owner.pk, connection),
                    ],
                )


class CopyColumn(RawSQL):
    """A copy's column of a table the query already joins (select_related), read with the row. Left out
    of GROUP BY (the list counts numbers): it depends on the joined table's primary key, as a field would."""

    def __init__(self, table: str, column: str):
        quote = connection.ops.quote_name
        super().__init__(f"{quote(table)}.{quote(column)}", (), output_field=models.JSONField())

    def get_group_by_cols(self):
        return []


def with_snapshots(queryset):
    """The channels with their schedules and lists joined, and the lists' copies read in the same row."""
    return queryset.select_related(
        "flow__business_hours__holiday_list", "flow__business_hours__override_list"
    ).annotate(
        bench_shift_rules=CopyColumn("flows_businesshours", "shift_rules"),
        bench_holiday_rules=CopyColumn("flows_holidaylist", "holiday_rules"),
        bench_override_rules=CopyColumn("flows_overridelist", "override_rules"),
    )


def _decode(entry_point, business_hours, memo: dict) -> Schedule:
    holidays: tuple = ()
    overrides: tuple = ()
    if business_hours.holiday_list_id is not None:
        key = ("holidays", business_hours.holiday_list_id)
        holidays = memo.get(key)
        if holidays is None:
            parse = datetime.date.fromisoformat
            holidays = memo[key] = tuple(
                HolidayRule(name, parse(start), parse(end), repeats)
                for name, start, end, repeats in entry_point.bench_holiday_rules
            )
    if business_hours.override_list_id is not None:
        key = ("overrides", business_hours.override_list_id)
        overrides = memo.get(key)
        if overrides is None:
            parse = datetime.datetime.fromisoformat
            overrides = memo[key] = tuple(
                OverrideRule(name, parse(start), parse(end), is_open)
                for name, start, end, is_open in entry_point.bench_override_rules
            )
    shifts = tuple(
        ShiftRule(name, tuple(days), start, end) for name, days, start, end in entry_point.bench_shift_rules
    )
    return Schedule(shifts=shifts, holidays=holidays, overrides=overrides)


def statuses_from_snapshots(entry_points, instant=None) -> dict:
    """`channel_statuses`, with the schedules decoded from the copies."""
    instant = instant or timezone.now()
    memo: dict = {}
    computed: dict = {}
    result = {}
    for entry_point in entry_points:
        business_hours = entry_point.flow.business_hours if entry_point.flow_id else None
        if business_hours is None:
            result[entry_point.pk] = None
            continue
        key = (business_hours.pk, entry_point.timezone)
        status = computed.get(key)
        if status is None:
            schedule = _decode(entry_point, business_hours, memo)
            status = computed[key] = status_at(schedule, instant, zone(entry_point.timezone))
        result[entry_point.pk] = status
    return result


# --- Both, measured alike ----------------------------------------------------------------------

VARIANTS = {
    "snapshots": (with_snapshots, statuses_from_snapshots),
    "prefetch": (with_schedules, channel_statuses),  # what channels.selectors does
}


def page(organization, size: int):
    return EntryPoint.objects.for_organization(organization).with_list_data().order_by("name")[:size]


def open_now_data(variant: str, organization, size: int) -> dict:
    """What the list's Open now column needs per request: the page's channels and their statuses."""
    load, statuses = VARIANTS[variant]
    return statuses(list(load(page(organization, size))), INSTANT)


def list_page(variant: str, client: Client, size: int) -> int:
    """GET /channels/ with `size` rows a page, the view's two schedule calls those of the variant."""
    load, statuses = VARIANTS[variant]
    with (
        mock.patch.object(channels_views, "with_schedules", load),
        mock.patch.object(channels_views, "channel_statuses", statuses),
        mock.patch.object(EntryPointListView, "paginate_by", size),
    ):
        response = client.get("/channels/")
    assert response.status_code == 200, response.status_code
    return response.content.count(b"open-now is-")


def timed(functions: dict, runs: int) -> dict[str, list[float]]:
    """Milliseconds of each run of each function; the functions take turns, in alternating order, so that
    the load of a shared machine weighs on both alike."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for run in range(runs):
        order = list(functions) if run % 2 == 0 else list(reversed(functions))
        for name in order:
            started = time.perf_counter()
            functions[name]()
            times[name].append((time.perf_counter() - started) * 1000)
    return times


def report(label: str, results: dict) -> None:
    """Both variants' figures for one measurement, and how many times slower prefetch is."""
    for variant in VARIANTS:
        queries, times = results[variant]
        print(
            f"    {label:<24} {variant:<9} {queries:>2} queries   best {min(times):7.1f} ms   "
            f"median {statistics.median(times):7.1f} ms"
        )
    prefetch, snapshots = results["prefetch"][1], results["snapshots"][1]
    print(
        f"    {label:<24} prefetch / snapshots: {min(prefetch) / min(snapshots):.2f} (best), "
        f"{statistics.median(prefetch) / statistics.median(snapshots):.2f} (median)"
    )


def main() -> int:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    organization = build()
    user = membership_create(
        organization=organization, username="bench", password="benchmark-only-password-1", role=Role.ADMIN
    ).user
    client = Client()
    client.force_login(user)
    add_copies()

    print(
        f"Open now, snapshots against prefetch_related, on {connection.vendor} ({os.cpu_count()} CPUs): "
        f"{CHANNELS} channels, each with its own schedule of 3 shifts, {len(ZONES)} holiday lists of "
        f"{len(holidays_for(0))} holidays, 3 override lists of 5 overrides (on a third of the schedules); "
        "best and median of many runs"
    )
    for size in PAGES:
        print(f"  page of {size} rows:")
        answers, data_queries, page_queries = {}, {}, {}
        for variant in VARIANTS:
            with CaptureQueriesContext(connection) as queries:
                answers[variant] = open_now_data(variant, organization, size)
            data_queries[variant] = len(queries)
            with CaptureQueriesContext(connection) as queries:
                shown = list_page(variant, client, size)
            assert shown == size, (shown, size)
            page_queries[variant] = len(queries)
        assert answers["snapshots"] == answers["prefetch"]
        data = timed({v: lambda v=v, n=size: open_now_data(v, organization, n) for v in VARIANTS}, RUNS[size])
        pages = timed({v: lambda v=v, n=size: list_page(v, client, n) for v in VARIANTS}, RUNS[size])
        report("read + statuses", {v: (data_queries[v], data[v]) for v in VARIANTS})
        report("GET /channels/", {v: (page_queries[v], pages[v]) for v in VARIANTS})
    print(f"  load average while running: {', '.join(f'{value:.1f}' for value in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
