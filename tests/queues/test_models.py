import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from contactcenter.choices import MAX_SECONDS
from contactcenter.errors import Referenced, VersionConflict
from queues.models import QUEUE_SECONDS, Queue
from queues.services import queue_create, queue_delete, queue_update
from tests.dbstate import unchanged
from tests.factories import make_audio, make_entry_point, make_flow, make_outbound_queue, make_queue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def build(org, **fields) -> Queue:
    values = {
        "name": "Support_DK",
        "queue_type": "inbound",
        "channel_type": "telephony",
        "service_level_threshold": 30,
        "max_time_in_queue": 600,
        **fields,
    }
    return Queue(organization=org, **values)


def errors_of(queue: Queue) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        queue.full_clean()
    return error.value.message_dict


class TestMaxima:
    @pytest.mark.parametrize(
        ("channel_type", "maximum"),
        [("telephony", 86_400), ("chat", 86_400), ("social", 604_800), ("email", 1_209_600)],
    )
    @pytest.mark.parametrize("field", ["service_level_threshold", "max_time_in_queue"])
    def test_maximum_per_channel_type(self, org, channel_type, maximum, field):
        assert MAX_SECONDS[channel_type] == maximum
        build(org, channel_type=channel_type, **{field: maximum}).full_clean()
        errors = errors_of(build(org, channel_type=channel_type, **{field: maximum + 1}))
        assert list(errors) == [field]
        assert f"the maximum is {maximum} seconds" in errors[field][0]

    @pytest.mark.parametrize("field", ["service_level_threshold", "max_time_in_queue"])
    def test_at_least_one_second(self, org, field):
        assert list(errors_of(build(org, **{field: 0}))) == [field]

    def test_create_over_the_maximum_writes_nothing(self, org):
        with unchanged(), pytest.raises(ValidationError) as error:
            queue_create(
                organization=org,
                name="Chat_Q",
                queue_type="inbound",
                channel_type="chat",
                service_level_threshold=86_401,
                max_time_in_queue=600,
            )
        assert error.value.message_dict == {
            "service_level_threshold": ["For chat the maximum is 86400 seconds (1 d); you entered 86401."]
        }

    def test_hint_per_channel_type(self):
        assert (
            QUEUE_SECONDS.help_text("email") == "Whole seconds, from 1 to 1 209 600 (14 d) for email queues."
        )
        assert (
            QUEUE_SECONDS.help_text("telephony")
            == "Whole seconds, from 1 to 86 400 (1 d) for telephony queues."
        )


class TestTypes:
    @pytest.mark.parametrize("channel_type", ["chat", "email", "social"])
    def test_outbound_queues_are_telephony_only(self, org, channel_type):
        assert errors_of(build(org, queue_type="outbound", channel_type=channel_type)) == {
            "channel_type": ["Outbound queues are telephony only."]
        }

    def test_outbound_telephony_queue_is_fine(self, org):
        build(org, queue_type="outbound").full_clean()

    @pytest.mark.parametrize("channel_type", ["chat", "email", "social"])
    def test_music_in_queue_is_telephony_only(self, org, channel_type):
        audio = make_audio(org)
        assert errors_of(build(org, channel_type=channel_type, music_in_queue=audio)) == {
            "music_in_queue": ["Music in queue can only be set on telephony queues."]
        }
        build(org, music_in_queue=audio).full_clean()

    @pytest.mark.parametrize(
        ("field", "value"), [("queue_type", "sideways"), ("channel_type", "fax"), ("routing_type", "random")]
    )
    def test_unknown_choices_refused(self, org, field, value):
        assert field in errors_of(build(org, **{field: value}))

    def test_name_rule(self, org):
        assert errors_of(build(org, name="Support DK"))["name"][0].endswith("remove space.")
        assert errors_of(build(org, name="Q" * 81)) == {
            "name": ["The name can be at most 80 characters long (it has 81)."]
        }


class TestDatabaseConstraints:
    def refuse(self, queue: Queue, **changes) -> None:
        with unchanged(), pytest.raises(IntegrityError), transaction.atomic():
            Queue.objects.filter(pk=queue.pk).update(**changes)

    def test_choices(self, org):
        queue = make_queue(org)
        self.refuse(queue, queue_type="sideways")
        self.refuse(queue, channel_type="fax")
        self.refuse(queue, routing_type="random")

    def test_outbound_is_telephony(self, org):
        self.refuse(make_outbound_queue(org), channel_type="chat")

    def test_music_only_on_telephony(self, org):
        self.refuse(make_queue(org, channel_type="chat"), music_in_queue=make_audio(org))

    @pytest.mark.parametrize(
        ("channel_type", "maximum"), [("telephony", 86_400), ("social", 604_800), ("email", 1_209_600)]
    )
    def test_maxima_and_minimum(self, org, channel_type, maximum):
        queue = make_queue(org, channel_type=channel_type)
        Queue.objects.filter(pk=queue.pk).update(service_level_threshold=maximum, max_time_in_queue=maximum)
        self.refuse(queue, service_level_threshold=maximum + 1)
        self.refuse(queue, max_time_in_queue=maximum + 1)
        self.refuse(queue, service_level_threshold=0)
        self.refuse(queue, max_time_in_queue=0)

    def test_unique_name_ignoring_case(self, org):
        make_queue(org, name="Sales")
        self.refuse(make_queue(org, name="Other"), name="sALES")


class TestServices:
    def test_update_and_stale_version(self, org):
        queue = make_queue(org)
        queue_update(queue=queue, version=1, routing_type="circular")
        with unchanged(), pytest.raises(VersionConflict):
            queue_update(queue=Queue.objects.get(pk=queue.pk), version=1, routing_type="linear")
        assert Queue.objects.get(pk=queue.pk).routing_type == "circular"

    def test_queue_used_as_outdial_queue_cannot_be_deleted(self, org):
        queue = make_outbound_queue(org)
        make_entry_point(org, "outbound_telephony", name="Campaigns", outdial_queue=queue)
        with unchanged(), pytest.raises(Referenced) as error:
            queue_delete(queue=queue)
        assert [(r["kind"], r["name"]) for r in error.value.extra["referrers"]] == [("channel", "Campaigns")]

    def test_queue_used_by_a_flow_cannot_be_deleted(self, org):
        queue = make_queue(org)
        make_flow(org, name="Main_IVR", queue=queue)
        with unchanged(), pytest.raises(Referenced):
            queue_delete(queue=queue)

    def test_music_of_another_organization_refused(self, org, other_org):
        audio = make_audio(other_org)
        with unchanged(), pytest.raises(ValidationError) as error:
            make_queue(org, music_in_queue=audio)
        assert error.value.message_dict == {"music_in_queue": ["Choose one of your organization's objects."]}
