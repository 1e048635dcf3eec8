import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from contactcenter.choices import Role
from contactcenter.errors import VersionConflict
from contactcenter.models import Membership, Organization
from contactcenter.validators import (
    available_timezones,
    canonical_timezone,
    duration_hint,
    validate_name,
    validate_spaced_name,
    validate_timezone,
)
from queues.models import Queue
from tests.dbstate import unchanged
from tests.factories import make_queue, make_user

pytestmark = pytest.mark.django_db


class TestNameValidator:
    def test_accepts_letters_digits_underscore_hyphen_up_to_80(self):
        validate_name("Support_DK-2")
        validate_name("a" * 80)

    def test_empty_name_is_refused(self):
        with pytest.raises(ValidationError) as error:
            validate_name("")
        assert error.value.messages == ["Enter a name."]

    def test_81_characters_are_refused_with_the_counts(self):
        with pytest.raises(ValidationError) as error:
            validate_name("a" * 81)
        assert error.value.messages == ["The name can be at most 80 characters long (it has 81)."]

    def test_a_space_is_refused_and_named(self):
        with pytest.raises(ValidationError) as error:
            validate_name("Support DK")
        assert error.value.messages == [
            "The name can contain only letters (A–Z), digits, underscores and hyphens; remove space."
        ]

    @pytest.mark.parametrize("name", ["Sales!", "Æble", "a.b", "tab\there", "kø"])
    def test_other_characters_are_refused(self, name):
        with pytest.raises(ValidationError) as error:
            validate_name(name)
        assert error.value.code == "invalid_characters"

    def test_spaced_names_allow_single_spaces_between_words(self):
        validate_spaced_name("Copenhagen office")
        validate_spaced_name("Danish public holidays 2026")

    @pytest.mark.parametrize("name", ["two  spaces", " leading", "trailing ", "semi;colon"])
    def test_spaced_names_refuse_odd_spacing_and_punctuation(self, name):
        with pytest.raises(ValidationError) as error:
            validate_spaced_name(name)
        assert error.value.code == "invalid_characters"

    def test_spaced_names_are_also_limited_to_80(self):
        validate_spaced_name("a" * 80)
        with pytest.raises(ValidationError):
            validate_spaced_name("a" * 81)


class TestTimezone:
    def test_known_iana_zone_is_accepted(self):
        validate_timezone("Europe/Copenhagen")
        assert "America/New_York" in available_timezones()

    @pytest.mark.parametrize("value", ["europe/copenhagen", "EUROPE/COPENHAGEN", " Europe/Copenhagen "])
    def test_case_and_surrounding_space_do_not_matter(self, value):
        validate_timezone(value)
        assert canonical_timezone(value) == "Europe/Copenhagen"

    @pytest.mark.parametrize("value", ["Mars/Olympus", "", "Europe/Copen", "CET+1", "Europe//Copenhagen"])
    def test_unknown_zone_is_refused_with_its_name(self, value):
        with pytest.raises(ValidationError) as error:
            validate_timezone(value)
        assert f"“{value}” is not a known IANA time zone" in error.value.messages[0]

    def test_organization_full_clean_reports_the_timezone_field(self):
        organization = Organization(name="Zone Test", timezone="Nowhere/Land")
        with pytest.raises(ValidationError) as error:
            organization.full_clean()
        assert list(error.value.message_dict) == ["timezone"]

    def test_full_clean_stores_the_iana_spelling(self):
        organization = Organization(name="Zone Test", timezone="america/new_york")
        organization.full_clean()
        assert organization.timezone == "America/New_York"


def test_duration_hint():
    assert duration_hint(300) == "5 min"
    assert duration_hint(86_400) == "1 d"
    assert duration_hint(90_061) == "1 d 1 h 1 min 1 s"
    assert duration_hint(0) == "0 s"
    assert duration_hint(None) == ""


class TestVersionedModel:
    def test_ids_are_uuids_and_timestamps_are_set(self, org):
        queue = make_queue(org)
        assert isinstance(queue.pk, uuid.UUID)
        assert queue.created_at is not None
        assert queue.updated_at >= queue.created_at

    def test_version_grows_on_every_save(self, org):
        queue = make_queue(org)
        assert queue.version == 1
        for expected in (2, 3, 4):
            queue.description = f"change {expected}"
            queue.save()
            assert queue.version == expected
        assert Queue.objects.get(pk=queue.pk).version == 4

    def test_a_stale_save_is_refused_and_changes_nothing(self, org):
        queue = make_queue(org, description="original")
        mine, theirs = Queue.objects.get(pk=queue.pk), Queue.objects.get(pk=queue.pk)
        theirs.description = "theirs"
        theirs.save()
        mine.description = "mine"
        with unchanged(), pytest.raises(VersionConflict) as error:
            mine.save()
        assert error.value.code == "version_conflict"
        assert "Someone else changed or deleted this queue" in error.value.detail
        # The in-memory object keeps the version it was loaded with, so a retry is refused again.
        assert mine.version == 1
        stored = Queue.objects.get(pk=queue.pk)
        assert (stored.description, stored.version) == ("theirs", 2)

    def test_saving_a_deleted_row_does_not_resurrect_it(self, org):
        queue = make_queue(org)
        stale = Queue.objects.get(pk=queue.pk)
        Queue.objects.filter(pk=queue.pk).delete()
        with unchanged(), pytest.raises(VersionConflict):
            stale.save()
        assert not Queue.objects.filter(pk=queue.pk).exists()


class TestMembership:
    def test_role_and_can_write(self, org):
        admin = make_user(org, Role.ADMIN)
        viewer = make_user(org, Role.VIEWER)
        assert admin.membership.can_write()
        assert not viewer.membership.can_write()
        assert viewer.membership.organization == org

    def test_unknown_role_is_refused_by_clean(self, org):
        membership = make_user(org).membership
        membership.role = "owner"
        with pytest.raises(ValidationError) as error:
            membership.full_clean()
        assert "role" in error.value.message_dict

    def test_unknown_role_is_refused_by_the_database(self, org):
        membership = make_user(org).membership
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.filter(pk=membership.pk).update(role="owner")

    def test_a_user_belongs_to_one_organization(self, org, other_org):
        user = make_user(org)
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=user, organization=other_org, role=Role.VIEWER)


def test_organization_names_are_unique(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(name=org.name)
