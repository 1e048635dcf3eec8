"""Bulk actions on channels: row by row through the one-channel services, each outcome reported."""

import uuid

import pytest

from channels.models import EntryPoint
from channels.services import entry_point_update, entry_points_bulk, system_channel_ensure
from support_numbers.models import SupportNumber
from tests.factories import make_entry_point, make_number

pytestmark = pytest.mark.django_db


def statuses(report) -> dict:
    return {outcome.name: outcome.status for outcome in report.outcomes}


def test_deactivate_changes_each_row_and_refuses_the_system_channel(org):
    channels = [make_entry_point(org, name=f"Chat_{n}") for n in range(3)]
    system = system_channel_ensure(organization=org)
    ids = [channel.pk for channel in channels] + [system.pk]

    report = entry_points_bulk(organization=org, action="deactivate", ids=ids)

    assert [outcome.id for outcome in report.outcomes] == ids
    assert report.counts == {"done": 3, "unchanged": 0, "refused": 1, "not_found": 0}
    refused = report.of("refused")[0]
    assert (refused.name, refused.code) == (system.name, "system_channel")
    assert "cannot be deactivated" in refused.detail
    assert not EntryPoint.objects.filter(pk__in=ids[:3], active=True).exists()
    system.refresh_from_db()
    assert system.active


def test_a_row_already_so_is_unchanged_and_keeps_its_version(org):
    channel = make_entry_point(org, name="Already_Off")
    entry_points_bulk(organization=org, action="deactivate", ids=[channel.pk])
    channel.refresh_from_db()
    version = channel.version

    report = entry_points_bulk(organization=org, action="deactivate", ids=[channel.pk])

    assert statuses(report) == {"Already_Off": "unchanged"}
    channel.refresh_from_db()
    assert channel.version == version


def test_preview_reports_what_would_happen_and_changes_nothing(org):
    active = make_entry_point(org, name="Active_One")
    inactive = make_entry_point(org, name="Inactive_One")
    entry_points_bulk(organization=org, action="deactivate", ids=[inactive.pk])

    report = entry_points_bulk(organization=org, action="delete", ids=[active.pk, inactive.pk], preview=True)

    assert statuses(report) == {"Active_One": "refused", "Inactive_One": "done"}
    assert report.of("refused")[0].code == "channel_active"
    assert EntryPoint.objects.filter(pk__in=[active.pk, inactive.pk]).count() == 2


def test_delete_refuses_a_channel_holding_numbers_unless_they_are_released(org):
    channel = make_entry_point(org, channel_type="inbound_telephony", name="Hotline")
    number = make_number(org)
    entry_point_update(entry_point=channel, version=channel.version, support_numbers=[number])
    entry_points_bulk(organization=org, action="deactivate", ids=[channel.pk])

    kept = entry_points_bulk(organization=org, action="delete", ids=[channel.pk])
    assert kept.of("refused")[0].code == "channel_has_numbers"
    assert EntryPoint.objects.filter(pk=channel.pk).exists()

    gone = entry_points_bulk(organization=org, action="delete", ids=[channel.pk], release_numbers=True)
    assert statuses(gone) == {"Hotline": "done"}
    assert not EntryPoint.objects.filter(pk=channel.pk).exists()
    assert SupportNumber.objects.get(pk=number.pk).entry_point is None


def test_another_organizations_channel_and_an_unknown_id_are_not_found(org, other_org):
    theirs = make_entry_point(other_org, name="Theirs")
    unknown = uuid.uuid4()

    report = entry_points_bulk(organization=org, action="deactivate", ids=[theirs.pk, unknown, theirs.pk])

    assert [(outcome.id, outcome.status, outcome.name) for outcome in report.outcomes] == [
        (theirs.pk, "not_found", ""),
        (unknown, "not_found", ""),
    ]
    theirs.refresh_from_db()
    assert theirs.active


def test_a_row_changed_since_the_review_is_refused_and_left_alone(org):
    reviewed = make_entry_point(org, name="Reviewed")
    changed = make_entry_point(org, name="Changed_Meanwhile")
    preview = entry_points_bulk(
        organization=org, action="deactivate", ids=[reviewed.pk, changed.pk], preview=True
    )
    versions = {outcome.id: outcome.version for outcome in preview.outcomes}
    entry_point_update(entry_point=changed, version=changed.version, description="edited by someone else")

    report = entry_points_bulk(
        organization=org, action="deactivate", ids=[reviewed.pk, changed.pk], versions=versions
    )

    assert statuses(report) == {"Reviewed": "done", "Changed_Meanwhile": "refused"}
    assert report.of("refused")[0].code == "version_conflict"
    changed.refresh_from_db()
    assert changed.active and changed.description == "edited by someone else"


def test_an_unknown_action_is_a_programming_error(org):
    with pytest.raises(ValueError):
        entry_points_bulk(organization=org, action="explode", ids=[])
