import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from audio.models import AudioFile
from channels.models import EntryPoint
from contactcenter.choices import Role
from contactcenter.errors import Referenced, VersionConflict
from contactcenter.models import Organization
from contactcenter.references import references
from contactcenter.services import (
    membership_create,
    model_save,
    object_delete,
    object_update,
    organization_create,
)
from flows.models import BusinessHours, Flow, HolidayList, OverrideList
from queues.models import Queue
from queues.services import queue_create, queue_delete, queue_update
from tests.dbstate import unchanged
from tests.factories import (
    make_audio,
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_organization,
    make_override_list,
    make_queue,
)

pytestmark = pytest.mark.django_db

NAME_TAKEN = "This name is already used in your organization (names are compared without regard to case)."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def queue_fields(**fields):
    return {
        "queue_type": "inbound",
        "channel_type": "telephony",
        "service_level_threshold": 30,
        "max_time_in_queue": 600,
        **fields,
    }


class TestModelSave:
    def test_81_character_name_is_refused_and_nothing_is_written(self, org):
        with unchanged(), pytest.raises(ValidationError) as error:
            queue_create(organization=org, **queue_fields(name="Q" * 81))
        assert error.value.message_dict["name"] == ["The name can be at most 80 characters long (it has 81)."]

    def test_80_character_name_is_accepted(self, org):
        assert queue_create(organization=org, **queue_fields(name="Q" * 80)).name == "Q" * 80

    def test_name_with_a_space_is_refused_and_nothing_is_written(self, org):
        with unchanged(), pytest.raises(ValidationError) as error:
            queue_create(organization=org, **queue_fields(name="Sales DK"))
        assert error.value.message_dict["name"] == [
            "The name can contain only letters (A–Z), digits, underscores and hyphens; remove space."
        ]

    def test_a_racing_duplicate_is_reported_on_the_name_field(self, org):
        # Validation passed, then someone else saved "sales" before our INSERT: the database refuses
        # and the refusal reads like the validation message.
        queue = Queue(organization=org, **queue_fields(name="Sales"))
        queue.full_clean()
        make_queue(org, name="sales")
        queue.full_clean = lambda **kwargs: None
        with unchanged(), pytest.raises(ValidationError) as error:
            model_save(queue)
        assert error.value.message_dict["name"] == [NAME_TAKEN]


def _make(kind: str, org, name: str):
    builders = {
        "queue": lambda: make_queue(org, name=name),
        "flow": lambda: make_flow(org, name=name),
        "channel": lambda: make_entry_point(
            org, "chat", name=name, flow=Flow.objects.filter(organization=org).first() or make_flow(org)
        ),
        "business hours": lambda: make_business_hours(org, name=name),
        "holiday list": lambda: make_holiday_list(org, name=name),
        "override list": lambda: make_override_list(org, name=name),
        "audio file": lambda: make_audio(org, name=f"{name}.wav"),
    }
    return builders[kind]()


KINDS = ["queue", "flow", "channel", "business hours", "holiday list", "override list", "audio file"]


class TestUniqueNamesPerOrganization:
    @pytest.mark.parametrize("kind", KINDS)
    def test_sales_beside_sales_is_refused_and_nothing_is_written(self, org, kind):
        _make(kind, org, "Sales")
        with unchanged(), pytest.raises(ValidationError) as error:
            _make(kind, org, "sales")
        assert NAME_TAKEN in error.value.message_dict["name"]

    @pytest.mark.parametrize("kind", KINDS)
    def test_the_same_name_in_another_organization_is_fine(self, org, other_org, kind):
        _make(kind, org, "Sales")
        assert _make(kind, other_org, "Sales").name.lower().startswith("sales")

    def test_renaming_onto_another_name_is_refused(self, org):
        make_queue(org, name="Sales")
        queue = make_queue(org, name="Support")
        with unchanged(), pytest.raises(ValidationError) as error:
            queue_update(queue=queue, version=queue.version, name="SALES")
        assert error.value.message_dict["name"] == [NAME_TAKEN]

    def test_changing_only_the_case_of_ones_own_name_is_fine(self, org):
        queue = make_queue(org, name="Sales")
        assert queue_update(queue=queue, version=1, name="SALES").name == "SALES"


class TestVersions:
    def test_update_with_the_current_version_grows_it(self, org):
        queue = make_queue(org)
        queue_update(queue=queue, version=1, description="first")
        queue_update(queue=queue, version=2, description="second")
        assert Queue.objects.get(pk=queue.pk).version == 3

    def test_stale_version_is_refused_and_changes_nothing(self, org):
        queue = make_queue(org, description="before")
        queue_update(queue=queue, version=1, description="someone else")
        with unchanged(), pytest.raises(VersionConflict):
            queue_update(queue=queue, version=1, description="mine")
        assert Queue.objects.get(pk=queue.pk).description == "someone else"

    def test_an_object_changed_in_the_database_since_it_was_loaded_is_refused(self, org):
        queue = make_queue(org)
        loaded = Queue.objects.get(pk=queue.pk)
        queue_update(queue=queue, version=1, description="other tab")
        with unchanged(), pytest.raises(VersionConflict):
            object_update(loaded, version=1, description="stale tab")

    def test_delete_with_a_stale_version_is_refused(self, org):
        queue = make_queue(org)
        queue_update(queue=queue, version=1, description="changed")
        with unchanged(), pytest.raises(VersionConflict):
            queue_delete(queue=queue, version=1)


class TestReferences:
    def test_each_referenced_kind_lists_its_referrers_and_refuses_delete(self, org):
        audio = make_audio(org, name="Hold.wav")
        queue = make_queue(org, name="Support_DK", music_in_queue=audio)
        holidays = make_holiday_list(org, name="Holidays")
        overrides = make_override_list(org, name="Overrides")
        hours = make_business_hours(org, name="Office", holiday_list=holidays, override_list=overrides)
        flow = make_flow(org, name="Main_IVR", business_hours=hours, queue=queue)
        channel = make_entry_point(org, "inbound_telephony", name="Hotline", flow=flow)

        expected = {
            audio: [("queue", "Support_DK")],
            queue: [("flow", "Main_IVR")],
            holidays: [("business hours", "Office")],
            overrides: [("business hours", "Office")],
            hours: [("flow", "Main_IVR")],
            flow: [("channel", "Hotline")],
        }
        for obj, referrers in expected.items():
            assert [(ref.kind, ref.name) for ref in references(obj)] == referrers
            with unchanged(), pytest.raises(Referenced) as error:
                object_delete(obj)
            assert error.value.code == "referenced"
            assert [(item["kind"], item["name"]) for item in error.value.extra["referrers"]] == referrers
            assert f"“{obj}” cannot be deleted because it is used by 1 object" in error.value.detail
        assert references(channel) == []

    def test_several_referrers_are_all_listed(self, org):
        queue = make_queue(org, name="Shared")
        make_flow(org, name="B_flow", queue=queue)
        make_flow(org, name="a_flow", queue=queue)
        assert [ref.name for ref in references(queue)] == ["a_flow", "B_flow"]
        with pytest.raises(Referenced) as error:
            queue_delete(queue=queue)
        assert "used by 2 objects" in error.value.detail
        assert error.value.to_dict()["code"] == "referenced"

    def test_an_unreferenced_object_is_deleted(self, org):
        queue = make_queue(org)
        queue_delete(queue=queue, version=1)
        assert not Queue.objects.filter(pk=queue.pk).exists()

    def test_references_of_every_model_are_empty_when_fresh(self, org):
        for obj in (
            make_queue(org),
            make_flow(org),
            make_business_hours(org),
            make_holiday_list(org),
            make_override_list(org),
            make_audio(org),
        ):
            assert references(obj) == []

    def test_reference_to_dict(self, org):
        queue = make_queue(org)
        flow = make_flow(org, name="Uses_it", queue=queue)
        (ref,) = references(queue)
        assert ref.to_dict() == {"type": "flow", "kind": "flow", "id": str(flow.pk), "name": "Uses_it"}


class TestOrganizationCreate:
    def test_creates_the_system_channel_exactly_once(self):
        organization = organization_create(name="New Co", timezone="Europe/Berlin")
        system = EntryPoint.objects.filter(organization=organization, is_system=True)
        assert system.count() == 1
        channel = system.get()
        assert channel.name == "Outdial Transfer to Queue"
        assert channel.channel_type == "outbound_telephony"
        assert channel.active
        assert channel.timezone == "Europe/Berlin"
        organization.name = "New Co renamed"
        organization.save()
        assert EntryPoint.objects.filter(organization=organization, is_system=True).count() == 1

    def test_bad_timezone_is_refused_and_nothing_is_written(self):
        with unchanged(), pytest.raises(ValidationError) as error:
            organization_create(name="Nowhere Co", timezone="Atlantis/Capital")
        assert "timezone" in error.value.message_dict

    def test_duplicate_name_is_refused(self, org):
        with unchanged(), pytest.raises(ValidationError) as error:
            organization_create(name=org.name)
        assert "name" in error.value.message_dict


class TestMembershipCreate:
    def test_creates_a_user_with_a_usable_password_and_role(self, org):
        membership = membership_create(
            organization=org, username="alice", password="s3cret-pass-word", role="admin"
        )
        assert membership.user.check_password("s3cret-pass-word")
        assert membership.role == Role.ADMIN

    def test_without_password_the_user_cannot_log_in(self, org):
        membership = membership_create(organization=org, username="nopass", password=None)
        assert not membership.user.has_usable_password()
        assert membership.role == Role.VIEWER

    def test_bad_role_is_refused_and_nothing_is_written(self, org):
        with unchanged(), pytest.raises(ValidationError) as error:
            membership_create(organization=org, username="carol", password="x", role="owner")
        assert error.value.message_dict == {"role": ["Choose admin or viewer."]}

    def test_existing_username_is_refused_and_nothing_is_written(self, org, admin_user):
        with unchanged(), pytest.raises(ValidationError) as error:
            membership_create(organization=org, username=admin_user.username, password="x")
        assert "username" in error.value.message_dict
        assert get_user_model().objects.filter(username=admin_user.username).count() == 1


def test_objects_of_another_organization_are_refused(org, other_org):
    foreign_queue = make_queue(other_org)
    foreign_hours = make_business_hours(other_org)
    with unchanged(), pytest.raises(ValidationError) as error:
        make_flow(org, queue=foreign_queue, business_hours=foreign_hours)
    assert error.value.message_dict == {
        "queue": ["Choose one of your organization's objects."],
        "business_hours": ["Choose one of your organization's objects."],
    }
    foreign_audio = make_audio(other_org)
    with unchanged(), pytest.raises(ValidationError) as error:
        make_queue(org, music_in_queue=foreign_audio)
    assert error.value.message_dict["music_in_queue"] == ["Choose one of your organization's objects."]
    foreign_lists = {
        "holiday_list": make_holiday_list(other_org),
        "override_list": make_override_list(other_org),
    }
    with unchanged(), pytest.raises(ValidationError) as error:
        make_business_hours(org, **foreign_lists)
    assert set(error.value.message_dict) == {"holiday_list", "override_list"}


def test_every_model_reports_created_and_updated(org):
    before = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
    for model in (Organization, Queue, Flow, BusinessHours, HolidayList, OverrideList, AudioFile, EntryPoint):
        field_names = {f.name for f in model._meta.get_fields()}
        assert {"id", "version", "created_at", "updated_at"} <= field_names, model
    assert make_organization().created_at > before
