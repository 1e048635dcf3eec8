"""Object builders shared by every test; they go through the services, as the product does."""

import io
import itertools
import math
import struct
import wave

from django.core.files.uploadedfile import SimpleUploadedFile

from audio.services import audio_file_create
from channels.services import entry_point_create
from contactcenter.choices import Role
from contactcenter.services import membership_create, organization_create
from flows.services import business_hours_create, flow_create, holiday_list_create, override_list_create
from queues.services import queue_create
from support_numbers.services import support_number_create

PASSWORD = "correct-horse-battery-staple-42"
_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


def wav_bytes(seconds: float = 0.2, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        frames = int(seconds * rate)
        writer.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate))) for i in range(frames)
            )
        )
    return buffer.getvalue()


def wav_upload(name: str = "hold.wav", seconds: float = 0.2) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, wav_bytes(seconds), content_type="audio/wav")


def make_organization(name: str | None = None, timezone: str = "Europe/Copenhagen"):
    return organization_create(name=name or unique("Org "), timezone=timezone)


def make_user(organization, role: str = Role.ADMIN, username: str | None = None):
    return membership_create(
        organization=organization, username=username or unique("user"), password=PASSWORD, role=role
    ).user


def make_audio(organization, name: str | None = None):
    return audio_file_create(
        organization=organization, name=name or unique("music") + ".wav", file=wav_upload()
    )


def make_queue(organization, **fields):
    defaults = {
        "name": unique("Queue_"),
        "queue_type": "inbound",
        "channel_type": "telephony",
        "service_level_threshold": 30,
        "max_time_in_queue": 600,
    }
    return queue_create(organization=organization, **{**defaults, **fields})


def make_outbound_queue(organization, **fields):
    return make_queue(organization, queue_type="outbound", channel_type="telephony", **fields)


def make_business_hours(organization, shifts=None, **fields):
    shifts = (
        shifts
        if shifts is not None
        else [
            {
                "name": "Weekdays",
                "weekdays": ["mon", "tue", "wed", "thu", "fri"],
                "start_minute": 540,
                "end_minute": 1020,
            }
        ]
    )
    return business_hours_create(
        organization=organization, name=fields.pop("name", unique("Hours ")), shifts=shifts, **fields
    )


def make_holiday_list(organization, holidays=(), **fields):
    return holiday_list_create(
        organization=organization,
        name=fields.pop("name", unique("Holidays ")),
        holidays=list(holidays),
        **fields,
    )


def make_override_list(organization, overrides=(), **fields):
    return override_list_create(
        organization=organization,
        name=fields.pop("name", unique("Overrides ")),
        overrides=list(overrides),
        **fields,
    )


def make_flow(organization, **fields):
    return flow_create(organization=organization, **{"name": unique("Flow_"), **fields})


def make_strategy(organization, **fields):
    return make_flow(organization, kind="routing_strategy", **fields)


def make_entry_point(organization, channel_type: str = "chat", **fields):
    defaults = {"name": unique("Channel_"), "channel_type": channel_type, "service_level_threshold": 30}
    if channel_type == "social":
        defaults["social_channel_type"] = "whatsapp"
    if "flow" not in fields:
        defaults["flow"] = make_flow(organization)
    routed_by_flow = (fields.get("flow") or defaults["flow"]).kind == "flow"
    if channel_type == "outbound_telephony" and "outdial_queue" not in fields and routed_by_flow:
        defaults["outdial_queue"] = make_outbound_queue(organization)
    return entry_point_create(organization=organization, **{**defaults, **fields})


def make_number(organization, number: str | None = None, **fields):
    return support_number_create(organization=organization, number=number or next(_numbers), **fields)


# Valid Danish fixed-line numbers, distinct per test run.
_numbers = (
    f"+45 33 {n // 10000 % 100:02d} {n // 100 % 100:02d} {n % 100:02d}" for n in itertools.count(120000)
)
