"""Test routing, the service: where a contact to a number or channel goes at a local moment, and why."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from channels.models import EntryPoint
from channels.routing import RoutingOutcome, RoutingWarningCode, routing_resolve
from channels.services import entry_point_deactivate, system_channel_ensure
from contactcenter.models import Organization
from queues.services import queue_update
from tests.factories import (
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_number,
    make_outbound_queue,
    make_override_list,
    make_queue,
)

pytestmark = pytest.mark.django_db

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
NUMBER = "+45 33 12 34 56"


def make_danish_line(org, *, shifts=None, number: str = NUMBER, timezone: str = "Europe/Copenhagen"):
    """The demo-like setup: a Copenhagen phone channel whose flow follows Mon–Fri 09:00–17:00, closes on
    Christmas Eve and for an office move, and routes to a queue, and a Danish number assigned to it."""
    holidays = make_holiday_list(
        org,
        name="Danish holidays",
        holidays=[
            {
                "name": "Christmas Eve",
                "start_date": datetime.date(2025, 12, 24),
                "end_date": datetime.date(2025, 12, 24),
                "repeats_yearly": True,
            }
        ],
    )
    overrides = make_override_list(
        org,
        name="Extraordinary hours",
        overrides=[
            {
                "name": "Office move",
                "start": datetime.datetime(2026, 3, 13, 12, 0),
                "end": datetime.datetime(2026, 3, 13, 17, 0),
                "state": "closed",
            }
        ],
    )
    hours = make_business_hours(
        org,
        name="Copenhagen office",
        shifts=shifts
        or [{"name": "Weekdays", "weekdays": WEEKDAYS, "start_minute": 9 * 60, "end_minute": 17 * 60}],
        holiday_list=holidays,
        override_list=overrides,
    )
    queue = make_queue(org, name="Support_DK")
    flow = make_flow(org, name="Main_IVR", business_hours=hours, queue=queue)
    line = make_number(org, number)
    channel = make_entry_point(
        org,
        "inbound_telephony",
        name="Support_Hotline",
        flow=flow,
        timezone=timezone,
        support_numbers=[line],
    )
    return SimpleNamespace(channel=channel, flow=flow, queue=queue, hours=hours, number=line)


@pytest.fixture
def danish(org):
    return make_danish_line(org)


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def codes(result) -> list[str]:
    return [warning.code for warning in result.warnings]


# --- The cases the issue names -----------------------------------------------------------------

# (local time, fold, open?, rule kind, rule name, UTC offset, until (local ISO), outcome)
DANISH_CASES = [
    pytest.param(
        "2026-12-24T10:00",
        0,
        False,
        "holiday",
        "Christmas Eve",
        "+01:00",
        "2026-12-25T09:00:00+01:00",
        RoutingOutcome.CLOSED,
        id="christmas-eve-closed-by-the-holiday",
    ),
    pytest.param(
        "2026-01-14T08:59",
        0,
        False,
        "closed",
        "",
        "+01:00",
        "2026-01-14T09:00:00+01:00",
        RoutingOutcome.CLOSED,
        id="weekday-08:59-closed-opens-09:00",
    ),
    pytest.param(
        "2026-01-14T09:00",
        0,
        True,
        "shift",
        "Weekdays",
        "+01:00",
        "2026-01-14T17:00:00+01:00",
        RoutingOutcome.QUEUE,
        id="weekday-09:00-open-to-the-queue",
    ),
    pytest.param(
        "2026-06-10T09:00",
        0,
        True,
        "shift",
        "Weekdays",
        "+02:00",
        "2026-06-10T17:00:00+02:00",
        RoutingOutcome.QUEUE,
        id="summer-09:00-is-wall-clock-09:00",
    ),
    pytest.param(
        "2026-01-14T17:00",
        0,
        False,
        "closed",
        "",
        "+01:00",
        "2026-01-15T09:00:00+01:00",
        RoutingOutcome.CLOSED,
        id="weekday-17:00-closed",
    ),
    pytest.param(
        "2026-01-17T12:00",
        0,
        False,
        "closed",
        "",
        "+01:00",
        "2026-01-19T09:00:00+01:00",
        RoutingOutcome.CLOSED,
        id="saturday-closed-until-monday",
    ),
    pytest.param(
        "2026-03-13T13:00",
        0,
        False,
        "override",
        "Office move",
        "+01:00",
        "2026-03-16T09:00:00+01:00",
        RoutingOutcome.CLOSED,
        id="closed-by-an-override",
    ),
]


@pytest.mark.parametrize(
    ("local", "fold", "is_open", "kind", "rule", "offset", "until", "outcome"), DANISH_CASES
)
def test_the_danish_number_at_a_local_moment(
    org, danish, local, fold, is_open, kind, rule, offset, until, outcome
):
    result = routing_resolve(organization=org, number=NUMBER, local=at(local), fold=fold)
    assert result.entry_point == danish.channel
    assert result.timezone == "Europe/Copenhagen"
    assert result.at.replace(tzinfo=None) == at(local)
    assert result.utc_offset == offset
    assert result.status.is_open is is_open
    assert result.status.rule_kind == kind
    assert result.status.rule_name == rule
    assert result.status.until.isoformat() == until
    assert result.outcome == outcome
    assert result.queue == (danish.queue if is_open else None)
    assert result.warnings == []


def test_christmas_eve_names_the_holiday_and_when_it_opens(org, danish):
    result = routing_resolve(organization=org, number=NUMBER, local=at("2026-12-24T10:00"))
    assert result.status.label() == "Closed · Christmas Eve · opens 25 Dec 09:00"
    assert result.summary == "Closed (Christmas Eve): the contact does not go to a queue."
    assert result.is_open is False


def test_09_00_names_the_queue(org, danish):
    result = routing_resolve(organization=org, number=NUMBER, local=at("2026-01-14T09:00"))
    assert result.summary == "The contact goes to the queue “Support_DK”."
    assert result.status.label() == "Open · until 17:00 (Weekdays)"


# The autumn repeated hour: on Sunday 25 October 2026 Copenhagen's clocks go back from 03:00 to 02:00.
AUTUMN = at("2026-10-25T02:30")
NIGHT = {"name": "Night", "weekdays": ["sun"], "start_minute": 0, "end_minute": 2 * 60 + 45}


@pytest.mark.parametrize(
    ("fold", "offset", "utc", "other_offset"),
    [
        (0, "+02:00", "2026-10-25T00:30:00+00:00", "+01:00"),
        (1, "+01:00", "2026-10-25T01:30:00+00:00", "+02:00"),
    ],
)
def test_autumn_repeated_hour_without_a_shift_is_closed_on_both_passes(
    org, danish, fold, offset, utc, other_offset
):
    result = routing_resolve(organization=org, number=NUMBER, local=AUTUMN, fold=fold)
    assert result.ambiguous and not result.nonexistent
    assert result.fold == fold
    assert result.utc_offset == offset
    assert result.at.astimezone(datetime.UTC).isoformat() == utc
    assert result.other_occurrence.utcoffset() == datetime.timedelta(hours=int(other_offset[1:3]))
    assert result.status.is_open is False
    assert result.status.reason == "outside working hours"
    assert result.status.until.isoformat() == "2026-10-26T09:00:00+01:00"
    assert result.outcome == RoutingOutcome.CLOSED
    assert RoutingWarningCode.AMBIGUOUS_TIME in codes(result)
    ambiguous = next(w for w in result.warnings if w.code == RoutingWarningCode.AMBIGUOUS_TIME)
    assert "02:30 happens twice on Sun 25 Oct 2026" in ambiguous.message
    assert f"at UTC{offset}; the other is at UTC{other_offset}" in ambiguous.message
    assert ("first time" if fold == 0 else "second time") in ambiguous.message
    # Within 24 hours of a clock change either way.
    assert RoutingWarningCode.CLOCK_CHANGE in codes(result)


@pytest.mark.parametrize(
    ("fold", "offset", "until"),
    [(0, "+02:00", "2026-10-25T02:45:00+02:00"), (1, "+01:00", "2026-10-25T02:45:00+01:00")],
)
def test_autumn_repeated_hour_inside_a_shift_is_open_until_the_same_pass_ends_it(org, fold, offset, until):
    line = make_danish_line(org, shifts=[NIGHT])
    result = routing_resolve(organization=org, entry_point=line.channel, local=AUTUMN, fold=fold)
    assert result.ambiguous
    assert result.utc_offset == offset
    assert result.status.is_open is True
    assert result.status.rule_name == "Night"
    # The shift ends at 02:45 on the wall clock: on each pass, the 02:45 of that pass.
    assert result.status.until.isoformat() == until
    assert result.outcome == RoutingOutcome.QUEUE
    assert result.queue == line.queue


def test_spring_skipped_time_is_read_as_the_jump(org, danish):
    # Sunday 29 March 2026: the clocks go forward from 02:00 to 03:00.
    result = routing_resolve(organization=org, number=NUMBER, local=at("2026-03-29T02:30"))
    assert result.nonexistent and not result.ambiguous
    assert result.at.isoformat() == "2026-03-29T03:00:00+02:00"
    assert result.requested == at("2026-03-29T02:30")
    warning = next(w for w in result.warnings if w.code == RoutingWarningCode.NONEXISTENT_TIME)
    assert warning.message == (
        "02:30 does not exist on Sun 29 Mar 2026 in Europe/Copenhagen: the clocks go forward from 02:00 to "
        "03:00. It is read as 03:00 (UTC+02:00), the moment the clocks jump."
    )


def test_a_shift_over_the_spring_gap_opens_when_the_clocks_jump(org):
    line = make_danish_line(
        org,
        shifts=[{"name": "Early", "weekdays": ["sun"], "start_minute": 2 * 60 + 15, "end_minute": 5 * 60}],
    )
    result = routing_resolve(organization=org, entry_point=line.channel.pk, local=at("2026-03-29T02:30"))
    assert result.status.is_open is True
    assert result.status.rule_name == "Early"
    assert result.outcome == RoutingOutcome.QUEUE


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("2026-10-24T12:00", True),  # 14 h before the clocks go back
        ("2026-10-26T00:30", True),  # 22 h after
        ("2026-10-22T12:00", False),
        ("2026-10-27T12:00", False),
    ],
)
def test_a_clock_change_within_24_hours_is_a_warning(org, danish, local, expected):
    result = routing_resolve(organization=org, number=NUMBER, local=at(local))
    found = [w for w in result.warnings if w.code == RoutingWarningCode.CLOCK_CHANGE]
    assert bool(found) is expected
    if expected:
        assert found[0].message == (
            "A clock change within 24 hours: 25 Oct 2026: clocks go back from 03:00 to 02:00 "
            "(UTC+02:00 → UTC+01:00)."
        )


# --- Other zones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone_name", "local", "fold", "offset", "ambiguous"),
    [
        ("America/New_York", "2026-11-01T01:30", 0, "-04:00", True),
        ("America/New_York", "2026-11-01T01:30", 1, "-05:00", True),
        ("Asia/Kolkata", "2026-10-25T02:30", 1, "+05:30", False),  # no DST: fold changes nothing
        ("Australia/Lord_Howe", "2026-04-05T01:45", 0, "+11:00", True),  # a 30-minute change
        ("Australia/Lord_Howe", "2026-04-05T01:45", 1, "+10:30", True),
    ],
)
def test_other_zones_show_their_offsets(org, zone_name, local, fold, offset, ambiguous):
    line = make_danish_line(org, timezone=zone_name)
    result = routing_resolve(organization=org, number=NUMBER, local=at(local), fold=fold)
    assert result.timezone == zone_name
    assert result.at.replace(tzinfo=None) == at(local)
    assert result.utc_offset == offset
    assert result.ambiguous is ambiguous
    assert result.fold == (fold if ambiguous else 0)
    assert result.entry_point == line.channel


# --- Numbers in any written form, and bad input ---------------------------------------------------


@pytest.mark.parametrize(
    "written", ["+45 33 12 34 56", "+4533123456", "0045 33 12 34 56", " +45-33-12-34-56 "]
)
def test_the_number_may_be_written_in_any_common_form(org, danish, written):
    result = routing_resolve(organization=org, number=written, local=at("2026-01-14T09:00"))
    assert result.number == danish.number
    assert result.entry_point == danish.channel


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("33 12 34 56", "Write “33 12 34 56” in international form"),
        ("+45 12", "“+45 12” is not a valid number in DK"),
        ("+hello", "“+hello” is not a phone number."),
        ("+45 33 99 88 77", "No support number +45 33 99 88 77 in your organization."),
    ],
)
def test_an_invalid_or_unknown_number_is_a_field_error(org, danish, written, message):
    with pytest.raises(ValidationError) as caught:
        routing_resolve(organization=org, number=written)
    assert list(caught.value.message_dict) == ["number"]
    assert message in caught.value.message_dict["number"][0]


def test_another_organizations_number_and_channel_are_not_found(org, other_org):
    theirs = make_danish_line(other_org)
    with pytest.raises(ValidationError) as caught:
        routing_resolve(organization=org, number=NUMBER)
    assert caught.value.message_dict == {
        "number": ["No support number +45 33 12 34 56 in your organization."]
    }
    with pytest.raises(ValidationError) as caught:
        routing_resolve(organization=org, entry_point=theirs.channel)
    assert caught.value.message_dict == {"entry_point": ["No such channel in your organization."]}


@pytest.mark.parametrize("key", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_channel_id_is_not_found(org, key):
    with pytest.raises(ValidationError) as caught:
        routing_resolve(organization=org, entry_point=key)
    assert caught.value.message_dict == {"entry_point": ["No such channel in your organization."]}


def test_exactly_one_of_number_and_channel(org, danish):
    with pytest.raises(ValidationError) as caught:
        routing_resolve(organization=org)
    assert caught.value.messages == ["Give a support number or choose a channel."]
    with pytest.raises(ValidationError) as caught:
        routing_resolve(organization=org, number=NUMBER, entry_point=danish.channel)
    assert caught.value.messages == ["Give either a support number or a channel, not both."]
    with pytest.raises(ValidationError):
        routing_resolve(organization=org, number="   ")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"fold": 2}, "fold"),
        ({"fold": -1}, "fold"),
        ({"local": at("1969-12-31T23:59")}, "local_time"),
        ({"local": at("2200-01-01T00:00")}, "local_time"),
    ],
)
def test_out_of_range_input_is_a_field_error(org, danish, kwargs, field):
    with pytest.raises(ValidationError) as caught:
        routing_resolve(organization=org, number=NUMBER, **kwargs)
    assert list(caught.value.message_dict) == [field]


def test_the_far_ends_of_the_range_are_answered(org, danish):
    assert routing_resolve(organization=org, number=NUMBER, local=at("1970-01-01T00:00")).status is not None
    assert routing_resolve(organization=org, number=NUMBER, local=at("2199-12-31T23:59")).status is not None


# --- Warnings -------------------------------------------------------------------------------------


def test_an_unassigned_number_answers_in_the_organizations_zone(org):
    make_number(org, "+45 33 12 34 57")
    result = routing_resolve(organization=org, number="+45 33 12 34 57", local=at("2026-01-14T09:00"))
    assert result.entry_point is None and result.flow is None and result.status is None
    assert result.outcome == RoutingOutcome.NO_CHANNEL
    assert result.timezone == org.timezone
    assert result.is_open is None
    assert codes(result) == [RoutingWarningCode.NUMBER_UNASSIGNED]
    assert result.warnings[0].message == "The support number +45 33 12 34 57 is not assigned to any channel."


def test_an_inactive_channel_takes_no_contacts_even_when_open(org, danish):
    entry_point_deactivate(entry_point=danish.channel)
    result = routing_resolve(organization=org, number=NUMBER, local=at("2026-01-14T10:00"))
    assert result.status.is_open is True
    assert result.outcome == RoutingOutcome.CHANNEL_INACTIVE
    assert result.queue is None
    assert codes(result) == [RoutingWarningCode.CHANNEL_INACTIVE]


def test_a_flow_without_business_hours_is_always_open(org):
    queue = make_queue(org, name="Email_Support")
    channel = make_entry_point(org, "email", flow=make_flow(org, name="Email_Flow", queue=queue))
    result = routing_resolve(organization=org, entry_point=channel, local=at("2026-12-24T03:00"))
    assert result.status is None
    assert result.is_open is True
    assert result.outcome == RoutingOutcome.QUEUE
    assert result.queue == queue
    assert codes(result) == [RoutingWarningCode.NO_BUSINESS_HOURS]
    assert "“Email_Flow” has no business hours" in result.warnings[0].message


def test_a_flow_without_a_queue(org):
    channel = make_entry_point(org, "chat", flow=make_flow(org, name="Chat_Flow"))
    result = routing_resolve(organization=org, entry_point=channel, local=at("2026-01-14T10:00"))
    assert result.outcome == RoutingOutcome.NO_QUEUE
    assert codes(result) == [RoutingWarningCode.NO_BUSINESS_HOURS, RoutingWarningCode.NO_QUEUE]
    assert result.summary == "Open, but the flow routes to no queue: the contact is not queued."


def test_a_closed_flow_without_a_queue_still_warns_about_the_queue(org):
    hours = make_business_hours(org)
    channel = make_entry_point(org, "chat", flow=make_flow(org, business_hours=hours))
    result = routing_resolve(organization=org, entry_point=channel, local=at("2026-01-17T10:00"))
    assert result.outcome == RoutingOutcome.CLOSED
    assert codes(result) == [RoutingWarningCode.NO_QUEUE]


def test_an_inactive_queue_is_a_warning(org, danish):
    queue_update(queue=danish.queue, version=None, active=False)
    result = routing_resolve(organization=org, number=NUMBER, local=at("2026-01-14T10:00"))
    assert codes(result) == [RoutingWarningCode.QUEUE_INACTIVE]


def test_the_system_channel_has_no_flow(org):
    system = system_channel_ensure(organization=org)
    make_number(org, "+45 70 20 30 40", entry_point=system)
    result = routing_resolve(organization=org, number="+45 70 20 30 40", local=at("2026-01-14T10:00"))
    assert result.entry_point == system
    assert result.outcome == RoutingOutcome.NO_FLOW
    assert codes(result) == [RoutingWarningCode.OUTBOUND_CHANNEL, RoutingWarningCode.NO_FLOW]


def test_an_outbound_channel_is_flagged(org):
    channel = make_entry_point(org, "outbound_telephony", outdial_queue=make_outbound_queue(org))
    result = routing_resolve(organization=org, entry_point=channel, local=at("2026-01-14T10:00"))
    assert RoutingWarningCode.OUTBOUND_CHANNEL in codes(result)


# --- "Now", aware input, and the number of queries ----------------------------------------------


def test_without_a_time_it_answers_for_now_in_the_channels_zone(org, danish, monkeypatch):
    now = datetime.datetime(2026, 12, 24, 9, 30, tzinfo=datetime.UTC)  # 10:30 in Copenhagen
    monkeypatch.setattr("channels.routing.timezone", SimpleNamespace(now=lambda: now))
    result = routing_resolve(organization=org, number=NUMBER)
    assert result.requested is None
    assert result.at.isoformat() == "2026-12-24T10:30:00+01:00"
    assert result.status.rule_name == "Christmas Eve"


def test_now_in_the_repeated_hour_tells_which_pass_it_is(org, danish, monkeypatch):
    now = datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC)  # the second 02:30
    monkeypatch.setattr("channels.routing.timezone", SimpleNamespace(now=lambda: now))
    result = routing_resolve(organization=org, number=NUMBER)
    assert result.ambiguous and result.fold == 1
    assert result.utc_offset == "+01:00"
    assert result.other_occurrence.isoformat() == "2026-10-25T02:30:00+02:00"


def test_an_aware_local_time_is_placed_in_the_channels_zone(org, danish):
    instant = datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC)
    result = routing_resolve(organization=org, number=NUMBER, local=instant)
    # (An aware datetime with fold=1 never equals one of another zone, by PEP 495: compare in UTC.)
    assert result.at.astimezone(datetime.UTC) == instant
    assert result.fold == 1 and result.utc_offset == "+01:00"


def _big_schedule(org):
    holidays = make_holiday_list(
        org,
        holidays=[
            {
                "name": f"Day {n}",
                "start_date": datetime.date(2026, 1, n),
                "end_date": datetime.date(2026, 1, n),
            }
            for n in range(1, 21)
        ],
    )
    overrides = make_override_list(
        org,
        overrides=[
            {
                "name": f"Override {n}",
                "start": datetime.datetime(2026, 2, n, 10),
                "end": datetime.datetime(2026, 2, n, 11),
                "state": "closed",
            }
            for n in range(1, 11)
        ],
    )
    shifts = [
        {"name": f"Shift {day}", "weekdays": [day], "start_minute": 480, "end_minute": 960}
        for day in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    ]
    return make_business_hours(org, shifts=shifts, holiday_list=holidays, override_list=overrides)


@pytest.mark.parametrize("by", ["number", "entry_point"])
def test_the_number_of_queries_does_not_grow_with_the_schedule(org, danish, by, django_assert_num_queries):
    big = make_entry_point(
        org,
        "inbound_telephony",
        flow=make_flow(org, business_hours=_big_schedule(org), queue=make_queue(org)),
        support_numbers=[make_number(org, "+45 33 12 34 58")],
    )
    for channel, number in ((danish.channel, NUMBER), (big, "+45 33 12 34 58")):
        target = {"number": number} if by == "number" else {"entry_point": channel.pk}
        # The number or channel with flow, queue, schedule and lists joined; then the schedule's shifts,
        # holidays and overrides, one query each.
        with django_assert_num_queries(4):
            result = routing_resolve(organization=org, local=at("2026-01-14T09:00"), **target)
        assert result.entry_point == channel


# --- The demo organization (manage.py seed_demo) ---------------------------------------------------


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-only-password-1")
    call_command("seed_demo", stdout=io.StringIO())
    return Organization.objects.get(name="Demo Contact Center")


# (number, local time, outcome, rule name or None, until (local ISO) or None, queue, warning codes)
DEMO_CASES = [
    pytest.param(
        "+45 33 12 34 56",
        "2026-12-24T10:00",
        RoutingOutcome.CLOSED,
        "Juleaften",
        "2026-12-28T09:00:00+01:00",
        None,
        [],
        id="copenhagen-line-on-christmas-eve",
    ),
    pytest.param(
        "+45 33 12 34 56",
        "2026-01-14T08:59",
        RoutingOutcome.CLOSED,
        "",
        "2026-01-14T09:00:00+01:00",
        None,
        [],
        id="copenhagen-line-at-08:59",
    ),
    pytest.param(
        "+45 80 20 30 40",
        "2026-01-14T09:00",
        RoutingOutcome.QUEUE,
        "Weekdays",
        "2026-01-14T17:00:00+01:00",
        "Support_DK",
        [],
        id="toll-free-line-at-09:00",
    ),
    pytest.param(
        "+45 33 12 34 56",
        "2026-01-17T11:00",
        RoutingOutcome.QUEUE,
        "Saturday",
        "2026-01-17T14:00:00+01:00",
        "Support_DK",
        [],
        id="saturday-shift",
    ),
    pytest.param(
        "+45 33 12 34 56",
        "2026-12-20T11:00",
        RoutingOutcome.QUEUE,
        "Extra opening before Christmas",
        "2026-12-20T16:00:00+01:00",
        "Support_DK",
        [],
        id="sunday-extra-opening-override",
    ),
    pytest.param(
        "+45 33 12 34 56",
        "2026-10-25T02:30",
        RoutingOutcome.CLOSED,
        "",
        "2026-10-26T09:00:00+01:00",
        None,
        [RoutingWarningCode.AMBIGUOUS_TIME, RoutingWarningCode.CLOCK_CHANGE],
        id="autumn-repeated-hour",
    ),
    pytest.param(
        "+45 70 20 30 40",
        "2026-01-14T09:00",
        RoutingOutcome.NO_FLOW,
        None,
        None,
        None,
        [RoutingWarningCode.OUTBOUND_CHANNEL, RoutingWarningCode.NO_FLOW],
        id="system-channel-number",
    ),
    pytest.param(
        "+45 33 12 34 57",
        "2026-01-14T09:00",
        RoutingOutcome.NO_CHANNEL,
        None,
        None,
        None,
        [RoutingWarningCode.NUMBER_UNASSIGNED],
        id="spare-number",
    ),
]


@pytest.mark.parametrize(("number", "local", "outcome", "rule", "until", "queue", "warnings"), DEMO_CASES)
def test_the_demo_numbers_give_sensible_answers(demo, number, local, outcome, rule, until, queue, warnings):
    result = routing_resolve(organization=demo, number=number, local=at(local))
    assert result.outcome == outcome
    assert result.timezone == "Europe/Copenhagen"
    if rule is None:
        assert result.status is None
    else:
        assert result.status.rule_name == rule
        assert result.status.until.isoformat() == until
    assert (result.queue.name if result.queue else None) == queue
    assert codes(result) == warnings


@pytest.mark.parametrize(
    ("channel", "outcome", "warnings"),
    [
        ("Support_Email", RoutingOutcome.QUEUE, [RoutingWarningCode.NO_BUSINESS_HOURS]),
        ("Web_Chat", RoutingOutcome.QUEUE, []),
        (
            "Legacy_Outbound",
            RoutingOutcome.CHANNEL_INACTIVE,
            [
                RoutingWarningCode.CHANNEL_INACTIVE,
                RoutingWarningCode.OUTBOUND_CHANNEL,
                RoutingWarningCode.NO_BUSINESS_HOURS,
                RoutingWarningCode.NO_QUEUE,
            ],
        ),
    ],
)
def test_the_demo_channels_give_sensible_answers(demo, channel, outcome, warnings):
    entry_point = EntryPoint.objects.get(organization=demo, name=channel)
    result = routing_resolve(organization=demo, entry_point=entry_point, local=at("2026-01-14T10:00"))
    assert result.outcome == outcome
    assert codes(result) == warnings
