"""Shift rows keep the order they were entered in (issue 14, item 12): the console's rows, the API's array.

The order is written by the services (`Shift.position`) and read back wherever shifts are listed; what
is open never depends on it.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from flows.models import BusinessHours, Shift
from flows.schedule import calendar, zone
from flows.selectors import with_schedules
from flows.services import business_hours_update
from flows.snapshots import SHIFT_ROWS, schedule_of
from tests.factories import make_business_hours
from tests.flows.test_views import hours_data, rows, shift, url

pytestmark = pytest.mark.django_db

# In the order typed: neither by start nor by name nor by weekday.
TYPED = [
    {"name": "Evening", "weekdays": ["mon"], "start_minute": 1080, "end_minute": 1200},
    {"name": "Saturday", "weekdays": ["sat"], "start_minute": 600, "end_minute": 840},
    {
        "name": "Weekdays",
        "weekdays": ["mon", "tue", "wed", "thu", "fri"],
        "start_minute": 540,
        "end_minute": 1020,
    },
]
TYPED_NAMES = ["Evening", "Saturday", "Weekdays"]


def shift_names(shifts) -> list[str]:
    return [row.name for row in shifts]


# Services


def test_a_schedule_keeps_its_shifts_in_the_order_given(org):
    hours = make_business_hours(org, shifts=TYPED)
    stored = list(Shift.objects.filter(business_hours=hours))
    assert shift_names(stored) == TYPED_NAMES
    assert [row.position for row in stored] == [0, 1, 2]


def test_a_new_order_is_a_change_and_the_same_order_is_none(org):
    hours = make_business_hours(org, shifts=TYPED)
    business_hours_update(business_hours=hours, version=hours.version, shifts=TYPED)
    assert BusinessHours.objects.get(pk=hours.pk).version == 1  # nothing written
    hours = BusinessHours.objects.get(pk=hours.pk)
    business_hours_update(business_hours=hours, version=hours.version, shifts=list(reversed(TYPED)))
    hours = BusinessHours.objects.get(pk=hours.pk)
    assert hours.version == 2
    assert shift_names(hours.shifts.all()) == list(reversed(TYPED_NAMES))


def test_prefetched_schedules_keep_the_order_in_the_same_queries(org, django_assert_num_queries):
    make_business_hours(org, name="Typed", shifts=TYPED)
    make_business_hours(org, name="Reversed", shifts=list(reversed(TYPED)))
    with django_assert_num_queries(2):  # the rows, then their shifts (no lists to read)
        loaded = {
            hours.name: hours for hours in with_schedules(BusinessHours.objects.filter(organization=org))
        }
        schedules = {name: schedule_of(hours) for name, hours in loaded.items()}
    assert shift_names(getattr(loaded["Typed"], SHIFT_ROWS)) == TYPED_NAMES
    assert shift_names(getattr(loaded["Reversed"], SHIFT_ROWS)) == list(reversed(TYPED_NAMES))
    assert [rule.name for rule in schedules["Typed"].shifts] == TYPED_NAMES


def test_what_is_open_does_not_depend_on_the_order(org):
    first = schedule_of(make_business_hours(org, name="Typed", shifts=TYPED))
    second = schedule_of(make_business_hours(org, name="Reversed", shifts=list(reversed(TYPED))))
    assert [rule.name for rule in first.shifts] != [rule.name for rule in second.shifts]
    start = datetime.date(2026, 3, 23)  # a week that has the spring clock change at its end

    def week(schedule):
        return calendar(schedule, start, 7, zone("Europe/Copenhagen"), split_days=True)

    assert week(first) == week(second)
    assert any(interval.is_open for interval in week(first).intervals)


# The console


def test_the_console_saves_the_rows_in_the_order_typed_and_shows_them_so(admin_client, org):
    typed = [
        shift("Evening", ["mon"], "18:00", "20:00"),
        shift("Saturday", ["sat"], "10:00", "14:00"),
        shift("Weekdays", start="09:00", end="17:00"),
    ]
    response = admin_client.post(url("businesshours-new"), hours_data(*typed))
    assert response.status_code == 302
    hours = BusinessHours.objects.get()
    assert shift_names(hours.shifts.all()) == TYPED_NAMES
    page = admin_client.get(url("businesshours-detail", hours))
    assert [row["name"].value() for row in page.context["form"].rows.forms] == TYPED_NAMES
    assert [item["shift"].name for item in page.context["week_legend"]] == TYPED_NAMES
    listing = admin_client.get(url("businesshours-list")).content.decode()
    hours_labels = ["18:00–20:00", "10:00–14:00", "09:00–17:00"]
    assert sorted(hours_labels, key=listing.index) == hours_labels


def test_a_failed_submit_redraws_the_rows_in_the_order_typed(admin_client, org):
    # Row 1 was removed in the browser (a gap in the numbering); row 3 has an error.
    data = {
        **hours_data(),
        **rows(
            "shifts",
            shift("Evening", ["mon"], "18:00", "20:00"),
            shift("Removed", ["sun"], "10:00", "11:00"),
            shift("Saturday", ["sat"], "10:00", "14:00"),
            shift("Weekdays", start="09:00", end="25:00"),
        ),
    }
    for key in [key for key in data if key.startswith("shifts-1-")]:
        del data[key]
    response = admin_client.post(url("businesshours-new"), data)
    assert response.status_code == 200
    shown = response.context["form"].rows.shown_forms
    assert [row["name"].value() for row in shown] == TYPED_NAMES
    assert [bool(row.errors) for row in shown] == [False, False, True]
    page = response.content.decode()
    assert page.index('value="Evening"') < page.index('value="Saturday"') < page.index('value="Weekdays"')
    # Corrected, the rows are saved in the order they stand in.
    data["shifts-3-end"] = "17:00"
    assert admin_client.post(url("businesshours-new"), data).status_code == 302
    assert shift_names(BusinessHours.objects.get().shifts.all()) == TYPED_NAMES


def test_the_console_shows_an_overlap_in_both_clashing_rows_only(admin_client, org):
    typed = [
        shift("Late", ["fri"], "22:00", "02:00"),
        shift("Wednesday", ["wed"], "01:00", "05:00"),
        shift("Early", ["sat"], "01:00", "05:00"),
    ]
    response = admin_client.post(url("businesshours-new"), hours_data(*typed))
    message = "Shift “Late” (22:00–02:00) overlaps shift “Early” (01:00–05:00) on Saturday."
    assert [list(row.non_field_errors()) for row in response.context["form"].rows.forms] == [
        [message],
        [],
        [message],
    ]


# The audit trail and the admin


def test_the_audit_trail_reads_the_rows_in_their_order_and_records_a_new_order(org):
    hours = make_business_hours(org, shifts=TYPED[:2])
    added = {"name": "Night", "weekdays": ["sun"], "start_minute": 1320, "end_minute": 60}
    business_hours_update(business_hours=hours, version=hours.version, shifts=[added, *TYPED[:2]])
    entry = AuditEntry.objects.filter(object_id=str(hours.pk)).order_by("-at", "-pk").first()
    # The row added, and the order: the first row is new, the other two keep theirs.
    assert entry.changes == [{"field": "shifts", "row": "Night", "before": None, "after": "Sun 22:00–01:00"}]

    hours = BusinessHours.objects.get(pk=hours.pk)
    business_hours_update(business_hours=hours, version=hours.version, shifts=[TYPED[1], TYPED[0], added])
    entry = AuditEntry.objects.filter(object_id=str(hours.pk)).order_by("-at", "-pk").first()
    assert entry.changes == [
        {"field": "shifts", "before": "Night, Evening, Saturday", "after": "Saturday, Evening, Night"}
    ]


def test_a_restored_version_brings_back_its_order(admin_client, org):
    hours = make_business_hours(org, shifts=TYPED)
    created = AuditEntry.objects.get(object_id=str(hours.pk), action="created")
    business_hours_update(business_hours=hours, version=hours.version, shifts=list(reversed(TYPED)))
    restore_url = f"{hours.get_absolute_url()}history/{created.pk}/restore/"
    preview = admin_client.get(restore_url).context["preview"]
    assert [(row.before, row.after) for row in preview] == [
        ("Weekdays, Saturday, Evening", "Evening, Saturday, Weekdays")
    ]
    assert admin_client.post(restore_url).status_code == 302
    assert shift_names(BusinessHours.objects.get(pk=hours.pk).shifts.all()) == TYPED_NAMES


def test_the_admin_shows_the_shifts_in_their_order_and_keeps_it(org):
    user = get_user_model().objects.create_superuser("operator", "operator@example.com", "unused-password-1")
    client = Client()
    client.force_login(user)
    hours = make_business_hours(org, name="Admin hours", shifts=TYPED)
    change_url = reverse("admin:flows_businesshours_change", args=[hours.pk])
    formset = client.get(change_url).context["inline_admin_formsets"][0].formset
    assert [form.instance.name for form in formset.initial_forms] == TYPED_NAMES
    data = {
        "organization": str(org.pk),
        "name": "Admin hours",
        "description": "",
        "loaded_version": str(hours.version),
        "shifts-TOTAL_FORMS": "4",
        "shifts-INITIAL_FORMS": "3",
        "shifts-MIN_NUM_FORMS": "0",
        "shifts-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate([*hours.shifts.all(), None]):
        values = (
            {"id": str(row.pk), "name": row.name, "weekdays": row.weekdays}
            if row is not None
            else {"name": "Sunday", "weekdays": ["sun"]}
        )
        minutes = (row.start_minute, row.end_minute) if row is not None else (600, 700)
        data.update({f"shifts-{index}-{key}": value for key, value in values.items()})
        data[f"shifts-{index}-business_hours"] = str(hours.pk)
        data[f"shifts-{index}-start_minute"], data[f"shifts-{index}-end_minute"] = map(str, minutes)
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    # A row added in the admin comes last, before its time-of-day rivals or not.
    assert shift_names(BusinessHours.objects.get(pk=hours.pk).shifts.all()) == [*TYPED_NAMES, "Sunday"]


# The migration


@pytest.mark.django_db(transaction=True)
def test_the_migration_numbers_stored_shifts_in_the_order_they_were_shown():
    def migrate(target):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([target])
        return executor.loader.project_state([target]).apps

    try:
        old = migrate(("flows", "0005_sort_indexes"))
        organization = old.get_model("contactcenter", "Organization").objects.create(
            name="Old install", timezone="Europe/Copenhagen"
        )
        OldHours, OldShift = old.get_model("flows", "BusinessHours"), old.get_model("flows", "Shift")
        for name in ("A", "B"):
            hours = OldHours.objects.create(organization=organization, name=name)
            for row in TYPED:
                OldShift.objects.create(business_hours=hours, **row)
        new = migrate(("flows", "0006_shift_position"))
        NewShift = new.get_model("flows", "Shift")
        for name in ("A", "B"):
            stored = NewShift.objects.filter(business_hours__name=name).order_by("position")
            # By start, as the console showed them until now; each schedule numbered from 0.
            assert [(row.name, row.position) for row in stored] == [
                ("Weekdays", 0),
                ("Saturday", 1),
                ("Evening", 2),
            ]
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
