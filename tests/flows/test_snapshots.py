"""Each schedule and list carries its rows in the engine's form (flows.snapshots), kept current on every path."""

import datetime
import json
import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels.models import EntryPoint
from contactcenter.models import Organization
from contactcenter.tokens import api_token_create
from flows import snapshots
from flows.forms import BusinessHoursForm, HolidayListForm, OverrideListForm
from flows.models import BusinessHours, Holiday, HolidayList, Override, OverrideList, Shift
from flows.schedule import Schedule
from flows.selectors import with_schedules
from flows.services import (
    business_hours_delete,
    business_hours_update,
    holiday_list_delete,
    holiday_list_update,
    override_list_update,
)
from tests.api.conftest import bearer_client
from tests.contactcenter.test_admin import form_data
from tests.factories import (
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_override_list,
)
from tests.flows.test_views import rows

pytestmark = pytest.mark.django_db

D = datetime.date
DT = datetime.datetime
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
RULES_FIELDS = ("shift_rules", "holiday_rules", "override_rules")


def stored(owner) -> list | None:
    """The copy as stored in the database now (not the object's attribute)."""
    field = owner.rules_field
    return type(owner).objects.values_list(field, flat=True).get(pk=owner.pk)


def from_rows(owner) -> list:
    return snapshots.rules_of(snapshots.kind_of(_ROW_MODEL[type(owner)]), owner.pk)


_ROW_MODEL = {BusinessHours: Shift, HolidayList: Holiday, OverrideList: Override}


def assert_current(*owners) -> None:
    for owner in owners:
        assert stored(owner) == from_rows(owner), owner


def schedule_from_rows(business_hours: BusinessHours) -> Schedule:
    """The schedule the engine builds when the copies are missing: from the rows."""
    hours = BusinessHours.objects.select_related("holiday_list", "override_list").get(pk=business_hours.pk)
    hours.shift_rules = None
    for attribute, field in (("holiday_list", "holiday_rules"), ("override_list", "override_rules")):
        if getattr(hours, f"{attribute}_id") is not None:
            setattr(getattr(hours, attribute), field, None)
    return Schedule.from_business_hours(hours)


def schedule_from_copies(business_hours: BusinessHours) -> Schedule:
    loaded = with_schedules(BusinessHours.objects.filter(pk=business_hours.pk)).get()
    assert loaded.shift_rules is not None
    return Schedule.from_business_hours(loaded)


def refreshes(queries: CaptureQueriesContext, table: str) -> int:
    return sum(
        1 for q in queries.captured_queries if re.match(rf'UPDATE "flows_{table}" SET "\w+_rules"', q["sql"])
    )


@pytest.fixture
def holidays(org):
    return make_holiday_list(
        org,
        name="Danish holidays",
        holidays=[
            {
                "name": "Juleaften",
                "start_date": D(2025, 12, 24),
                "end_date": D(2025, 12, 24),
                "repeats_yearly": True,
            },
            {"name": "Paaske", "start_date": D(2026, 4, 2), "end_date": D(2026, 4, 6)},
        ],
    )


@pytest.fixture
def overrides(org):
    return make_override_list(
        org,
        name="Emergencies",
        overrides=[
            {"name": "Storm", "start": DT(2026, 3, 30, 1, 30), "end": DT(2026, 3, 30, 4), "state": "closed"},
            {"name": "Extra", "start": DT(2026, 1, 4, 10), "end": DT(2026, 1, 4, 16), "state": "open"},
        ],
    )


@pytest.fixture
def office(org, holidays, overrides):
    return make_business_hours(
        org,
        name="Office",
        shifts=[
            {"name": "Weekdays", "weekdays": WEEKDAYS, "start_minute": 540, "end_minute": 1020},
            {"name": "Late", "weekdays": ["sun"], "start_minute": 1320, "end_minute": 120},
        ],
        holiday_list=holidays,
        override_list=overrides,
    )


# --- The form of the copies --------------------------------------------------------------------


def test_the_copies_are_compact_json_in_the_rows_natural_order(office, holidays, overrides):
    assert stored(office) == [["Weekdays", [0, 1, 2, 3, 4], 540, 1020], ["Late", [6], 1320, 120]]
    assert stored(holidays) == [
        ["Juleaften", "2025-12-24", "2025-12-24", True],
        ["Paaske", "2026-04-02", "2026-04-06", False],
    ]
    # Naive local date-times, in start order.
    assert stored(overrides) == [
        ["Extra", "2026-01-04T10:00:00", "2026-01-04T16:00:00", True],
        ["Storm", "2026-03-30T01:30:00", "2026-03-30T04:00:00", False],
    ]
    assert schedule_from_copies(office) == schedule_from_rows(office)


def test_the_order_of_the_copies_is_the_rows_ordering():
    for kind in snapshots.KINDS:
        model = snapshots._models(kind)[0]
        assert kind.ordering == (*model._meta.ordering, "id")


def test_a_row_model_has_no_foreign_key_but_its_owner():
    # flows.signals relies on it: a row deleted on behalf of another object goes with its owner.
    for kind in snapshots.KINDS:
        model, owner = snapshots._models(kind)
        keys = [f for f in model._meta.concrete_fields if f.is_relation]
        assert [(f.name, f.related_model) for f in keys] == [(kind.owner_field, owner)]


def test_a_new_owner_starts_with_an_empty_copy_and_a_missing_one_falls_back_to_the_rows(org):
    assert stored(make_holiday_list(org)) == []
    hours = make_business_hours(org)
    BusinessHours.objects.filter(pk=hours.pk).update(shift_rules=None)
    loaded = with_schedules(BusinessHours.objects.filter(pk=hours.pk)).get()
    with CaptureQueriesContext(connection) as queries:
        schedule = Schedule.from_business_hours(loaded)
    assert len(queries) == 1  # the rows, read because the copy is missing
    assert schedule.shifts[0].name == "Weekdays"


# --- The services -----------------------------------------------------------------------------


def test_services_keep_the_copies_current_when_rows_change_reorder_and_go(org, office, holidays, overrides):
    business_hours_update(
        business_hours=office,
        version=office.version,
        shifts=[
            {"name": "Early", "weekdays": ["sat"], "start_minute": 300, "end_minute": 500},
            {"name": "Weekdays", "weekdays": WEEKDAYS, "start_minute": 600, "end_minute": 1000},
        ],
    )
    assert stored(office) == [["Early", [5], 300, 500], ["Weekdays", [0, 1, 2, 3, 4], 600, 1000]]
    assert office.shift_rules == stored(office)  # the object in hand follows too
    # Reordered: Early now starts after Weekdays.
    business_hours_update(
        business_hours=office,
        version=None,
        shifts=[
            {"name": "Early", "weekdays": ["sat"], "start_minute": 700, "end_minute": 800},
            {"name": "Weekdays", "weekdays": WEEKDAYS, "start_minute": 600, "end_minute": 1000},
        ],
    )
    assert [rule[0] for rule in stored(office)] == ["Weekdays", "Early"]
    holiday_list_update(holiday_list=holidays, version=None, holidays=[])
    override_list_update(
        override_list=overrides,
        version=None,
        overrides=[{"name": "Only", "start": DT(2026, 5, 1, 8), "end": DT(2026, 5, 2, 8), "state": "open"}],
    )
    assert stored(holidays) == []
    assert stored(overrides) == [["Only", "2026-05-01T08:00:00", "2026-05-02T08:00:00", True]]
    assert_current(office, holidays, overrides)
    assert schedule_from_copies(office) == schedule_from_rows(office)


def test_a_change_without_rows_keeps_the_copy_and_does_not_refresh_it(office):
    before = stored(office)
    with CaptureQueriesContext(connection) as queries:
        business_hours_update(business_hours=office, version=office.version, description="Changed")
    assert refreshes(queries, "businesshours") == 0
    assert stored(office) == before


def test_a_save_refreshes_each_copy_once_whatever_the_number_of_rows(org):
    def save(count: int) -> tuple[int, int]:
        hours = make_business_hours(org)
        shifts = [
            {"name": f"S{n}", "weekdays": ["mon"], "start_minute": n * 60, "end_minute": n * 60 + 30}
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            business_hours_update(business_hours=hours, version=hours.version, shifts=shifts)
        assert len(stored(hours)) == count
        # Leave out the id check full_clean() makes for each new row: it is not the copy's doing.
        other = [
            q
            for q in queries.captured_queries
            if not re.search(r'FROM "flows_shift" WHERE "flows_shift"."id" =', q["sql"])
        ]
        return len(other), refreshes(queries, "businesshours")

    few_queries, few_refreshes = save(1)
    many_queries, many_refreshes = save(20)
    assert few_refreshes == many_refreshes == 1
    assert few_queries == many_queries


def test_a_stale_object_saved_later_does_not_put_an_old_copy_back(office):
    stale = BusinessHours.objects.get(pk=office.pk)
    business_hours_update(
        business_hours=office,
        version=None,
        shifts=[{"name": "Night", "weekdays": ["sat"], "start_minute": 1200, "end_minute": 240}],
    )
    stale.description = "Saved from an object loaded before the shifts changed"
    stale.version = BusinessHours.objects.get(pk=office.pk).version
    stale.save()
    assert stored(office) == [["Night", [5], 1200, 240]]
    # Neither version nor updated_at moved when the copy was written.
    fresh = BusinessHours.objects.get(pk=office.pk)
    assert fresh.version == stale.version


def test_refreshing_the_copy_leaves_version_and_updated_at_alone(office):
    before = BusinessHours.objects.values_list("version", "updated_at").get(pk=office.pk)
    assert snapshots.shift_rules_refresh(business_hours_id=office.pk) == stored(office)
    assert BusinessHours.objects.values_list("version", "updated_at").get(pk=office.pk) == before


def test_deleting_owners_cascades_without_refreshing_what_goes(org, holidays):
    hours = make_business_hours(org, holiday_list=holidays)
    with CaptureQueriesContext(connection) as queries:
        business_hours_delete(business_hours=hours)
        holiday_list_delete(holiday_list=holidays)
    assert not BusinessHours.objects.filter(pk=hours.pk).exists()
    assert not Holiday.objects.filter(holiday_list_id=holidays.pk).exists()
    assert refreshes(queries, "businesshours") == refreshes(queries, "holidaylist") == 0


def test_deleting_an_organization_with_everything_works(org, office):
    make_entry_point(org, flow=make_flow(org, business_hours=office))
    Organization.objects.get(pk=org.pk).delete()
    assert not Shift.objects.exists() and not Holiday.objects.exists() and not Override.objects.exists()


# --- Plain model code (what the Django admin's inlines and any script do) -------------------


def test_saving_and_deleting_single_rows_refreshes_the_copy(office, holidays, overrides):
    Shift.objects.create(
        business_hours=office, name="Saturday", weekdays=["sat"], start_minute=600, end_minute=840
    )
    assert ["Saturday", [5], 600, 840] in stored(office)
    shift = Shift.objects.get(business_hours=office, name="Weekdays")
    shift.start_minute = 480
    shift.save()
    assert stored(office)[0] == ["Weekdays", [0, 1, 2, 3, 4], 480, 1020]
    shift.delete()
    assert [rule[0] for rule in stored(office)] == ["Saturday", "Late"]

    Holiday.objects.filter(holiday_list=holidays, name="Paaske").get().delete()
    Holiday.objects.create(
        holiday_list=holidays, name="Nytaar", start_date=D(2026, 1, 1), end_date=D(2026, 1, 1)
    )
    Override.objects.filter(override_list=overrides).delete()  # a queryset delete sends the signals too
    assert [rule[0] for rule in stored(holidays)] == ["Juleaften", "Nytaar"]
    assert stored(overrides) == []
    assert_current(office, holidays, overrides)
    assert schedule_from_copies(office) == schedule_from_rows(office)


def test_a_row_moved_to_another_owner_refreshes_both(org, office):
    other = make_business_hours(org, name="Other")
    late = Shift.objects.get(business_hours=office, name="Late")
    late.business_hours = other
    late.save()
    assert [rule[0] for rule in stored(office)] == ["Weekdays"]
    assert [rule[0] for rule in stored(other)] == ["Weekdays", "Late"]
    assert_current(office, other)


def test_the_object_a_row_points_to_follows_its_copy(office):
    shift = Shift(business_hours=office, name="Saturday", weekdays=["sat"], start_minute=600, end_minute=840)
    shift.save()
    assert office.shift_rules == stored(office)


def test_bulk_writes_need_refresh_all_which_fills_every_copy(org, office, holidays):
    Shift.objects.bulk_create(
        [Shift(business_hours=office, name="Bulk", weekdays=["sat"], start_minute=60, end_minute=120)]
    )
    Holiday.objects.filter(holiday_list=holidays).update(repeats_yearly=True)
    assert stored(office) != from_rows(office)  # no signal: the documented reason for refresh_all
    BusinessHours.objects.update(shift_rules=None)
    assert snapshots.refresh_all()["shift_rules"] == BusinessHours.objects.count()
    assert_current(office, holidays, *OverrideList.objects.all(), *BusinessHours.objects.all())


def test_the_data_migration_fills_copies_with_the_historical_models(org, office, holidays, overrides):
    """The migration's data step calls refresh_all(apps) with the models as of that migration."""
    BusinessHours.objects.update(shift_rules=None)
    HolidayList.objects.update(holiday_rules=None)
    OverrideList.objects.update(override_rules=None)
    apps = MigrationExecutor(connection).loader.project_state(("flows", "0002_rules_snapshots")).apps
    snapshots.refresh_all(apps)
    assert_current(office, holidays, overrides)
    assert stored(office) == [["Weekdays", [0, 1, 2, 3, 4], 540, 1020], ["Late", [6], 1320, 120]]


# --- The API --------------------------------------------------------------------------------


@pytest.fixture
def api(admin_user):
    return bearer_client(api_token_create(user=admin_user, name="script")[1])


def test_api_changes_keep_the_copies_current_and_never_show_them(api, org):
    holidays = api.post(
        "/api/v1/holiday-lists/",
        {
            "name": "Danish",
            "holidays": [{"name": "Jul", "start_date": "2025-12-24", "end_date": "2025-12-26"}],
        },
        format="json",
    )
    overrides = api.post(
        "/api/v1/override-lists/",
        {
            "name": "Storms",
            "overrides": [{"name": "Storm", "start": "2026-01-02T08:00", "end": "2026-01-02T12:00"}],
        },
        format="json",
    )
    hours = api.post(
        "/api/v1/business-hours/",
        {
            "name": "Office",
            "holiday_list": holidays.json()["id"],
            "override_list": overrides.json()["id"],
            "shifts": [
                {"name": "Day", "weekdays": ["mon"], "start_minute": 540, "end_minute": 1020},
                {"name": "Early", "weekdays": ["tue"], "start_minute": 300, "end_minute": 400},
            ],
        },
        format="json",
    )
    assert hours.status_code == 201, hours.content
    for response in (holidays, overrides, hours):
        assert not set(RULES_FIELDS) & set(response.json())
    office = BusinessHours.objects.get(pk=hours.json()["id"])
    holiday_list = HolidayList.objects.get(pk=holidays.json()["id"])
    override_list = OverrideList.objects.get(pk=overrides.json()["id"])
    assert [rule[0] for rule in stored(office)] == ["Early", "Day"]
    assert_current(office, holiday_list, override_list)

    url = f"/api/v1/business-hours/{office.pk}/"
    changed = api.patch(
        url,
        {"shifts": [{"name": "Day", "weekdays": ["mon", "sat"], "start_minute": 0, "end_minute": 0}]},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert stored(office) == [["Day", [0, 5], 0, 0]]
    api.patch(f"/api/v1/holiday-lists/{holiday_list.pk}/", {"holidays": []}, format="json")
    api.put(
        f"/api/v1/override-lists/{override_list.pk}/",
        {
            "name": "Storms",
            "overrides": [
                {"name": "B", "start": "2026-02-01T00:00", "end": "2026-02-02T00:00", "state": "open"},
                {"name": "A", "start": "2026-01-01T00:00", "end": "2026-01-02T00:00", "state": "closed"},
            ],
        },
        format="json",
    )
    assert stored(holiday_list) == []
    assert [rule[0] for rule in stored(override_list)] == ["A", "B"]
    assert_current(office, holiday_list, override_list)
    assert schedule_from_copies(office) == schedule_from_rows(office)
    assert api.get(url).json().keys().isdisjoint(RULES_FIELDS)


def test_the_api_schema_and_the_console_forms_do_not_know_the_copies(client):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    text = json.dumps(json.loads(schema.content))
    assert not any(field in text for field in RULES_FIELDS)
    for form in (BusinessHoursForm, HolidayListForm, OverrideListForm):
        assert not set(RULES_FIELDS) & set(form.base_fields)


def test_console_forms_keep_the_copy_current(admin_client, org):
    data = {
        "name": "Danish holidays",
        **rows(
            "holidays",
            {
                "name": "Christmas",
                "start_date": "2026-12-24",
                "end_date": "2026-12-26",
                "repeats_yearly": "on",
            },
            {"name": "Easter", "start_date": "2026-04-05", "end_date": "2026-04-06"},
        ),
    }
    assert admin_client.post(reverse("flows:holidaylist-new"), data).status_code == 302
    holiday_list = HolidayList.objects.get(name="Danish holidays")
    assert stored(holiday_list) == [
        ["Easter", "2026-04-05", "2026-04-06", False],
        ["Christmas", "2026-12-24", "2026-12-26", True],
    ]


# --- The Django admin -------------------------------------------------------------------------


@pytest.fixture
def operator(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = get_user_model().objects.create_superuser("operator", "operator@example.com", "unused-password-1")
    client = Client()
    client.force_login(user)
    return client


def admin_url(obj, view: str = "change") -> str:
    return reverse(f"admin:flows_{obj._meta.model_name}_{view}", args=[obj.pk])


def test_an_admin_inline_change_set_refreshes_the_copy_once(operator, office):
    page = operator.get(admin_url(office))
    assert not any(field in page.content.decode() for field in RULES_FIELDS)  # not shown at all
    data = form_data(page)
    rows_by_name = {data[f"shifts-{i}-name"]: i for i in range(2)}
    data[f"shifts-{rows_by_name['Late']}-DELETE"] = "on"
    data[f"shifts-{rows_by_name['Weekdays']}-start_minute"] = "600"  # changed
    data.update(
        {
            "shifts-TOTAL_FORMS": "3",
            "shifts-2-name": "Saturday",
            "shifts-2-weekdays": ["sat"],
            "shifts-2-start_minute": "60",  # added, and first in order now
            "shifts-2-end_minute": "120",
        }
    )
    with CaptureQueriesContext(connection) as queries:
        response = operator.post(admin_url(office), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert refreshes(queries, "businesshours") == 1
    assert stored(office) == [["Saturday", [5], 60, 120], ["Weekdays", [0, 1, 2, 3, 4], 600, 1020]]
    assert_current(office)


@pytest.mark.parametrize("owner_name", ["holidays", "overrides"])
def test_admin_inlines_of_holiday_and_override_lists_refresh_the_copy(operator, request, owner_name):
    owner = request.getfixturevalue(owner_name)
    data = form_data(operator.get(admin_url(owner)))
    data[f"{owner_name}-0-DELETE"] = "on"
    data[f"{owner_name}-1-name"] = "Renamed"
    response = operator.post(admin_url(owner), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [rule[0] for rule in stored(owner)] == ["Renamed"]
    assert_current(owner)


def test_an_admin_delete_of_a_schedule_cascades(operator, org):
    hours = make_business_hours(org)
    response = operator.post(admin_url(hours, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Shift.objects.filter(business_hours_id=hours.pk).exists()


# --- The copies and the rows give the same schedule -----------------------------------------

NAMES = st.text(alphabet="abcXYZ æø-", min_size=1, max_size=8).map(str.strip).filter(bool)
LOCAL = st.datetimes(min_value=DT(2024, 1, 1), max_value=DT(2027, 12, 31))


@st.composite
def schedule_rows(draw):
    shifts = [
        {
            "name": f"S{index}",
            "weekdays": draw(
                st.lists(st.sampled_from([*WEEKDAYS, "sat", "sun"]), min_size=1, max_size=7, unique=True)
            ),
            "start_minute": draw(st.integers(0, 1439)),
            "end_minute": draw(st.integers(0, 1439)),
        }
        for index in range(draw(st.integers(0, 4)))
    ]
    holidays = []
    for index in range(draw(st.integers(0, 4))):
        start = draw(st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31)))
        holidays.append(
            {
                "name": f"{draw(NAMES)} {index}",
                "start_date": start,
                "end_date": start + datetime.timedelta(days=draw(st.integers(0, 40))),
                "repeats_yearly": draw(st.booleans()),
            }
        )
    overrides = []
    for index in range(draw(st.integers(0, 4))):
        start = draw(LOCAL)
        overrides.append(
            {
                "name": f"{draw(NAMES)} {index}",
                "start": start,  # seconds and fractions included: the copy keeps them
                "end": start + datetime.timedelta(seconds=draw(st.integers(1, 10 * 86_400))),
                "state": draw(st.sampled_from(["open", "closed"])),
            }
        )
    return shifts, holidays, overrides


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=schedule_rows())
def test_a_schedule_from_the_copies_equals_one_from_the_rows(org, data):
    shifts, holidays, overrides = data
    with transaction.atomic():
        holiday_list = HolidayList.objects.create(organization=org, name="Random holidays")
        override_list = OverrideList.objects.create(organization=org, name="Random overrides")
        hours = BusinessHours.objects.create(
            organization=org, name="Random", holiday_list=holiday_list, override_list=override_list
        )
        # Row by row, as the admin and plain model code write them (overlaps are not the point here).
        for row in shifts:
            Shift.objects.create(business_hours=hours, **row)
        for row in holidays:
            Holiday.objects.create(holiday_list=holiday_list, **row)
        for row in overrides:
            Override.objects.create(override_list=override_list, **row)
        assert_current(hours, holiday_list, override_list)
        assert schedule_from_copies(hours) == schedule_from_rows(hours)
        transaction.set_rollback(True)


def test_the_channel_list_loads_the_copies_in_the_joined_row(org, office):
    make_entry_point(org, flow=make_flow(org, business_hours=office))
    with CaptureQueriesContext(connection) as queries:
        channels = list(
            with_schedules(EntryPoint.objects.filter(organization=org, flow__business_hours=office))
        )
        schedule = Schedule.from_business_hours(channels[0].flow.business_hours)
    assert len(queries) == 1
    assert schedule == schedule_from_rows(office)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_rows_added_at_the_same_time_by_two_transactions_both_reach_the_copy(org):
    """Each refresh locks the owner before reading its rows, so the last one sees the other's row."""
    hours = BusinessHours.objects.create(organization=org, name="Raced")
    for round_number in range(10):
        barrier = threading.Barrier(2)
        errors = []

        def add(name: str, start: int) -> None:
            try:
                with transaction.atomic(), snapshots.deferred():
                    Shift.objects.create(
                        business_hours_id=hours.pk,
                        name=name,
                        weekdays=["mon"],
                        start_minute=start,
                        end_minute=start + 1,
                    )
                    barrier.wait(timeout=10)  # both rows are written before either copy is refreshed
            except Exception as error:
                errors.append(error)
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=add, args=(f"A{round_number}", 10 * round_number)),
            threading.Thread(target=add, args=(f"B{round_number}", 10 * round_number + 5)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not errors
        assert stored(hours) == from_rows(hours)
        assert len(stored(hours)) == 2 * (round_number + 1)
