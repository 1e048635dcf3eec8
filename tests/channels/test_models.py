import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from channels.choices import SYSTEM_CHANNEL_NAME
from channels.models import EMPTY_WHEN_NOT_APPLICABLE, SERVICE_LEVEL_SECONDS, EntryPoint
from tests.dbstate import unchanged
from tests.factories import (
    make_audio,
    make_business_hours,
    make_entry_point,
    make_flow,
    make_outbound_queue,
    make_queue,
    make_strategy,
)

pytestmark = pytest.mark.django_db

STRATEGY_MESSAGE = "A routing strategy doesn't allow customizing music or the outdial queue; use a flow"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def build(org, channel_type="chat", **fields) -> EntryPoint:
    values = {
        "name": "Channel_A",
        "channel_type": channel_type,
        "timezone": "Europe/Copenhagen",
        "service_level_threshold": 30,
        **fields,
    }
    if "flow" not in fields:
        values["flow"] = make_flow(org)
    return EntryPoint(organization=org, **values)


def errors_of(channel: EntryPoint) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        channel.full_clean()
    return error.value.message_dict


class TestName:
    def test_81_characters_refused(self, org):
        assert errors_of(build(org, name="C" * 81)) == {
            "name": ["The name can be at most 80 characters long (it has 81)."]
        }

    def test_space_refused(self, org):
        assert errors_of(build(org, name="Web Chat"))["name"][0].endswith("remove space.")

    def test_empty_refused(self, org):
        assert "name" in errors_of(build(org, name=""))

    def test_system_channel_name_is_exempt(self, org):
        system = EntryPoint.objects.get(organization=org, is_system=True)
        assert " " in system.name
        system.full_clean()

    def test_a_normal_channel_cannot_take_a_spaced_name(self, org):
        assert "name" in errors_of(build(org, name=SYSTEM_CHANNEL_NAME))

    def test_description_at_most_255(self, org):
        build(org, description="d" * 255).full_clean()
        assert "description" in errors_of(build(org, description="d" * 256))


class TestSocialType:
    def test_social_without_social_type_refused(self, org):
        assert errors_of(build(org, "social")) == {
            "social_channel_type": ["Choose the social channel type: Facebook Messenger, SMS or WhatsApp."]
        }

    @pytest.mark.parametrize("channel_type", ["chat", "email", "inbound_telephony"])
    def test_non_social_with_social_type_refused(self, org, channel_type):
        assert errors_of(build(org, channel_type, social_channel_type="sms")) == {
            "social_channel_type": ["A social channel type can only be set on social channels."]
        }

    @pytest.mark.parametrize("social_type", ["facebook_messenger", "sms", "whatsapp"])
    def test_social_with_each_type_accepted(self, org, social_type):
        build(org, "social", social_channel_type=social_type).full_clean()

    def test_unknown_social_type_refused(self, org):
        assert "social_channel_type" in errors_of(build(org, "social", social_channel_type="telegram"))


class TestServiceLevel:
    @pytest.mark.parametrize(
        ("channel_type", "maximum"),
        [("chat", 86_400), ("inbound_telephony", 86_400), ("social", 604_800), ("email", 1_209_600)],
    )
    def test_maximum_per_type(self, org, channel_type, maximum):
        extra = {"social_channel_type": "sms"} if channel_type == "social" else {}
        assert SERVICE_LEVEL_SECONDS.maximum(channel_type) == maximum
        build(org, channel_type, service_level_threshold=maximum, **extra).full_clean()
        errors = errors_of(build(org, channel_type, service_level_threshold=maximum + 1, **extra))
        assert list(errors) == ["service_level_threshold"]
        assert f"the maximum is {maximum} seconds" in errors["service_level_threshold"][0]
        assert f"you entered {maximum + 1}" in errors["service_level_threshold"][0]

    def test_outbound_maximum(self, org):
        queue = make_outbound_queue(org)
        build(org, "outbound_telephony", outdial_queue=queue, service_level_threshold=86_400).full_clean()
        errors = errors_of(
            build(org, "outbound_telephony", outdial_queue=queue, service_level_threshold=86_401)
        )
        assert list(errors) == ["service_level_threshold"]

    def test_zero_refused(self, org):
        assert "service_level_threshold" in errors_of(build(org, service_level_threshold=0))

    def test_required(self, org):
        assert "service_level_threshold" in errors_of(build(org, service_level_threshold=None))


class TestFlow:
    def test_flow_required(self, org):
        assert errors_of(build(org, flow=None)) == {"flow": ["Choose the routing flow of this channel."]}

    @pytest.mark.parametrize("channel_type", ["chat", "email", "inbound_telephony"])
    def test_inbound_refuses_a_routing_strategy(self, org, channel_type):
        strategy = make_strategy(org, name="Old_Strategy")
        assert errors_of(build(org, channel_type, flow=strategy)) == {
            "flow": ["Inbound channels can only use flows; “Old_Strategy” is a legacy routing strategy."]
        }

    def test_outbound_accepts_a_routing_strategy_without_music_or_queue(self, org):
        build(org, "outbound_telephony", flow=make_strategy(org)).full_clean()

    def test_outbound_strategy_refuses_music_and_outdial_queue(self, org):
        channel = build(
            org,
            "outbound_telephony",
            flow=make_strategy(org),
            music_on_hold=make_audio(org),
            outdial_queue=make_outbound_queue(org),
        )
        assert errors_of(channel) == {
            "music_on_hold": [STRATEGY_MESSAGE],
            "outdial_queue": [STRATEGY_MESSAGE],
        }

    def test_flow_of_another_organization_refused(self, org, other_org):
        assert errors_of(build(org, flow=make_flow(other_org))) == {
            "flow": ["Choose one of your organization's objects."]
        }

    def test_recommended_flow_has_business_hours(self, org):
        assert make_flow(org, business_hours=make_business_hours(org)).recommended
        assert not make_flow(org).recommended


class TestOutboundFields:
    def test_outbound_by_flow_requires_an_outdial_queue(self, org):
        assert errors_of(build(org, "outbound_telephony")) == {
            "outdial_queue": ["Choose the outdial queue for calls of this channel."]
        }

    @pytest.mark.parametrize(
        "queue_fields",
        [
            {"queue_type": "inbound", "channel_type": "telephony"},
            {"queue_type": "inbound", "channel_type": "chat"},
        ],
    )
    def test_outdial_queue_must_be_outbound_telephony(self, org, queue_fields):
        queue = make_queue(org, name="Inbound_Q", **queue_fields)
        assert errors_of(build(org, "outbound_telephony", outdial_queue=queue)) == {
            "outdial_queue": ["“Inbound_Q” is not an outbound telephony queue."]
        }

    def test_outbound_by_flow_with_music_and_queue_accepted(self, org):
        channel = build(
            org, "outbound_telephony", outdial_queue=make_outbound_queue(org), music_on_hold=make_audio(org)
        )
        channel.full_clean()
        assert channel.direction == "outbound"
        assert channel.get_direction_display() == "Outbound"

    @pytest.mark.parametrize("channel_type", ["chat", "email", "inbound_telephony"])
    def test_inbound_refuses_music_and_outdial_queue(self, org, channel_type):
        channel = build(
            org, channel_type, music_on_hold=make_audio(org), outdial_queue=make_outbound_queue(org)
        )
        assert errors_of(channel) == {
            "music_on_hold": ["Music on hold can only be set on outbound telephony channels."],
            "outdial_queue": ["An outdial queue can only be set on outbound telephony channels."],
        }
        assert channel.direction == "inbound"

    def test_music_and_queue_of_another_organization_refused(self, org, other_org):
        channel = build(
            org,
            "outbound_telephony",
            music_on_hold=make_audio(other_org),
            outdial_queue=make_outbound_queue(other_org),
        )
        assert set(errors_of(channel)) == {"music_on_hold", "outdial_queue"}


class TestApplicableFields:
    """One answer to "which type-dependent fields apply", for the form and for clean()."""

    @pytest.mark.parametrize(
        ("channel_type", "routed_by_strategy", "expected"),
        [
            (None, False, set()),
            ("fax", False, set()),
            ("chat", False, {"timezone", "service_level_threshold", "flow"}),
            ("email", False, {"timezone", "service_level_threshold", "flow"}),
            ("social", False, {"social_channel_type", "timezone", "service_level_threshold", "flow"}),
            ("inbound_telephony", False, {"timezone", "service_level_threshold", "flow", "support_numbers"}),
            (
                "outbound_telephony",
                False,
                {"timezone", "service_level_threshold", "flow", "music_on_hold", "outdial_queue"},
            ),
            ("outbound_telephony", True, {"timezone", "service_level_threshold", "flow"}),
        ],
    )
    def test_by_type_and_flow_kind(self, channel_type, routed_by_strategy, expected):
        applicable = EntryPoint.applicable_fields(channel_type, routed_by_strategy=routed_by_strategy)
        assert applicable == expected

    def test_the_system_channel_also_takes_numbers(self):
        assert "support_numbers" in EntryPoint.applicable_fields("outbound_telephony", is_system=True)
        assert "support_numbers" not in EntryPoint.applicable_fields("outbound_telephony")

    def test_clean_refuses_a_value_on_every_field_that_does_not_apply(self, org):
        channel = build(
            org,
            "chat",
            social_channel_type="sms",
            music_on_hold=make_audio(org),
            outdial_queue=make_outbound_queue(org),
        )
        assert (
            set(errors_of(channel))
            == set(EMPTY_WHEN_NOT_APPLICABLE)
            == {
                "social_channel_type",
                "music_on_hold",
                "outdial_queue",
            }
        )


class TestSecondsValidator:
    def test_hint_per_type(self):
        assert SERVICE_LEVEL_SECONDS.help_text("social") == (
            "Whole seconds, from 1 to 604 800 (7 d) for social channels."
        )
        assert SERVICE_LEVEL_SECONDS.help_text("inbound_telephony") == (
            "Whole seconds, from 1 to 86 400 (1 d) for inbound telephony channels."
        )
        assert SERVICE_LEVEL_SECONDS.help_text("fax") == ""

    def test_the_largest_maximum_is_email(self):
        assert SERVICE_LEVEL_SECONDS.largest == 1_209_600

    def test_message_names_the_channel_type(self, org):
        errors = errors_of(build(org, "inbound_telephony", service_level_threshold=86_401))
        assert errors["service_level_threshold"] == [
            "For inbound telephony channels the maximum is 86400 seconds (1 d); you entered 86401."
        ]
        assert errors_of(build(org, service_level_threshold=0))["service_level_threshold"] == [
            "Enter a whole number of seconds of at least 1."
        ]


def test_timezone_must_be_known(org):
    assert "timezone" in errors_of(build(org, timezone="Europe/Atlantis"))


def test_unknown_channel_type_refused(org):
    assert "channel_type" in errors_of(build(org, channel_type="fax"))


def test_type_label_and_properties(org):
    channel = make_entry_point(org, "social", social_channel_type="facebook_messenger")
    assert channel.type_label == "Social · Facebook Messenger"
    assert not channel.may_hold_numbers
    assert make_entry_point(org, "inbound_telephony").may_hold_numbers
    assert EntryPoint.objects.get(organization=org, is_system=True).may_hold_numbers


def test_with_list_data_counts_numbers(org):
    from tests.factories import make_number

    channel = make_entry_point(org, "inbound_telephony", support_numbers=[make_number(org), make_number(org)])
    annotated = EntryPoint.objects.with_list_data().get(pk=channel.pk)
    assert annotated.support_number_count == 2


class TestDatabaseConstraints:
    """The database refuses what clean() refuses, even when clean() is bypassed."""

    def refuse(self, channel: EntryPoint, **changes) -> None:
        with unchanged(), pytest.raises(IntegrityError), transaction.atomic():
            EntryPoint.objects.filter(pk=channel.pk).update(**changes)

    def test_case_insensitive_unique_name(self, org):
        make_entry_point(org, name="Sales")
        channel = make_entry_point(org, name="Other")
        self.refuse(channel, name="SALES")

    def test_unknown_channel_type(self, org):
        self.refuse(make_entry_point(org), channel_type="fax")

    def test_social_type_only_on_social(self, org):
        self.refuse(make_entry_point(org, "email"), social_channel_type="sms")
        self.refuse(make_entry_point(org, "social"), social_channel_type="")
        self.refuse(make_entry_point(org, "social"), social_channel_type="telegram")

    def test_music_and_outdial_queue_only_on_outbound(self, org):
        channel = make_entry_point(org, "inbound_telephony")
        self.refuse(channel, music_on_hold=make_audio(org))
        self.refuse(channel, outdial_queue=make_outbound_queue(org))

    @pytest.mark.parametrize(
        ("channel_type", "maximum"), [("chat", 86_400), ("social", 604_800), ("email", 1_209_600)]
    )
    def test_service_level_range(self, org, channel_type, maximum):
        channel = make_entry_point(org, channel_type)
        EntryPoint.objects.filter(pk=channel.pk).update(service_level_threshold=maximum)
        self.refuse(channel, service_level_threshold=maximum + 1)
        self.refuse(channel, service_level_threshold=0)

    def test_flow_required(self, org):
        self.refuse(make_entry_point(org), flow=None)

    def test_system_channel_stays_outbound_active_and_named(self, org):
        system = EntryPoint.objects.get(organization=org, is_system=True)
        self.refuse(system, active=False)
        self.refuse(system, name="Renamed")
        self.refuse(system, channel_type="chat")

    def test_a_second_system_channel_is_refused(self, org):
        system = EntryPoint.objects.get(organization=org, is_system=True)
        system.pk = None
        system._state.adding = True
        with unchanged(), pytest.raises(IntegrityError), transaction.atomic():
            EntryPoint.objects.bulk_create([system])

    def test_save_bypassing_clean_is_refused(self, org):
        channel = build(org, "chat", social_channel_type="sms")
        with unchanged(), pytest.raises(IntegrityError), transaction.atomic():
            channel.save()
