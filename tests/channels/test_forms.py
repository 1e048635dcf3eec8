"""EntryPointForm: which fields it shows for what was typed, and what it hands to the services."""

import re

import pytest

from channels.forms import EntryPointForm
from channels.models import EntryPoint
from tests.factories import (
    make_business_hours,
    make_entry_point,
    make_flow,
    make_number,
    make_outbound_queue,
    make_queue,
    make_strategy,
)

pytestmark = pytest.mark.django_db

DEPENDENT = {
    "social_channel_type",
    "timezone",
    "service_level_threshold",
    "flow",
    "music_on_hold",
    "outdial_queue",
    "support_numbers",
}


def new_form(org, data=None, initial=None):
    return EntryPointForm(data=data, initial=initial, organization=org, instance=EntryPoint(organization=org))


def edit_form(channel, data=None):
    return EntryPointForm(data=data, organization=channel.organization, instance=channel)


def shown(form) -> set[str]:
    return set(form.fields) & DEPENDENT


@pytest.mark.parametrize(
    ("channel_type", "expected"),
    [
        ("", set()),
        ("fax", set()),
        ("chat", {"timezone", "service_level_threshold", "flow"}),
        ("email", {"timezone", "service_level_threshold", "flow"}),
        ("social", {"social_channel_type", "timezone", "service_level_threshold", "flow"}),
        ("inbound_telephony", {"timezone", "service_level_threshold", "flow", "support_numbers"}),
        (
            "outbound_telephony",
            {"timezone", "service_level_threshold", "flow", "music_on_hold", "outdial_queue"},
        ),
    ],
)
def test_dependent_fields_follow_the_typed_channel_type(org, channel_type, expected):
    assert shown(new_form(org, data={"channel_type": channel_type})) == expected
    assert shown(new_form(org, initial={"channel_type": channel_type})) == expected


def test_outbound_routed_by_a_strategy_hides_music_and_queue(org):
    strategy = make_strategy(org)
    form = new_form(org, data={"channel_type": "outbound_telephony", "flow": str(strategy.pk)})
    assert "music_on_hold" not in form.fields and "outdial_queue" not in form.fields
    assert form.shows_strategy_note
    flow = make_flow(org)
    form = new_form(org, data={"channel_type": "outbound_telephony", "flow": str(flow.pk)})
    assert {"music_on_hold", "outdial_queue"} <= set(form.fields) and not form.shows_strategy_note


def test_an_edited_channel_keeps_its_stored_type_whatever_is_posted(org):
    channel = make_entry_point(org, "chat")
    form = edit_form(channel, data={"channel_type": "inbound_telephony"})
    assert form.current_type == "chat"
    assert "support_numbers" not in form.fields


def test_new_channels_default_to_the_organizations_time_zone(org):
    form = new_form(org, initial={"channel_type": "chat"})
    assert form["timezone"].value() == org.timezone == "Europe/Copenhagen"


def test_threshold_maximum_and_hint_follow_the_type(org):
    form = new_form(org, data={"channel_type": "email"})
    assert form.fields["service_level_threshold"].widget.attrs["max"] == 1_209_600
    assert form.service_level_max == 1_209_600
    assert new_form(org, data={"channel_type": "social"}).service_level_max == 604_800


def _offered(form, name: str) -> list[tuple[str, str]]:
    """(value, label) of what the form's picker `name` lists, in its order."""
    html = str(form[name])
    return re.findall(rf'name="{name}" value="([^"]+)"[^>]*> <span class="picker-label">([^<]*)</span>', html)


def test_flow_choices_recommend_business_hours_first_and_mark_legacy(org):
    with_hours = make_flow(org, name="With_Hours", business_hours=make_business_hours(org))
    plain = make_flow(org, name="Plain")
    strategy = make_strategy(org, name="Legacy")
    assert _offered(new_form(org, data={"channel_type": "outbound_telephony"}), "flow") == [
        (str(with_hours.pk), "With_Hours (recommended)"),
        (str(strategy.pk), "Legacy (routing strategy)"),
        (str(plain.pk), "Plain"),
    ]
    assert _offered(new_form(org, data={"channel_type": "chat"}), "flow") == [
        (str(with_hours.pk), "With_Hours (recommended)"),
        (str(plain.pk), "Plain"),
    ]


def test_a_strategy_on_an_inbound_channel_parses_so_the_service_can_explain(org):
    """The form accepts any flow of the organization; the model says why a strategy is wrong."""
    strategy = make_strategy(org)
    form = new_form(
        org,
        data={
            "name": "X",
            "channel_type": "chat",
            "timezone": "UTC",
            "service_level_threshold": "30",
            "flow": str(strategy.pk),
        },
    )
    assert form.is_valid(), form.errors
    assert form.service_fields()["flow"] == strategy


def test_outdial_queue_offers_only_outbound_telephony_queues(org):
    outbound = make_outbound_queue(org, name="Out")
    make_queue(org, name="In")
    form = new_form(org, data={"channel_type": "outbound_telephony"})
    assert [value for value, _label in _offered(form, "outdial_queue")] == [str(outbound.pk)]


def test_support_numbers_offer_free_numbers_and_the_channels_own(org):
    channel = make_entry_point(org, "inbound_telephony")
    other = make_entry_point(org, "inbound_telephony")
    own = make_number(org, entry_point=channel)
    taken = make_number(org, entry_point=other)
    free = make_number(org)
    form = edit_form(channel)
    offered = set(form.fields["support_numbers"].queryset)
    assert offered == {own, free} and taken not in offered
    assert form["support_numbers"].value() == [str(own.pk)]


def test_service_fields_clear_what_the_type_does_not_use(org):
    flow = make_flow(org)
    queue = make_outbound_queue(org)
    form = new_form(
        org,
        data={
            "name": "Chat_1",
            "channel_type": "chat",
            "timezone": "UTC",
            "service_level_threshold": "30",
            "flow": str(flow.pk),
            "social_channel_type": "sms",
            "outdial_queue": str(queue.pk),
        },
    )
    assert form.is_valid(), form.errors
    fields = form.service_fields()
    assert (
        fields["social_channel_type"] == ""
        and fields["outdial_queue"] is None
        and fields["music_on_hold"] is None
    )
    assert "support_numbers" not in fields
    assert fields["channel_type"] == "chat" and fields["service_level_threshold"] == 30


def test_the_system_channel_form_changes_only_description_and_numbers(org):
    system = EntryPoint.objects.get(organization=org, is_system=True)
    number = make_number(org)
    form = edit_form(
        system,
        data={
            "name": "Other",
            "description": "d",
            "support_numbers": [str(number.pk)],
            "timezone": "UTC",
            "channel_type": "outbound_telephony",
        },
    )
    assert "name" not in form.fields and shown(form) == {"support_numbers"}
    assert form.is_valid(), form.errors
    assert form.service_fields() == {"description": "d", "support_numbers": [number]}


def test_the_form_only_parses_and_leaves_the_rules_to_the_service(org):
    """An over-long name is valid for the form; the model's validator reports it (one message, one place)."""
    flow = make_flow(org)
    form = new_form(
        org,
        data={
            "name": "N" * 81,
            "channel_type": "chat",
            "timezone": "Nowhere/City",
            "service_level_threshold": "999999",
            "flow": str(flow.pk),
        },
    )
    assert form.is_valid(), form.errors
    assert "maxlength" not in str(form["name"]) and "maxlength" not in str(form["description"])
