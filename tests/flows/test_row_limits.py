"""Rows are bounded: at most SCHEDULE_MAX_SHIFTS shifts, HOLIDAY_LIST_MAX_HOLIDAYS holidays and
OVERRIDE_LIST_MAX_OVERRIDES overrides, refused alike by the services, the console and the admin."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

import flows.schedule
from flows.forms import BusinessHoursForm, HolidayListForm, OverrideListForm
from flows.models import BusinessHours, Holiday, HolidayList, Override, OverrideList, Shift
from flows.schedule import HolidayRule, OverrideRule, Schedule, ShiftRule, calendar, status_at, zone
from flows.services import (
    business_hours_create,
    business_hours_update,
    holiday_list_create,
    holiday_list_update,
    override_list_create,
    override_list_update,
    row_count_check,
    rows_check,
)
from tests.dbstate import unchanged
from tests.factories import make_business_hours, make_holiday_list, make_override_list

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 5)
MORNING = datetime.datetime(2026, 1, 5, 0, 0)
CPH = zone("Europe/Copenhagen")


def shift_values(count: int) -> list[dict]:
    """`count` valid shifts, every day of the week, that do not overlap (up to 102)."""
    return [
        {"name": f"Shift {n}", "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
        | {"start_minute": n * 14, "end_minute": n * 14 + 7}
        for n in range(count)
    ]


def holiday_values(count: int) -> list[dict]:
    return [
        {
            "name": f"Holiday {n}",
            "start_date": DAY + datetime.timedelta(days=n),
            "end_date": DAY + datetime.timedelta(days=n),
            "repeats_yearly": n % 2 == 0,
        }
        for n in range(count)
    ]


def override_values(count: int) -> list[dict]:
    return [
        {
            "name": f"Override {n}",
            "start": MORNING + datetime.timedelta(hours=n),
            "end": MORNING + datetime.timedelta(hours=n, minutes=30),
            "state": "open" if n % 2 else "closed",
        }
        for n in range(count)
    ]


def shifts_message(count: int) -> str:
    return f"A schedule can have at most 50 shifts; this one has {count}."


def holidays_message(count: int) -> str:
    return f"A holiday list can have at most 500 holidays; this one has {count}."


def overrides_message(count: int) -> str:
    return f"An override list can have at most 500 overrides; this one has {count}."


# The services


def test_the_limits_are_settings_with_the_documented_defaults(settings):
    assert (
        settings.SCHEDULE_MAX_SHIFTS,
        settings.HOLIDAY_LIST_MAX_HOLIDAYS,
        settings.OVERRIDE_LIST_MAX_OVERRIDES,
    ) == (50, 500, 500)
    # A console page with the most rows, and as many again past the limit, fits in one request.
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS >= 2 * 4 * 500


@pytest.mark.parametrize(
    ("model", "limit", "message"),
    [(Shift, 50, shifts_message), (Holiday, 500, holidays_message), (Override, 500, overrides_message)],
)
def test_the_count_check_names_the_limit_and_the_count(model, limit, message):
    assert row_count_check(model, limit) == []
    (error,) = row_count_check(model, limit + 1)
    assert (error.code, error.messages) == ("too_many_rows", [message(limit + 1)])
    assert error.params == {"limit": limit, "count": limit + 1}


def test_the_limit_follows_the_setting(settings):
    settings.SCHEDULE_MAX_SHIFTS = 1
    (error,) = row_count_check(Shift, 2)
    assert error.messages == ["A schedule can have at most 1 shift; this one has 2."]


class Unbuildable(dict):
    """A row that fails the test if anything looks inside it: too many rows are refused unread."""

    def keys(self):
        raise AssertionError("a row was read")

    def __getitem__(self, key):
        raise AssertionError("a row was read")


def test_too_many_rows_are_refused_before_any_is_built():
    rows = [Unbuildable()] * 100_000
    built, errors = rows_check(Holiday, rows, parent_field="holiday_list")
    assert built == []
    assert [error.messages for error in errors] == [[holidays_message(100_000)]]


@pytest.mark.parametrize(
    ("create", "relation", "values", "message"),
    [
        (business_hours_create, "shifts", shift_values(51), shifts_message(51)),
        (holiday_list_create, "holidays", holiday_values(501), holidays_message(501)),
        (override_list_create, "overrides", override_values(501), overrides_message(501)),
    ],
    ids=["shifts", "holidays", "overrides"],
)
def test_creating_with_one_row_too_many_writes_nothing(org, create, relation, values, message):
    with unchanged(), pytest.raises(ValidationError) as refused:
        create(organization=org, name="Too long", **{relation: values})
    assert refused.value.message_dict == {relation: [message]}
    # One row fewer is the limit, and is accepted.
    created = create(organization=org, name="At the limit", **{relation: values[:-1]})
    assert getattr(created, relation).count() == len(values) - 1


def test_updating_past_the_limit_keeps_the_stored_rows(org):
    hours = make_business_hours(org, shifts=shift_values(2))
    holidays = make_holiday_list(org, holidays=holiday_values(2))
    overrides = make_override_list(org, overrides=override_values(2))
    with unchanged():
        for update, kwargs in [
            (business_hours_update, {"business_hours": hours, "shifts": shift_values(51)}),
            (holiday_list_update, {"holiday_list": holidays, "holidays": holiday_values(501)}),
            (override_list_update, {"override_list": overrides, "overrides": override_values(501)}),
        ]:
            obj = next(iter(kwargs.values()))
            with pytest.raises(ValidationError) as refused:
                update(version=obj.version, **kwargs)
            assert "can have at most" in str(refused.value)


def test_the_parent_is_judged_beside_the_count(org):
    with pytest.raises(ValidationError) as refused:
        holiday_list_create(organization=org, name="", holidays=holiday_values(501))
    assert set(refused.value.message_dict) == {"name", "holidays"}


# The console


def formset_data(prefix: str, items: list[dict], total: int | None = None) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items) if total is None else total),
        f"{prefix}-INITIAL_FORMS": "0",
    }
    for index, item in enumerate(items):
        for key, value in item.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def console_shifts(count: int) -> list[dict]:
    return [
        {
            "name": row["name"],
            "weekdays": row["weekdays"],
            "start": f"{row['start_minute'] // 60:02d}:{row['start_minute'] % 60:02d}",
            "end": f"{row['end_minute'] // 60:02d}:{row['end_minute'] % 60:02d}",
        }
        for row in shift_values(count)
    ]


def console_holidays(count: int) -> list[dict]:
    return [
        {
            "name": row["name"],
            "start_date": row["start_date"].isoformat(),
            "end_date": row["end_date"].isoformat(),
            **({"repeats_yearly": "on"} if row["repeats_yearly"] else {}),
        }
        for row in holiday_values(count)
    ]


def console_overrides(count: int) -> list[dict]:
    return [
        {
            "name": row["name"],
            "start": row["start"].strftime("%Y-%m-%dT%H:%M"),
            "end": row["end"].strftime("%Y-%m-%dT%H:%M"),
            "state": row["state"],
        }
        for row in override_values(count)
    ]


CONSOLE = [
    ("businesshours-new", "shifts", console_shifts, 50, shifts_message, BusinessHours),
    ("holidaylist-new", "holidays", console_holidays, 500, holidays_message, HolidayList),
    ("overridelist-new", "overrides", console_overrides, 500, overrides_message, OverrideList),
]


@pytest.mark.parametrize(
    ("view", "prefix", "rows", "limit", "message", "model"), CONSOLE, ids=["shifts", "holidays", "overrides"]
)
def test_the_console_refuses_one_row_too_many_and_keeps_every_row_typed(
    admin_client, org, view, prefix, rows, limit, message, model
):
    typed = rows(limit + 1)
    with unchanged():
        response = admin_client.post(
            reverse(f"flows:{view}"), {"name": "Too long", **formset_data(prefix, typed)}
        )
    assert response.status_code == 200
    form = response.context["form"]
    assert [str(error) for error in form.rows_errors] == [message(limit + 1)]
    assert message(limit + 1) in response.content.decode()
    assert [row["name"].value() for row in form.rows.shown_forms] == [row["name"] for row in typed]


@pytest.mark.parametrize(
    ("view", "prefix", "rows", "limit", "message", "model"), CONSOLE, ids=["shifts", "holidays", "overrides"]
)
def test_the_console_saves_a_list_at_the_limit(admin_client, org, view, prefix, rows, limit, message, model):
    response = admin_client.post(
        reverse(f"flows:{view}"), {"name": "At the limit", **formset_data(prefix, rows(limit))}
    )
    assert response.status_code == 302
    assert getattr(model.objects.get(), prefix).count() == limit


def test_a_row_that_does_not_parse_is_counted_too(admin_client, org):
    typed = console_holidays(501)
    typed[3]["start_date"] = "junk"
    with unchanged():
        response = admin_client.post(
            reverse("flows:holidaylist-new"), {"name": "Too long", **formset_data("holidays", typed)}
        )
    form = response.context["form"]
    assert [str(error) for error in form.rows_errors] == [holidays_message(501)]
    assert form.rows.forms[3].errors["start_date"] == ["Enter a valid date."]


@pytest.mark.parametrize(
    ("view", "prefix", "rows", "limit", "message", "model"), CONSOLE, ids=["shifts", "holidays", "overrides"]
)
def test_a_forged_row_count_is_refused_cheaply_with_the_same_message(
    admin_client, org, view, prefix, rows, limit, message, model
):
    typed = rows(2)
    data = {"name": "Forged", **formset_data(prefix, typed, total=10_000)}
    with unchanged():
        response = admin_client.post(reverse(f"flows:{view}"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.rows.non_form_errors()) == [message(10_000)]
    assert message(10_000) in response.content.decode()
    # Forms are built for twice the limit at most, not for the 10,000 claimed.
    assert len(form.rows.forms) == 2 * limit
    assert [row["name"].value() for row in form.rows.shown_forms] == [row["name"] for row in typed]


def test_the_console_bound_follows_the_setting(admin_client, org, settings):
    settings.HOLIDAY_LIST_MAX_HOLIDAYS = 3
    response = admin_client.post(
        reverse("flows:holidaylist-new"),
        {"name": "Short", **formset_data("holidays", console_holidays(2), total=7)},
    )
    assert list(response.context["form"].rows.non_form_errors()) == [
        "A holiday list can have at most 3 holidays; this one has 7."
    ]
    assert len(response.context["form"].rows.forms) == 6
    assert not HolidayList.objects.exists()


def test_stored_rows_are_all_drawn_even_past_a_lowered_limit(org, settings):
    holidays = make_holiday_list(org, holidays=holiday_values(5))
    settings.HOLIDAY_LIST_MAX_HOLIDAYS = 2
    form = HolidayListForm(instance=holidays, organization=org)
    assert len(form.rows.forms) == 5


@pytest.mark.parametrize("form_class", [BusinessHoursForm, HolidayListForm, OverrideListForm])
def test_the_console_reads_twice_the_limit(form_class):
    rows = form_class.rows_formset()
    assert (
        rows.absolute_max
        == rows.max_num
        == 2 * {"shifts": 50, "holidays": 500, "overrides": 500}[rows.prefix]
    )


def test_a_new_row_past_the_bound_is_numbered_one_past_it(admin_client, org):
    response = admin_client.get(reverse("flows:businesshours-shift-row"), {"shifts-TOTAL_FORMS": "5000"})
    content = response.content.decode()
    assert 'name="shifts-100-name"' in content
    assert 'name="shifts-TOTAL_FORMS" value="101"' in content


# The admin


@pytest.fixture
def operator(db):
    user = get_user_model().objects.create_superuser("operator", "operator@example.com", "unused-password-1")
    client = Client()
    client.force_login(user)
    return client


def admin_rows(prefix: str, items: list[dict], total: int | None = None) -> dict:
    data = {f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    return {**data, **formset_data(prefix, items, total)}


def admin_shifts(count: int) -> list[dict]:
    return [
        {**row, "start_minute": str(row["start_minute"]), "end_minute": str(row["end_minute"])}
        for row in shift_values(count)
    ]


ADMIN = [
    ("businesshours", "shifts", admin_shifts, 50, shifts_message),
    ("holidaylist", "holidays", console_holidays, 500, holidays_message),
    ("overridelist", "overrides", console_overrides, 500, overrides_message),
]


def admin_errors(response) -> list[str]:
    return [
        str(error)
        for inline in response.context["inline_admin_formsets"]
        for error in inline.formset.non_form_errors()
    ]


@pytest.mark.parametrize(
    ("model", "prefix", "rows", "limit", "message"), ADMIN, ids=["shifts", "holidays", "overrides"]
)
def test_the_admin_refuses_one_row_too_many(operator, org, model, prefix, rows, limit, message):
    data = {
        "organization": str(org.pk),
        "name": "Too long",
        "description": "",
        **admin_rows(prefix, rows(limit + 1)),
    }
    with unchanged():
        response = operator.post(reverse(f"admin:flows_{model}_add"), data)
    assert response.status_code == 200
    assert admin_errors(response) == [message(limit + 1)]


@pytest.mark.parametrize(
    ("model", "prefix", "rows", "limit", "message"), ADMIN, ids=["shifts", "holidays", "overrides"]
)
def test_the_admin_refuses_a_forged_row_count_with_the_same_message(
    operator, org, settings, model, prefix, rows, limit, message
):
    # A lower limit (the setting is read on each call): the admin draws every form it reads, and
    # twice 500 blank rows would only make the test slow, not different.
    small = 12
    setting = {"shifts": "SCHEDULE_MAX_SHIFTS", "holidays": "HOLIDAY_LIST_MAX_HOLIDAYS"}.get(
        prefix, "OVERRIDE_LIST_MAX_OVERRIDES"
    )
    setattr(settings, setting, small)
    data = {
        "organization": str(org.pk),
        "name": "Forged",
        "description": "",
        **admin_rows(prefix, rows(1), 10_000),
    }
    with unchanged():
        response = operator.post(reverse(f"admin:flows_{model}_add"), data)
    assert response.status_code == 200
    assert admin_errors(response) == [message(10_000).replace(f"at most {limit} ", f"at most {small} ")]
    (inline,) = response.context["inline_admin_formsets"]
    assert len(inline.formset.forms) == 2 * small


@pytest.mark.parametrize(
    ("model", "prefix", "rows", "limit", "message"), ADMIN, ids=["shifts", "holidays", "overrides"]
)
def test_the_admin_offers_rows_up_to_the_limit(operator, model, prefix, rows, limit, message):
    response = operator.get(reverse(f"admin:flows_{model}_add"))
    (inline,) = response.context["inline_admin_formsets"]
    assert inline.formset.max_num == limit
    assert f'name="{prefix}-MAX_NUM_FORMS" value="{limit}"' in response.content.decode()


def test_the_admin_counts_rows_marked_for_deletion_out(operator, org, settings):
    settings.HOLIDAY_LIST_MAX_HOLIDAYS = 2
    holidays = make_holiday_list(org, holidays=holiday_values(2))
    page = operator.get(reverse("admin:flows_holidaylist_change", args=[holidays.pk]))
    formset = page.context["inline_admin_formsets"][0].formset
    data = {
        "organization": str(org.pk),
        "name": holidays.name,
        "description": "",
        "loaded_version": str(holidays.version),
    }
    data.update({"holidays-TOTAL_FORMS": "3", "holidays-INITIAL_FORMS": "2"})
    data.update({"holidays-MIN_NUM_FORMS": "0", "holidays-MAX_NUM_FORMS": "2"})
    for index, form in enumerate(formset.forms):
        row = form.instance
        data.update(
            {
                f"holidays-{index}-id": str(row.pk),
                f"holidays-{index}-holiday_list": str(holidays.pk),
                f"holidays-{index}-name": row.name,
                f"holidays-{index}-start_date": row.start_date.isoformat(),
                f"holidays-{index}-end_date": row.end_date.isoformat(),
            }
        )
    data.update(
        {"holidays-2-name": "New", "holidays-2-start_date": "2026-06-01", "holidays-2-end_date": "2026-06-01"}
    )
    with unchanged():
        refused = operator.post(reverse("admin:flows_holidaylist_change", args=[holidays.pk]), data)
    assert admin_errors(refused) == ["A holiday list can have at most 2 holidays; this one has 3."]
    data["holidays-0-DELETE"] = "on"
    saved = operator.post(reverse("admin:flows_holidaylist_change", args=[holidays.pk]), data)
    assert saved.status_code == 302, admin_errors(saved)
    assert sorted(holidays.holidays.values_list("name", flat=True)) == ["Holiday 1", "New"]


# The calendar and Test routing: bounded work with the most rows


def most_rows_schedule(*, far_rows: bool = True) -> Schedule:
    """The most rows the limits allow, laid out to give the engine the most edges in March 2026: 50
    shifts every day; 250 yearly holidays, a hundred days each, overlapping one another; 250 short
    overrides within the month; and (with `far_rows`) the other half of each list in years far from it."""
    shifts = tuple(ShiftRule(f"Shift {n}", tuple(range(7)), n * 28, n * 28 + 14) for n in range(50))
    near_holidays = tuple(
        HolidayRule(
            f"Holiday {n}", DAY + datetime.timedelta(days=n), DAY + datetime.timedelta(days=n + 100), True
        )
        for n in range(250)
    )
    far_holidays = tuple(
        HolidayRule(
            f"Old holiday {n}",
            datetime.date(2000, 1, 1) + datetime.timedelta(days=n * 20),
            datetime.date(2000, 1, 1) + datetime.timedelta(days=n * 20 + 3),
        )
        for n in range(250)
    )
    start = datetime.datetime(2026, 3, 1)
    near_overrides = tuple(
        OverrideRule(
            f"Override {n}",
            start + datetime.timedelta(minutes=170 * n),
            start + datetime.timedelta(minutes=170 * n + 60),
            n % 2 == 0,
        )
        for n in range(250)
    )
    far_overrides = tuple(
        OverrideRule(
            f"Old override {n}",
            datetime.datetime(2010, 1, 1) + datetime.timedelta(hours=n),
            datetime.datetime(2010, 1, 1) + datetime.timedelta(hours=n, minutes=30),
            True,
        )
        for n in range(250)
    )
    if not far_rows:
        return Schedule(shifts, near_holidays, near_overrides)
    return Schedule(shifts, near_holidays + far_holidays, near_overrides + far_overrides)


@pytest.fixture
def rule_lookups(monkeypatch):
    """How many times the engine asks for the state at a moment: its work, step by step."""
    counted = {"lookups": 0}
    rule_at = flows.schedule._Evaluator.rule_at

    def counting(self, local, offset, flips=False):
        counted["lookups"] += 1
        return rule_at(self, local, offset, flips)

    monkeypatch.setattr(flows.schedule._Evaluator, "rule_at", counting)
    return counted


def test_a_yearly_holiday_is_expanded_only_for_the_years_asked():
    holiday = HolidayRule("New Year", datetime.date(2000, 12, 31), datetime.date(2001, 1, 1), True)
    # The year before too: an occurrence that began in it may run into the first year.
    assert len(holiday.occurrences(2026, 2026)) == 2
    assert len(holiday.occurrences(2026, 2027)) == 3


def test_a_31_day_calendar_with_the_most_rows_visits_only_the_edges_in_its_days(rule_lookups):
    schedule = most_rows_schedule()
    found = calendar(schedule, datetime.date(2026, 3, 1), 31, CPH, split_days=True)
    lookups = rule_lookups["lookups"]
    # At most two edges per override in the days, per holiday day and per shift stretch in the weeks
    # touched, plus the local midnights and the clock change: nothing from the rest of the rows.
    edges = 2 * 250 + 2 * 32 + 2 * 50 * 7 * 6 + 31 + 1
    assert len(found.intervals) <= edges
    assert lookups <= edges
    # The rows far from the days change neither the answer nor the work.
    rule_lookups["lookups"] = 0
    assert (
        calendar(most_rows_schedule(far_rows=False), datetime.date(2026, 3, 1), 31, CPH, split_days=True)
        == found
    )
    assert rule_lookups["lookups"] == lookups


def test_test_routing_with_the_most_rows_takes_a_few_steps(rule_lookups):
    status_at(most_rows_schedule(), datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC), CPH)
    assert rule_lookups["lookups"] <= 10


def test_test_routing_that_finds_no_flip_for_400_days_walks_only_the_override_edges(rule_lookups):
    # Open around the clock, and 500 openings that change only the rule: the search for the next
    # close steps over each override's two edges (and the clock changes), and over nothing else.
    shifts = tuple(ShiftRule(f"Shift {n}", tuple(range(7)), n * 28, (n + 1) * 28 % 1400) for n in range(50))
    start = datetime.datetime(2026, 1, 1)
    overrides = tuple(
        OverrideRule(
            f"Override {n}",
            start + datetime.timedelta(hours=17 * n),
            start + datetime.timedelta(hours=17 * n + 1),
            True,
        )
        for n in range(500)
    )
    status = status_at(
        Schedule(shifts, (), overrides), datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC), CPH
    )
    assert status.is_open and status.until is None
    assert rule_lookups["lookups"] <= 2 * 500 + 10
