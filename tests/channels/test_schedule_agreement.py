"""Test routing, the calendar and Open now give one answer at every instant, also where the wall clock
and real time part: an emergency closure across the repeated autumn hour (DOMAIN.md, *Business hours*)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from channels.routing import routing_resolve
from channels.selectors import channel_calendar, channel_status
from tests.channels.test_routing import make_danish_line

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
CPH = ZoneInfo("Europe/Copenhagen")
ALWAYS = {
    "name": "Always",
    "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "start_minute": 0,
    "end_minute": 0,
}


@pytest.fixture
def line(org):
    line = make_danish_line(org, shifts=[ALWAYS])
    overrides = line.hours.override_list
    overrides.overrides.create(
        name="Emergency",
        start=datetime.datetime(2026, 10, 25, 2, 30),
        end=datetime.datetime(2026, 10, 25, 5, 0),
        state="closed",
    )
    return line


def state(status) -> tuple:
    return (status.is_open, str(status.rule_kind), status.rule_name)


# The repeated hour is 00:00-01:00 UTC (02:00-03:00 CEST) and 01:00-02:00 UTC (02:00-03:00 CET).
@pytest.mark.parametrize(
    ("local", "fold", "expected"),
    [
        ("2026-10-25T02:15", 0, (True, "shift", "Always")),
        ("2026-10-25T02:30", 0, (False, "override", "Emergency")),
        ("2026-10-25T02:15", 1, (False, "override", "Emergency")),  # the second pass: no gap
        ("2026-10-25T02:45", 1, (False, "override", "Emergency")),
        ("2026-10-25T04:59", 0, (False, "override", "Emergency")),
        ("2026-10-25T05:00", 0, (True, "shift", "Always")),
    ],
)
def test_routing_open_now_and_the_calendar_agree_across_the_repeated_hour(org, line, local, fold, expected):
    routed = routing_resolve(
        organization=org, entry_point=line.channel, local=datetime.datetime.fromisoformat(local), fold=fold
    )
    instant = datetime.datetime.fromisoformat(local).replace(tzinfo=CPH, fold=fold).astimezone(UTC)
    assert routed.status.at.astimezone(UTC) == instant
    assert state(routed.status) == expected
    assert state(channel_status(line.channel, instant)) == expected
    calendar = channel_calendar(line.channel, start=datetime.date(2026, 10, 25), days=1)
    (span,) = [s for s in calendar.intervals if s.start.astimezone(UTC) <= instant < s.end.astimezone(UTC)]
    assert (span.is_open, str(span.rule_kind), span.rule_name) == expected
    assert routed.status.until == channel_status(line.channel, instant).until


def test_the_calendar_shows_the_closure_as_one_interval(org, line):
    calendar = channel_calendar(line.channel, start=datetime.date(2026, 10, 25), days=1)
    closed = [s for s in calendar.intervals if not s.is_open]
    assert [(s.start.astimezone(UTC).time(), s.end.astimezone(UTC).time()) for s in closed] == [
        (datetime.time(0, 30), datetime.time(4, 0))
    ]


@pytest.mark.parametrize(("fold", "other"), [(0, "closed (Emergency)"), (1, "open (Always)")])
def test_test_routing_says_when_the_other_pass_of_the_hour_differs(org, line, fold, other):
    # 02:15 happens twice: open on the first pass, closed by the override on the second.
    routed = routing_resolve(
        organization=org, entry_point=line.channel, local=datetime.datetime(2026, 10, 25, 2, 15), fold=fold
    )
    (ambiguous,) = [w for w in routed.warnings if w.code == "ambiguous_time"]
    assert ambiguous.message.endswith(f" At the other time the contact center is {other}.")


def test_no_word_about_the_other_pass_when_both_agree(org, line):
    routed = routing_resolve(
        organization=org, entry_point=line.channel, local=datetime.datetime(2026, 10, 25, 2, 45), fold=0
    )
    (ambiguous,) = [w for w in routed.warnings if w.code == "ambiguous_time"]
    assert "At the other time" not in ambiguous.message  # 02:45 is in the closure on both passes
