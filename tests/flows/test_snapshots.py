"""A BusinessHours as the engine's Schedule (flows.snapshots.schedule_of), from prefetched rows or not."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels.models import EntryPoint
from channels.selectors import with_schedules as with_channel_schedules
from contactcenter.models import Organization
from flows.models import BusinessHours, Holiday, HolidayList, Override, OverrideList, Shift
from flows.schedule import HolidayRule, OverrideRule, Schedule, ShiftRule
from flows.selectors import with_schedules
from flows.services import business_hours_delete, holiday_list_delete
from flows.snapshots import schedule_of
from tests.factories import (
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_override_list,
)

pytestmark = pytest.mark.django_db

D = datetime.date
DT = datetime.datetime
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def schedule_from_rows(business_hours: BusinessHours) -> Schedule:
    """The schedule of an object loaded without the prefetch: each relation read on its own."""
    return schedule_of(BusinessHours.objects.get(pk=business_hours.pk))


def schedule_prefetched(business_hours: BusinessHours) -> Schedule:
    loaded = with_schedules(BusinessHours.objects.filter(pk=business_hours.pk)).get()
    with CaptureQueriesContext(connection) as queries:
        schedule = schedule_of(loaded)
    assert len(queries) == 0
    return schedule


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


def test_the_rules_are_the_rows_in_their_natural_order(office):
    expected = Schedule(
        shifts=(ShiftRule("Weekdays", (0, 1, 2, 3, 4), 540, 1020), ShiftRule("Late", (6,), 1320, 120)),
        holidays=(
            HolidayRule("Juleaften", D(2025, 12, 24), D(2025, 12, 24), True),
            HolidayRule("Paaske", D(2026, 4, 2), D(2026, 4, 6), False),
        ),
        # Naive local date-times, in start order.
        overrides=(
            OverrideRule("Extra", DT(2026, 1, 4, 10), DT(2026, 1, 4, 16), True),
            OverrideRule("Storm", DT(2026, 3, 30, 1, 30), DT(2026, 3, 30, 4), False),
        ),
    )
    assert schedule_prefetched(office) == expected
    assert schedule_from_rows(office) == expected


def test_without_the_prefetch_each_relation_is_read_with_a_query(office):
    loaded = BusinessHours.objects.select_related("holiday_list", "override_list").get(pk=office.pk)
    with CaptureQueriesContext(connection) as queries:
        schedule = schedule_of(loaded)
    assert len(queries) == 3  # the shifts, the holidays and the overrides
    assert schedule.shifts[0].name == "Weekdays"


def test_a_list_shared_by_many_schedules_becomes_rules_once_per_memo(org, holidays):
    first = make_business_hours(org, name="First", holiday_list=holidays)
    second = make_business_hours(org, name="Second", holiday_list=holidays)
    memo: dict = {}
    loaded = list(with_schedules(BusinessHours.objects.filter(pk__in=[first.pk, second.pk])))
    schedules = [schedule_of(hours, memo=memo) for hours in loaded]
    assert schedules[0].holidays is schedules[1].holidays


def test_deleting_owners_cascades(org, holidays):
    hours = make_business_hours(org, holiday_list=holidays)
    business_hours_delete(business_hours=hours)
    holiday_list_delete(holiday_list=holidays)
    assert not BusinessHours.objects.filter(pk=hours.pk).exists()
    assert not Holiday.objects.filter(holiday_list_id=holidays.pk).exists()


def test_deleting_an_organization_with_everything_works(org, office):
    make_entry_point(org, flow=make_flow(org, business_hours=office))
    Organization.objects.get(pk=org.pk).delete()
    assert not Shift.objects.exists() and not Holiday.objects.exists() and not Override.objects.exists()


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


def test_an_admin_delete_of_a_schedule_cascades(operator, org):
    hours = make_business_hours(org)
    response = operator.post(admin_url(hours, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Shift.objects.filter(business_hours_id=hours.pk).exists()


# --- The prefetched rows and the rows read one relation at a time give the same schedule -------

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
def test_a_schedule_from_the_prefetched_rows_equals_one_read_relation_by_relation(org, data):
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
        assert schedule_prefetched(hours) == schedule_from_rows(hours)
        transaction.set_rollback(True)


def test_the_channel_list_loads_the_schedules_in_a_constant_number_of_queries(org, office):
    make_entry_point(org, flow=make_flow(org, business_hours=office))
    with CaptureQueriesContext(connection) as queries:
        channels = list(
            with_channel_schedules(EntryPoint.objects.filter(organization=org, flow__business_hours=office))
        )
        schedule = schedule_of(channels[0].flow.business_hours)
    assert len(queries) == 4  # the channels with their schedules and lists, then each kind of row
    assert schedule == schedule_from_rows(office)
