"""Cost follows the page, not the table: every console page and API call at 101,000 channels (issue 16).

Run with `make benchmark-scale` (PostgreSQL: `DATABASE_URL=postgres://…/scratch`; the database is dropped
and built anew). It builds 52 organizations, one with 1,000 channels, one with 10,000 and fifty with 1,800
(101,000 in all), one flow per channel, a queue per 20 channels, schedules, holiday and override lists,
audio files, and 5,000 support numbers, with `bulk_create` (about 30 s). Then it requests each page and API
call of the issue's table in-process (Django's test client, signed in as the organization's administrator),
for the 10,000-channel and the 1,000-channel organization, and prints for each: the median of RUNS runs after
a warm-up, the ratio to a bare Django view that renders the same 25 rows with `values()` and a count (or, for
the API, a bare `JsonResponse(values())` of the API list's own 50 rows and columns), the queries, and the
10,000-vs-1,000 ratio. It runs as production does (DEBUG off, bench_setup.start_django(production=True)).

Not part of the test suite; the query counts and the EXPLAIN assertion are (tests/*/test_views.py).
"""

import datetime
import os
import statistics
import sys
import time

from bench_setup import WEEKDAYS, YEARLY_DANISH_HOLIDAYS, ZONES, start_django

os.environ.setdefault("API_RATE_LIMIT", "100000/minute")
# BENCH_REUSE=1 keeps the dataset a previous run built (migrating it first), to measure a change quickly.
REUSE = os.environ.get("BENCH_REUSE") == "1"
# Production's configuration (DEBUG off, cached templates, hashed static files, no test instrumentation of
# template rendering); BENCH_DEBUG=1 measures as `make run` serves instead (DEBUG on, the test client
# recording every template it renders with a copy of its context), as this benchmark did before.
DEBUG_RUN = os.environ.get("BENCH_DEBUG") == "1"
start_django(os.environ.get("DATABASE_URL") or "sqlite://:memory:", drop=not REUSE, production=not DEBUG_RUN)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import include, path  # noqa: E402

from audio.models import AudioFile  # noqa: E402
from channels.models import EntryPoint  # noqa: E402
from contactcenter.choices import Role  # noqa: E402
from contactcenter.models import Organization  # noqa: E402
from contactcenter.services import membership_create, organization_create  # noqa: E402
from flows.models import BusinessHours, Flow, Holiday, HolidayList, Override, OverrideList, Shift  # noqa: E402
from queues.models import Queue  # noqa: E402
from support_numbers.models import SupportNumber  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "9"))
SMALL, LARGE, OTHERS, OTHER_SIZE = 1_000, 10_000, 50, 1_800
NUMBERS = 5_000
CHANNEL_TYPES = ["chat", "email", "inbound_telephony", "outbound_telephony", "social"]

# -- the bare views: the same 25 rows with values() and a count, through the same middleware --------------

BARE_TEMPLATE = engines["django"].from_string(
    "<html><body><p>{{ count }}</p><table>{% for row in rows %}<tr><td>{{ row.name }}</td>"
    "<td>{{ row.channel_type }}</td><td>{{ row.timezone }}</td><td>{{ row.updated_at }}</td></tr>"
    "{% endfor %}</table></body></html>"
)


def _bare_rows(request):
    organization = request.user.membership.organization
    queryset = EntryPoint.objects.filter(organization=organization)
    rows = list(queryset.order_by("name").values("id", "name", "channel_type", "timezone", "updated_at")[:25])
    return rows, queryset.count()


def bare_view(request):
    rows, count = _bare_rows(request)
    return HttpResponse(BARE_TEMPLATE.render({"rows": rows, "count": count}))


def bare_json(request):
    rows, count = _bare_rows(request)
    return JsonResponse({"count": count, "results": rows})


# The API list's own answer, as bare as Django makes it: the same 50 rows, every column the API shows, each
# channel's number ids (one more query), a count.
API_COLUMNS = [
    "id", "name", "description", "channel_type", "social_channel_type", "timezone", "service_level_threshold",
    "flow_id", "music_on_hold_id", "outdial_queue_id", "active", "is_system", "version", "created_at", "updated_at",
]  # fmt: skip


def bare_api_json(request):
    organization = request.user.membership.organization
    queryset = EntryPoint.objects.filter(organization=organization)
    rows = list(queryset.order_by("name").values(*API_COLUMNS)[:50])
    numbers: dict = {}
    for channel, number in SupportNumber.objects.filter(
        entry_point__in=[row["id"] for row in rows]
    ).values_list("entry_point_id", "id"):
        numbers.setdefault(channel, []).append(number)
    for row in rows:
        row["support_numbers"] = numbers.get(row["id"], [])
    return JsonResponse({"count": queryset.count(), "results": rows})


urlpatterns = [
    path("bare/", bare_view),
    path("bare.json", bare_json),
    path("bare-api.json", bare_api_json),
    path("", include(settings.ROOT_URLCONF)),
]


# -- the dataset ---------------------------------------------------------------------------------------


def build_organization(index: int, size: int, numbers: int, assigned: int) -> Organization:
    organization = organization_create(
        name=f"Org {index:02d} ({size} channels)", timezone="Europe/Copenhagen"
    )
    org = organization
    holidays = HolidayList.objects.bulk_create(
        HolidayList(organization=org, name=f"Holidays {n}") for n in range(5)
    )
    Holiday.objects.bulk_create(
        Holiday(holiday_list=hl, name=name, start_date=start, end_date=end, repeats_yearly=yearly)
        for hl in holidays
        for name, start, end, yearly in YEARLY_DANISH_HOLIDAYS
    )
    overrides = OverrideList.objects.bulk_create(
        OverrideList(organization=org, name=f"Overrides {n}") for n in range(3)
    )
    Override.objects.bulk_create(
        Override(
            override_list=ol,
            name="Staff party",
            start=datetime.datetime(2026, 12, 18, 12),
            end=datetime.datetime(2026, 12, 18, 23, 59),
            state="closed",
        )
        for ol in overrides
    )
    schedules = BusinessHours.objects.bulk_create(
        BusinessHours(
            organization=org,
            name=f"Hours {n}",
            holiday_list=holidays[n % 5],
            override_list=overrides[n % 3] if n % 2 else None,
        )
        for n in range(20)
    )
    Shift.objects.bulk_create(
        Shift(business_hours=s, name="Weekdays", weekdays=WEEKDAYS, start_minute=480, end_minute=1020)
        for s in schedules
    )
    audio = AudioFile.objects.bulk_create(
        AudioFile(
            organization=org,
            name=f"music_{n}.wav",
            file=f"audio/bench_{n}.wav",
            size=1000,
            duration_seconds=1,
        )
        for n in range(20)
    )
    queues = Queue.objects.bulk_create(
        Queue(
            organization=org,
            name=f"Queue_{n:05d}",
            queue_type="outbound" if n % 4 == 0 else "inbound",
            channel_type="telephony",
            service_level_threshold=30,
            max_time_in_queue=600,
            music_in_queue=audio[n % 20] if n % 3 == 0 else None,
        )
        for n in range(max(20, size // 20))
    )
    outbound_queue = queues[0]
    flows = Flow.objects.bulk_create(
        Flow(
            organization=org,
            name=f"Flow_{n:05d}",
            kind="routing_strategy" if n % 50 == 49 else "flow",
            business_hours=schedules[n % 20] if n % 3 == 0 else None,
            queue=queues[n % len(queues)],
        )
        for n in range(size)
    )
    channels = EntryPoint.objects.bulk_create(
        EntryPoint(
            organization=org,
            name=f"Channel_{n:05d}",
            channel_type=(kind := CHANNEL_TYPES[n % 5]),
            social_channel_type="sms" if kind == "social" else "",
            timezone=ZONES[n % len(ZONES)],
            service_level_threshold=30,
            flow=flows[n - n % 50] if kind != "outbound_telephony" else flows[n],
            outdial_queue=outbound_queue if kind == "outbound_telephony" else None,
        )
        for n in range(size)
    )
    inbound = [c for c in channels if c.channel_type == "inbound_telephony"]
    first = build_organization.next_number
    build_organization.next_number += numbers
    SupportNumber.objects.bulk_create(
        SupportNumber(
            organization=org,
            number=f"+4533{first + n:06d}",
            description=f"Line {n}",
            entry_point=inbound[n % len(inbound)] if n < assigned else None,
        )
        for n in range(numbers)
    )
    return organization


build_organization.next_number = 100_000


def build() -> dict[str, Organization]:
    started = time.perf_counter()
    orgs = {}
    with transaction.atomic():
        orgs["1,000"] = build_organization(0, SMALL, 500, 200)
        orgs["10,000"] = build_organization(1, LARGE, 2_000, 800)
        for index in range(OTHERS):
            build_organization(index + 2, OTHER_SIZE, (NUMBERS - 2_500) // OTHERS, 10)
    for label, org in orgs.items():
        membership_create(
            organization=org,
            username=f"admin{label.replace(',', '')}",
            password="benchmark-only-password-1",
            role=Role.ADMIN,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"Built {EntryPoint.objects.count():,} channels, {Flow.objects.count():,} flows, "
        f"{SupportNumber.objects.count():,} numbers over {Organization.objects.count()} organizations "
        f"in {time.perf_counter() - started:.1f} s ({connection.vendor})."
    )
    return orgs


# -- the measurements ----------------------------------------------------------------------------------


def cases(org: Organization) -> list[tuple[str, str, str, dict]]:
    """(label, method, url, options) of each page and API call for one organization."""
    channels = EntryPoint.objects.filter(organization=org, is_system=False)
    inbound = channels.filter(channel_type="inbound_telephony", support_numbers__isnull=False).order_by(
        "name"
    )[0]
    outbound = channels.filter(channel_type="outbound_telephony").order_by("name")[0]
    deep = channels.count() // 25 // 2  # page 200 of the 10,000, page 20 of the 1,000
    flow = Flow.objects.filter(organization=org).order_by("name")[0]
    return [
        ("bare view (25 rows, values())", "get", "/bare/", {}),
        ("Channels list, first page", "get", "/channels/", {}),
        ("Channels list, middle page", "get", f"/channels/?page={deep}", {}),
        ("Channels list, sorted by numbers", "get", "/channels/?sort=-numbers", {}),
        ("channel page (inbound, edit form)", "get", inbound.get_absolute_url(), {}),
        ("channel page (outbound, edit form)", "get", outbound.get_absolute_url(), {}),
        (
            "create form, inbound telephony",
            "post",
            "/channels/new/",
            {"data": {"_refresh": "1", "channel_type": "inbound_telephony", "name": "x"}},
        ),
        ("Flows list", "get", "/flows/", {}),
        ("flow page", "get", flow.get_absolute_url(), {}),
        ("Queues list", "get", "/queues/", {}),
        ("Business hours list", "get", "/business-hours/", {}),
        ("Holiday lists", "get", "/holiday-lists/", {}),
        ("Support numbers list", "get", "/numbers/", {}),
        ("Audio files list", "get", "/audio-files/", {}),
        ("bare JsonResponse(values())", "get", "/bare.json", {}),
        ("bare JsonResponse(values()), API's rows", "get", "/bare-api.json", {}),
        ("API list entry-points (50)", "get", "/api/v1/entry-points/", {}),
        ("API list flows (50)", "get", "/api/v1/flows/", {}),
        ("API list queues (50)", "get", "/api/v1/queues/", {}),
        (
            "API PATCH of one channel",
            "patch",
            f"/api/v1/entry-points/{inbound.pk}/",
            {"toggle": True, "content_type": "application/json"},
        ),
    ]


def request(client: Client, method: str, url: str, options: dict, run: int):
    secure = not DEBUG_RUN  # production redirects plain HTTP to HTTPS
    if options.get("toggle"):
        body = f'{{"description": "benchmark run {run}"}}'
        return client.patch(url, body, content_type=options["content_type"], secure=secure)
    if method == "post":
        return client.post(url, options["data"], secure=secure)
    return client.get(url, secure=secure)


def main() -> int:
    if DEBUG_RUN:
        setup_test_environment()
    settings.ROOT_URLCONF = __name__
    call_command("migrate", verbosity=0)
    if REUSE and Organization.objects.exists():
        orgs = {label: org_admin(label).membership.organization for label in ("1,000", "10,000")}
    else:
        orgs = build()
    clients, plan, queries, times, cpu = {}, [], {}, {}, {}
    for label, org in orgs.items():
        clients[label] = Client()
        clients[label].force_login(org_admin(label))
        for name, method, url, options in cases(org):
            plan.append((label, name, method, url, options))
    for label, name, method, url, options in plan:
        client = clients[label]
        request(client, method, url, options, -1)  # warm-up
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            response = request(client, method, url, options, -2)
        assert response.status_code == 200, (url, response.status_code, response.content[:500])
        queries[label, name] = len(captured)
        times[label, name] = []
        cpu[label, name] = []
    # Round robin: every page takes its turn in each run, so the machine's load weighs on all alike.
    for run in range(RUNS):
        for label, name, method, url, options in plan:
            started, started_cpu = time.perf_counter(), time.process_time()
            request(clients[label], method, url, options, run)
            cpu[label, name].append((time.process_time() - started_cpu) * 1000)
            times[label, name].append((time.perf_counter() - started) * 1000)
    print(f"\nload average {' / '.join(f'{load:.1f}' for load in os.getloadavg())} (1, 5, 15 min)")
    # The median, the best run, and the application's own CPU time (without the database's, and less
    # disturbed on a shared machine than the time waited: a process waiting for a core uses none).
    for title, samples, stat in (
        ("Median", times, statistics.median),
        ("Best", times, min),
        ("Median CPU time of the application process", cpu, statistics.median),
    ):
        results = {key: (stat(values), queries[key]) for key, values in samples.items()}
        print_table(f"{title} of {RUNS} round-robin runs after a warm-up", results, cases(orgs["1,000"]))
    return 0


def print_table(title: str, results: dict, plan) -> None:
    print(f"\n{title}, in-process, ms; × bare = against the bare view of the same organization")
    print(
        f"{'page':<40} {'10,000: ms':>11} {'× bare':>7} {'queries':>8} {'1,000: ms':>10} {'× bare':>7} {'10k/1k':>7}"
    )
    for name, *_ in plan:
        row = [f"{name:<40}"]
        for label in ("10,000", "1,000"):
            ms, count = results[label, name]
            bare_name = (
                "bare JsonResponse(values()), API's rows"
                if name.startswith("API")
                else "bare view (25 rows, values())"
            )
            row.append(f"{ms:>10.1f}  {ms / results[label, bare_name][0]:>6.1f}")
            if label == "10,000":
                row.append(f"{count:>8}")
        row.append(f"{results['10,000', name][0] / results['1,000', name][0]:>7.2f}")
        print(" ".join(row))


def org_admin(label: str):
    from django.contrib.auth.models import User

    return User.objects.get(username=f"admin{label.replace(',', '')}")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    sys.modules.setdefault("scale", sys.modules[__name__])
    sys.exit(main())
