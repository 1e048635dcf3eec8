import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from channels.choices import SYSTEM_CHANNEL_NAME
from channels.models import EntryPoint
from channels.services import (
    entry_point_activate,
    entry_point_check_delete,
    entry_point_create,
    entry_point_deactivate,
    entry_point_delete,
    entry_point_fixed_fields,
    entry_point_update,
    system_channel_ensure,
)
from contactcenter.errors import ChannelActive, ChannelHasNumbers, Referenced, SystemChannel, VersionConflict
from contactcenter.models import Organization
from flows.services import flow_delete
from queues.services import queue_delete
from support_numbers.models import SupportNumber
from tests.dbstate import unchanged
from tests.factories import (
    make_audio,
    make_entry_point,
    make_flow,
    make_number,
    make_organization,
    make_outbound_queue,
    make_strategy,
)

pytestmark = pytest.mark.django_db

STRATEGY_MESSAGE = "A routing strategy doesn't allow customizing music or the outdial queue; use a flow"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def system_channel(org) -> EntryPoint:
    return EntryPoint.objects.get(organization=org, is_system=True)


class TestCreate:
    def test_new_channel_is_active_version_1_with_the_organization_timezone(self, other_org):
        flow = make_flow(other_org)
        channel = entry_point_create(
            organization=other_org,
            name="Web_Chat",
            channel_type="chat",
            service_level_threshold=60,
            flow=flow,
        )
        assert channel.active
        assert channel.version == 1
        assert channel.timezone == "America/New_York"
        assert channel.direction == "inbound"

    def test_an_explicit_timezone_wins(self, org):
        channel = make_entry_point(org, timezone="Asia/Tokyo")
        assert EntryPoint.objects.get(pk=channel.pk).timezone == "Asia/Tokyo"

    def test_social_channel_without_social_type_is_refused_and_nothing_is_written(self, org):
        flow = make_flow(org)
        with unchanged(), pytest.raises(ValidationError) as error:
            entry_point_create(
                organization=org, name="Social", channel_type="social", service_level_threshold=30, flow=flow
            )
        assert error.value.message_dict == {
            "social_channel_type": ["Choose the social channel type: Facebook Messenger, SMS or WhatsApp."]
        }

    def test_email_channel_with_social_type_is_refused_and_nothing_is_written(self, org):
        flow = make_flow(org)
        with unchanged(), pytest.raises(ValidationError) as error:
            entry_point_create(
                organization=org,
                name="Mail",
                channel_type="email",
                social_channel_type="whatsapp",
                service_level_threshold=30,
                flow=flow,
            )
        assert error.value.message_dict == {
            "social_channel_type": ["A social channel type can only be set on social channels."]
        }

    def test_81_character_name_and_space_refused_and_nothing_is_written(self, org):
        flow = make_flow(org)
        for name, message in [
            ("C" * 81, "The name can be at most 80 characters long (it has 81)."),
            (
                "Web Chat",
                "The name can contain only letters (A–Z), digits, underscores and hyphens; remove space.",
            ),
        ]:
            with unchanged(), pytest.raises(ValidationError) as error:
                entry_point_create(
                    organization=org, name=name, channel_type="chat", service_level_threshold=30, flow=flow
                )
            assert error.value.message_dict == {"name": [message]}

    def test_sales_beside_sales_refused(self, org):
        flow = make_flow(org)
        make_entry_point(org, name="Sales", flow=flow)
        with unchanged(), pytest.raises(ValidationError) as error:
            make_entry_point(org, name="sales", flow=flow)
        assert list(error.value.message_dict) == ["name"]

    def test_unknown_fields_are_a_programming_error(self, org):
        with pytest.raises(TypeError):
            entry_point_create(organization=org, name="X", channel_type="chat", active=False)

    def test_support_numbers_on_a_chat_channel_refused_and_nothing_is_written(self, org):
        flow, number = make_flow(org), make_number(org)
        with unchanged(), pytest.raises(ValidationError) as error:
            entry_point_create(
                organization=org,
                name="Chat",
                channel_type="chat",
                service_level_threshold=30,
                flow=flow,
                support_numbers=[number],
            )
        assert error.value.message_dict == {
            "support_numbers": ["Support numbers can only be assigned to inbound telephony channels."]
        }

    @pytest.mark.parametrize("channel_type", ["email", "social", "outbound_telephony"])
    def test_support_numbers_on_other_non_telephony_types_refused(self, org, channel_type):
        number = make_number(org)
        extra = {"outdial_queue": make_outbound_queue(org)} if channel_type == "outbound_telephony" else {}
        flow = make_flow(org)
        with unchanged(), pytest.raises(ValidationError) as error:
            make_entry_point(org, channel_type, flow=flow, support_numbers=[number], **extra)
        assert "support_numbers" in error.value.message_dict

    def test_inbound_telephony_holds_several_numbers(self, org):
        first, second = make_number(org), make_number(org)
        channel = make_entry_point(org, "inbound_telephony", support_numbers=[first, second])
        assert set(channel.support_numbers.all()) == {first, second}

    def test_one_number_on_two_channels_refused_and_nothing_is_written(self, org):
        number = make_number(org, "+45 33 12 34 56")
        make_entry_point(org, "inbound_telephony", name="First", support_numbers=[number])
        flow = make_flow(org)
        number.refresh_from_db()
        with unchanged(), pytest.raises(ValidationError) as error:
            make_entry_point(org, "inbound_telephony", name="Second", flow=flow, support_numbers=[number])
        assert error.value.message_dict == {
            "support_numbers": ["+45 33 12 34 56 is already assigned to channel “First”."]
        }

    def test_another_organizations_number_refused(self, org, other_org):
        number = make_number(other_org)
        flow = make_flow(org)
        with unchanged(), pytest.raises(ValidationError) as error:
            make_entry_point(org, "inbound_telephony", flow=flow, support_numbers=[number])
        assert error.value.message_dict == {"support_numbers": ["Choose one of your organization's numbers."]}

    def test_other_organizations_objects_refused(self, org, other_org):
        flow, queue, audio = make_flow(other_org), make_outbound_queue(other_org), make_audio(other_org)
        with unchanged(), pytest.raises(ValidationError) as error:
            entry_point_create(
                organization=org,
                name="Out",
                channel_type="outbound_telephony",
                service_level_threshold=30,
                flow=flow,
                outdial_queue=queue,
                music_on_hold=audio,
            )
        assert set(error.value.message_dict) == {"flow", "outdial_queue", "music_on_hold"}

    def test_outbound_by_strategy_refuses_music_and_queue_with_the_exact_message(self, org):
        strategy, queue, audio = make_strategy(org), make_outbound_queue(org), make_audio(org)
        with unchanged(), pytest.raises(ValidationError) as error:
            make_entry_point(
                org, "outbound_telephony", flow=strategy, outdial_queue=queue, music_on_hold=audio
            )
        assert error.value.message_dict == {
            "music_on_hold": [STRATEGY_MESSAGE],
            "outdial_queue": [STRATEGY_MESSAGE],
        }

    def test_outbound_by_strategy_alone_is_accepted(self, org):
        channel = make_entry_point(org, "outbound_telephony", flow=make_strategy(org))
        assert channel.routed_by_strategy
        assert channel.outdial_queue is None

    def test_inbound_refuses_a_strategy(self, org):
        strategy = make_strategy(org, name="Legacy")
        with unchanged(), pytest.raises(ValidationError) as error:
            make_entry_point(org, "inbound_telephony", flow=strategy)
        assert error.value.message_dict == {
            "flow": ["Inbound channels can only use flows; “Legacy” is a legacy routing strategy."]
        }


class TestUpdate:
    def test_change_of_channel_type_refused_and_nothing_is_written(self, org):
        channel = make_entry_point(org, "chat")
        with unchanged(), pytest.raises(ValidationError) as error:
            entry_point_update(entry_point=channel, version=channel.version, channel_type="email")
        assert error.value.message_dict == {
            "channel_type": ["The channel type cannot be changed after the channel is created."]
        }

    def test_passing_the_same_type_is_fine(self, org):
        channel = make_entry_point(org, "chat")
        entry_point_update(entry_point=channel, version=1, channel_type="chat", description="same type")
        assert EntryPoint.objects.get(pk=channel.pk).description == "same type"

    def test_update_grows_the_version(self, org):
        channel = make_entry_point(org)
        entry_point_update(entry_point=channel, version=1, description="one")
        entry_point_update(entry_point=channel, version=2, description="two")
        stored = EntryPoint.objects.get(pk=channel.pk)
        assert (stored.version, stored.description) == (3, "two")

    def test_stale_version_refused_and_nothing_is_written(self, org):
        channel = make_entry_point(org, description="theirs")
        other_tab = EntryPoint.objects.get(pk=channel.pk)
        entry_point_update(entry_point=channel, version=1, description="first save")
        with unchanged(), pytest.raises(VersionConflict) as error:
            entry_point_update(entry_point=other_tab, version=1, description="stale save")
        assert error.value.to_dict()["code"] == "version_conflict"
        assert "Someone else changed or deleted this channel" in error.value.detail
        with unchanged(), pytest.raises(VersionConflict):
            entry_point_update(entry_point=EntryPoint.objects.get(pk=channel.pk), version=1, description="x")

    def test_invalid_change_writes_nothing(self, org):
        channel = make_entry_point(org, "chat", name="Keep")
        with unchanged(), pytest.raises(ValidationError):
            entry_point_update(
                entry_point=channel, version=1, name="bad name", service_level_threshold=86_401
            )

    def test_switching_outbound_to_a_strategy_requires_clearing_music_and_queue(self, org):
        channel = make_entry_point(org, "outbound_telephony", music_on_hold=make_audio(org))
        strategy = make_strategy(org)
        with unchanged(), pytest.raises(ValidationError) as error:
            entry_point_update(entry_point=channel, version=1, flow=strategy)
        assert error.value.message_dict == {
            "music_on_hold": [STRATEGY_MESSAGE],
            "outdial_queue": [STRATEGY_MESSAGE],
        }
        channel = EntryPoint.objects.get(pk=channel.pk)
        entry_point_update(
            entry_point=channel, version=1, flow=strategy, music_on_hold=None, outdial_queue=None
        )
        assert EntryPoint.objects.get(pk=channel.pk).routed_by_strategy

    def test_replacing_numbers_releases_the_old_ones(self, org):
        first, second = make_number(org), make_number(org)
        channel = make_entry_point(org, "inbound_telephony", support_numbers=[first])
        entry_point_update(entry_point=channel, version=channel.version, support_numbers=[second])
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.entry_point is None
        assert second.entry_point == channel

    def test_numbers_left_alone_when_not_given(self, org):
        number = make_number(org)
        channel = make_entry_point(org, "inbound_telephony", support_numbers=[number])
        entry_point_update(entry_point=channel, version=channel.version, description="only this")
        assert list(channel.support_numbers.all()) == [number]


class TestActivation:
    def test_deactivate_and_activate_grow_the_version(self, org):
        channel = make_entry_point(org)
        entry_point_deactivate(entry_point=channel, version=1)
        assert not EntryPoint.objects.get(pk=channel.pk).active
        entry_point_activate(entry_point=channel, version=2)
        stored = EntryPoint.objects.get(pk=channel.pk)
        assert stored.active
        assert stored.version == 3

    def test_activation_with_a_stale_version_refused(self, org):
        channel = make_entry_point(org)
        stale = EntryPoint.objects.get(pk=channel.pk)
        entry_point_deactivate(entry_point=channel)
        with unchanged(), pytest.raises(VersionConflict):
            entry_point_deactivate(entry_point=EntryPoint.objects.get(pk=channel.pk), version=1)
        entry_point_activate(entry_point=channel)
        # Loaded before both changes: its conditional UPDATE finds no row with its version.
        stale.active = True
        with unchanged(), pytest.raises(VersionConflict):
            entry_point_deactivate(entry_point=stale)
        assert stale.active

    def test_activation_refusal_keeps_an_enclosing_transaction_usable(self, org):
        channel = make_entry_point(org)
        stale = EntryPoint.objects.get(pk=channel.pk)
        entry_point_deactivate(entry_point=channel)
        with transaction.atomic():
            with pytest.raises(VersionConflict):
                entry_point_deactivate(entry_point=stale)
            assert EntryPoint.objects.filter(pk=channel.pk, active=False).exists()


class TestDelete:
    def test_active_channel_cannot_be_deleted_and_nothing_is_written(self, org):
        channel = make_entry_point(org, name="Live")
        with unchanged(), pytest.raises(ChannelActive) as error:
            entry_point_delete(entry_point=channel)
        assert error.value.detail == "“Live” is active. Deactivate it before deleting it."
        assert error.value.code == "channel_active"

    def test_inactive_channel_is_deleted(self, org):
        channel = make_entry_point(org)
        entry_point_deactivate(entry_point=channel)
        entry_point_delete(entry_point=channel, version=2)
        assert not EntryPoint.objects.filter(pk=channel.pk).exists()

    def test_delete_with_a_stale_version_refused(self, org):
        channel = make_entry_point(org)
        entry_point_deactivate(entry_point=channel)
        with unchanged(), pytest.raises(VersionConflict):
            entry_point_delete(entry_point=channel, version=1)

    def test_deleting_a_missing_channel_raises_does_not_exist(self, org):
        channel = make_entry_point(org)
        entry_point_deactivate(entry_point=channel)
        EntryPoint.objects.filter(pk=channel.pk).delete()
        with pytest.raises(EntryPoint.DoesNotExist):
            entry_point_delete(entry_point=channel)

    def test_channel_holding_numbers_is_refused_unless_released(self, org):
        first, second = make_number(org, "+45 33 12 34 57"), make_number(org, "+45 33 12 34 56")
        channel = make_entry_point(org, "inbound_telephony", name="Hotline", support_numbers=[first, second])
        entry_point_deactivate(entry_point=channel)
        with unchanged(), pytest.raises(ChannelHasNumbers) as error:
            entry_point_delete(entry_point=channel)
        assert error.value.extra["numbers"] == ["+4533123456", "+4533123457"]
        assert "“Hotline” holds 2 support number(s)" in error.value.detail
        entry_point_delete(entry_point=channel, release_numbers=True)
        assert not EntryPoint.objects.filter(pk=channel.pk).exists()
        # Released, not deleted: the numbers stay in the inventory, free.
        assert SupportNumber.objects.filter(pk__in=[first.pk, second.pk], entry_point=None).count() == 2

    def test_deleting_a_channel_frees_its_flow_queue_and_audio_for_deletion(self, org):
        flow, queue = make_flow(org), make_outbound_queue(org)
        channel = make_entry_point(org, "outbound_telephony", flow=flow, outdial_queue=queue)
        with pytest.raises(Referenced):
            flow_delete(flow=flow)
        with pytest.raises(Referenced):
            queue_delete(queue=queue)
        entry_point_deactivate(entry_point=channel)
        entry_point_delete(entry_point=channel)
        queue_delete(queue=queue)
        flow_delete(flow=flow)


class TestValidatesOnce:
    """Each write validates the model once (its clean() runs once), with the numbers' errors in the same
    answer."""

    @pytest.fixture
    def cleans(self, monkeypatch) -> list[EntryPoint]:
        calls = []
        original = EntryPoint.clean

        def counting(entry_point, *args, **kwargs):
            calls.append(entry_point)
            return original(entry_point, *args, **kwargs)

        monkeypatch.setattr(EntryPoint, "clean", counting)
        return calls

    def test_create(self, org, cleans):
        flow = make_flow(org)
        entry_point_create(
            organization=org,
            name="Hotline",
            channel_type="inbound_telephony",
            service_level_threshold=30,
            flow=flow,
            support_numbers=[make_number(org)],
        )
        assert len(cleans) == 1

    def test_update(self, org, cleans):
        channel = make_entry_point(org, "inbound_telephony")
        cleans.clear()
        entry_point_update(
            entry_point=channel, version=1, description="d", support_numbers=[make_number(org)]
        )
        assert len(cleans) == 1

    def test_refused_numbers_and_model_errors_in_one_answer(self, org, cleans):
        flow, number = make_flow(org), make_number(org)
        with unchanged(), pytest.raises(ValidationError) as error:
            entry_point_create(
                organization=org,
                name="Web Chat",
                channel_type="chat",
                service_level_threshold=30,
                flow=flow,
                support_numbers=[number],
            )
        assert set(error.value.message_dict) == {"name", "support_numbers"}
        assert len(cleans) == 1


class TestPublicChecks:
    """What the admin asks before it offers a change or a deletion."""

    def test_check_delete(self, org):
        with pytest.raises(SystemChannel):
            entry_point_check_delete(entry_point=system_channel(org))
        channel = make_entry_point(org)
        with pytest.raises(ChannelActive):
            entry_point_check_delete(entry_point=channel)
        entry_point_check_delete(entry_point=entry_point_deactivate(entry_point=channel))

    def test_fixed_fields(self, org):
        assert entry_point_fixed_fields(entry_point=EntryPoint(organization=org)) == ()
        assert entry_point_fixed_fields(entry_point=make_entry_point(org)) == ("channel_type",)
        assert entry_point_fixed_fields(entry_point=system_channel(org)) == ("channel_type", "name", "active")


class TestSystemChannel:
    def test_created_with_the_organization(self, org):
        channel = system_channel(org)
        assert (channel.name, channel.channel_type, channel.active) == (
            SYSTEM_CHANNEL_NAME,
            "outbound_telephony",
            True,
        )
        assert channel.flow is None

    def test_ensure_is_idempotent(self, org):
        channel = system_channel(org)
        assert system_channel_ensure(organization=org) == channel
        assert EntryPoint.objects.filter(organization=org, is_system=True).count() == 1

    def test_cannot_be_deleted(self, org):
        with unchanged(), pytest.raises(SystemChannel) as error:
            entry_point_delete(entry_point=system_channel(org), release_numbers=True)
        assert error.value.detail == "The system channel “Outdial Transfer to Queue” cannot be deleted."

    def test_cannot_be_renamed(self, org):
        with unchanged(), pytest.raises(SystemChannel) as error:
            entry_point_update(entry_point=system_channel(org), version=1, name="Transfers")
        assert error.value.detail == "The system channel “Outdial Transfer to Queue” cannot be renamed."

    def test_cannot_be_deactivated(self, org):
        with unchanged(), pytest.raises(SystemChannel) as error:
            entry_point_deactivate(entry_point=system_channel(org))
        assert error.value.code == "system_channel"

    def test_cannot_be_retyped(self, org):
        with unchanged(), pytest.raises(ValidationError) as error:
            entry_point_update(entry_point=system_channel(org), version=1, channel_type="inbound_telephony")
        assert list(error.value.message_dict) == ["channel_type"]

    def test_description_and_numbers_can_be_edited(self, org):
        number = make_number(org)
        channel = system_channel(org)
        entry_point_update(
            entry_point=channel, version=1, description="Transfers to queues", support_numbers=[number]
        )
        stored = system_channel(org)
        assert stored.description == "Transfers to queues"
        assert list(stored.support_numbers.all()) == [number]
        assert stored.name == SYSTEM_CHANNEL_NAME
        entry_point_update(entry_point=stored, version=stored.version, support_numbers=[])
        assert not stored.support_numbers.exists()

    def test_system_channel_exists_for_every_organization(self):
        for index in range(3):
            make_organization(f"Org number {index}")
        assert (
            EntryPoint.objects.filter(is_system=True).count()
            == Organization.objects.count()
            == EntryPoint.objects.filter(is_system=True).values("organization").distinct().count()
        )


class TestDataMigration:
    """channels/0002 gives every organization that existed before it its system channel."""

    def run_migration(self) -> None:
        module = importlib.import_module("channels.migrations.0002_system_channels")
        state = MigrationExecutor(connection).loader.project_state(("channels", "0002_system_channels"))
        module.create_system_channels(state.apps, connection.schema_editor())

    def test_creates_missing_system_channels_and_only_those(self, org, other_org):
        kept = system_channel(other_org)
        EntryPoint.objects.filter(organization=org, is_system=True).delete()
        assert not EntryPoint.objects.filter(organization=org, is_system=True).exists()

        self.run_migration()

        created = system_channel(org)
        assert (created.name, created.channel_type, created.active, created.version) == (
            SYSTEM_CHANNEL_NAME,
            "outbound_telephony",
            True,
            1,
        )
        assert created.timezone == org.timezone
        created.full_clean()
        assert system_channel(other_org).pk == kept.pk
        with unchanged():
            self.run_migration()
