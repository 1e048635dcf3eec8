"""Bulk actions on support numbers: release and delete, row by row through the one-number services."""

import pytest

from channels.services import entry_point_update
from support_numbers.models import SupportNumber
from support_numbers.services import support_numbers_bulk
from tests.factories import make_entry_point, make_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def numbers(org):
    channel = make_entry_point(org, channel_type="inbound_telephony", name="Hotline")
    assigned, free = make_number(org), make_number(org)
    entry_point_update(entry_point=channel, version=channel.version, support_numbers=[assigned])
    return assigned, free


def test_release_frees_assigned_numbers_and_leaves_free_ones_unchanged(org, numbers):
    assigned, free = numbers

    report = support_numbers_bulk(organization=org, action="release", ids=[assigned.pk, free.pk])

    assert [outcome.status for outcome in report.outcomes] == ["done", "unchanged"]
    assert not SupportNumber.objects.filter(entry_point__isnull=False).exists()


def test_delete_refuses_an_assigned_number_and_deletes_a_free_one(org, numbers):
    assigned, free = numbers

    report = support_numbers_bulk(organization=org, action="delete", ids=[assigned.pk, free.pk])

    assert [outcome.status for outcome in report.outcomes] == ["refused", "done"]
    assert "Hotline" in report.outcomes[0].detail
    assert list(SupportNumber.objects.values_list("pk", flat=True)) == [assigned.pk]


def test_another_organizations_number_is_not_found(org, other_org):
    theirs = make_number(other_org)

    report = support_numbers_bulk(organization=org, action="delete", ids=[theirs.pk])

    assert report.outcomes[0].status == "not_found"
    assert SupportNumber.objects.filter(pk=theirs.pk).exists()
