"""Load the demo organization of DOMAIN.md, through the services, so it obeys every rule.

Idempotent: an object that already exists (by name) is left exactly as it is, so a second run
changes nothing. Passwords come from DEMO_PASSWORD, or are generated and printed once, when the
users are first created (or when --reset-passwords asks for new ones).
"""

import datetime
import os
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from audio.models import AudioFile
from audio.services import audio_file_create
from channels.models import EntryPoint
from channels.services import entry_point_create, entry_point_deactivate, system_channel_ensure
from contactcenter.choices import Role
from contactcenter.models import Membership, Organization
from contactcenter.services import membership_create, organization_create
from demo.wavgen import tone_wav
from flows.models import BusinessHours, Flow, HolidayList, OverrideList
from flows.services import business_hours_create, flow_create, holiday_list_create, override_list_create
from queues.models import Queue
from queues.services import queue_create
from support_numbers.models import SupportNumber
from support_numbers.phone import normalize_number
from support_numbers.services import support_number_assign, support_number_create

ORGANIZATION = "Demo Contact Center"
TIMEZONE = "Europe/Copenhagen"
USERS = (("admin", Role.ADMIN), ("support", Role.VIEWER))

AUDIO = (
    ("Welcome_message.wav", "Velkomsthilsen før menuen.", (523.25, 659.25, 783.99)),
    ("Hold_music.wav", "Ventemusik til udgående opkald.", (392.0, 440.0, 493.88, 440.0)),
    ("Queue_music.wav", "Musik, mens opkaldere venter i supportkøen.", (329.63, 392.0, 329.63, 261.63)),
)

QUEUES = (
    {
        "name": "Support_DK",
        "description": "Dansk kundesupport på telefon.",
        "queue_type": "inbound",
        "channel_type": "telephony",
        "service_level_threshold": 30,
        "max_time_in_queue": 900,
        "routing_type": "longest_available_agent",
        "music": "Queue_music.wav",
    },
    {
        "name": "Chat_Support",
        "description": "Samtaler i webchatten.",
        "queue_type": "inbound",
        "channel_type": "chat",
        "service_level_threshold": 60,
        "max_time_in_queue": 1800,
        "routing_type": "skills_based",
    },
    {
        "name": "Email_Support",
        "description": "Kundemails, besvaret inden for arbejdsdagen.",
        "queue_type": "inbound",
        "channel_type": "email",
        "service_level_threshold": 14_400,
        "max_time_in_queue": 172_800,
        "routing_type": "circular",
    },
    {
        "name": "Social_Support",
        "description": "Beskeder fra Messenger, sms og WhatsApp.",
        "queue_type": "inbound",
        "channel_type": "social",
        "service_level_threshold": 3_600,
        "max_time_in_queue": 86_400,
        "routing_type": "linear",
    },
    {
        "name": "Outbound_Sales",
        "description": "Agenter, der ringer kunder op.",
        "queue_type": "outbound",
        "channel_type": "telephony",
        "service_level_threshold": 20,
        "max_time_in_queue": 300,
        "routing_type": "longest_available_agent",
    },
)

HOLIDAY_LIST = "Danish public holidays"
# Easter moves every year, so the Easter-based days are listed per year as fixed dates.
_MOVABLE = {
    2026: ("2026-04-02", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-14", "2026-05-25"),
    2027: ("2027-03-25", "2027-03-26", "2027-03-28", "2027-03-29", "2027-05-06", "2027-05-17"),
}
_MOVABLE_NAMES = (
    "Skærtorsdag",
    "Langfredag",
    "Påskedag",
    "2. påskedag",
    "Kristi himmelfartsdag",
    "2. pinsedag",
)
HOLIDAYS = (
    ("Nytårsdag", "2026-01-01", True),
    *(
        (f"{name} {year}", day, False)
        for year, days in _MOVABLE.items()
        for name, day in zip(_MOVABLE_NAMES, days, strict=True)
    ),
    ("Grundlovsdag", "2026-06-05", True),
    ("Juleaften", "2026-12-24", True),
    ("Juledag", "2026-12-25", True),
    ("2. juledag", "2026-12-26", True),
    ("Nytårsaften", "2026-12-31", True),
)

OVERRIDE_LIST = "Extraordinary hours"
OVERRIDES = (
    ("Emergency closure - office move", "2026-03-13T12:00", "2026-03-13T17:00", "closed"),
    ("Extra opening before Christmas", "2026-12-20T10:00", "2026-12-20T16:00", "open"),
)

BUSINESS_HOURS = "Copenhagen office"
SHIFTS = (
    {
        "name": "Weekdays",
        "weekdays": ["mon", "tue", "wed", "thu", "fri"],
        "start_minute": 9 * 60,
        "end_minute": 17 * 60,
    },
    {"name": "Saturday", "weekdays": ["sat"], "start_minute": 10 * 60, "end_minute": 14 * 60},
)

FLOWS = (
    {
        "name": "Main_IVR",
        "description": "Velkomstmenu; sender til dansk support i åbningstiden.",
        "kind": "flow",
        "business_hours": True,
        "queue": "Support_DK",
    },
    {
        "name": "Chat_Flow",
        "description": "Router webchats.",
        "kind": "flow",
        "business_hours": True,
        "queue": "Chat_Support",
    },
    {"name": "Email_Flow", "description": "Router kundemails.", "kind": "flow", "queue": "Email_Support"},
    {
        "name": "Social_Flow",
        "description": "Router beskeder fra sociale medier.",
        "kind": "flow",
        "business_hours": True,
        "queue": "Social_Support",
    },
    {
        "name": "Outbound_Flow",
        "description": "Udgående salgskampagner.",
        "kind": "flow",
        "queue": "Outbound_Sales",
    },
    {
        "name": "Legacy_Strategy",
        "description": "Gammel routingstrategi, bevaret til en inaktiv kampagne.",
        "kind": "routing_strategy",
    },
)

NUMBERS = (
    ("+45 80 20 30 40", "Gratis supportlinje"),
    ("+45 80 20 30 41", "Gratisnummer, reserve"),
    ("+45 33 12 34 56", "Supportlinje i København"),
    ("+45 33 12 34 57", "København, reserve"),
    ("+45 70 20 30 40", "Tilbagekaldsnummer, der vises ved udgående overførsler"),
)
SYSTEM_CHANNEL_NUMBER = "+45 70 20 30 40"

CHANNELS = (
    {
        "name": "Support_Hotline",
        "description": "Hovednummer for danske kunder.",
        "channel_type": "inbound_telephony",
        "service_level_threshold": 30,
        "flow": "Main_IVR",
        "numbers": ("+45 80 20 30 40", "+45 33 12 34 56"),
    },
    {
        "name": "Web_Chat",
        "description": "Chat på webstedet.",
        "channel_type": "chat",
        "service_level_threshold": 60,
        "flow": "Chat_Flow",
    },
    {
        "name": "Support_Email",
        "description": "support@example.com",
        "channel_type": "email",
        "service_level_threshold": 14_400,
        "flow": "Email_Flow",
    },
    {
        "name": "Facebook_Messenger",
        "description": "Beskeder til virksomhedens side.",
        "channel_type": "social",
        "social_channel_type": "facebook_messenger",
        "service_level_threshold": 3_600,
        "flow": "Social_Flow",
    },
    {
        "name": "SMS_Support",
        "description": "Sms-beskeder.",
        "channel_type": "social",
        "social_channel_type": "sms",
        "service_level_threshold": 3_600,
        "flow": "Social_Flow",
    },
    {
        "name": "WhatsApp_Support",
        "description": "WhatsApp Business.",
        "channel_type": "social",
        "social_channel_type": "whatsapp",
        "service_level_threshold": 3_600,
        "flow": "Social_Flow",
    },
    {
        "name": "Outbound_Campaigns",
        "description": "Salgsopkald til kunder.",
        "channel_type": "outbound_telephony",
        "service_level_threshold": 20,
        "flow": "Outbound_Flow",
        "outdial_queue": "Outbound_Sales",
        "music_on_hold": "Hold_music.wav",
    },
    {
        "name": "Legacy_Outbound",
        "description": "Afsluttet kampagne på den ældre routingstrategi.",
        "channel_type": "outbound_telephony",
        "service_level_threshold": 20,
        "flow": "Legacy_Strategy",
        "active": False,
    },
)


@dataclass
class Loader:
    organization: Organization
    created: list[str] = field(default_factory=list)

    def existing(self, model: type[models.Model], name: str):
        return model.objects.filter(organization=self.organization, name__iexact=name).first()

    def note(self, obj: models.Model) -> None:
        self.created.append(f"{obj._meta.verbose_name} “{obj}”")

    def audio(self) -> dict[str, AudioFile]:
        found = {}
        for name, description, tones in AUDIO:
            obj = self.existing(AudioFile, name)
            if obj is None:
                data = ContentFile(tone_wav(frequencies=tones), name=name)
                obj = audio_file_create(
                    organization=self.organization, name=name, file=data, description=description
                )
                self.note(obj)
            found[name] = obj
        return found

    def queues(self, audio: dict[str, AudioFile]) -> dict[str, Queue]:
        found = {}
        for spec in QUEUES:
            fields = dict(spec)
            music = fields.pop("music", None)
            obj = self.existing(Queue, fields["name"])
            if obj is None:
                obj = queue_create(organization=self.organization, music_in_queue=audio.get(music), **fields)
                self.note(obj)
            found[obj.name] = obj
        return found

    def holiday_list(self) -> HolidayList:
        obj = self.existing(HolidayList, HOLIDAY_LIST)
        if obj is None:
            holidays = [
                {
                    "name": name,
                    "start_date": datetime.date.fromisoformat(day),
                    "end_date": datetime.date.fromisoformat(day),
                    "repeats_yearly": yearly,
                }
                for name, day, yearly in HOLIDAYS
            ]
            obj = holiday_list_create(
                organization=self.organization,
                name=HOLIDAY_LIST,
                description="Dage, hvor det danske kontor har lukket.",
                holidays=holidays,
            )
            self.note(obj)
        return obj

    def override_list(self) -> OverrideList:
        obj = self.existing(OverrideList, OVERRIDE_LIST)
        if obj is None:
            overrides = [
                {
                    "name": name,
                    "start": datetime.datetime.fromisoformat(start),
                    "end": datetime.datetime.fromisoformat(end),
                    "state": state,
                }
                for name, start, end, state in OVERRIDES
            ]
            obj = override_list_create(
                organization=self.organization,
                name=OVERRIDE_LIST,
                description="Enkeltstående lukninger og ekstra åbningsdage.",
                overrides=overrides,
            )
            self.note(obj)
        return obj

    def business_hours(self, holiday_list: HolidayList, override_list: OverrideList) -> BusinessHours:
        obj = self.existing(BusinessHours, BUSINESS_HOURS)
        if obj is None:
            obj = business_hours_create(
                organization=self.organization,
                name=BUSINESS_HOURS,
                description="Åbningstider for supportkontoret i København.",
                holiday_list=holiday_list,
                override_list=override_list,
                shifts=[dict(shift) for shift in SHIFTS],
            )
            self.note(obj)
        return obj

    def flows(self, business_hours: BusinessHours, queues: dict[str, Queue]) -> dict[str, Flow]:
        found = {}
        for spec in FLOWS:
            fields = dict(spec)
            fields["business_hours"] = business_hours if fields.pop("business_hours", False) else None
            fields["queue"] = queues[fields["queue"]] if "queue" in fields else None
            obj = self.existing(Flow, fields["name"])
            if obj is None:
                obj = flow_create(organization=self.organization, **fields)
                self.note(obj)
            found[obj.name] = obj
        return found

    def numbers(self) -> dict[str, SupportNumber]:
        found = {}
        for raw, description in NUMBERS:
            e164 = normalize_number(raw)
            obj = SupportNumber.objects.filter(number=e164).first()
            if obj is None:
                obj = support_number_create(
                    organization=self.organization, number=raw, description=description
                )
                self.note(obj)
            elif obj.organization_id != self.organization.pk:
                raise CommandError(f"The demo number {raw} is already registered by another organization.")
            found[raw] = obj
        return found

    def channels(self, flows, queues, audio, numbers) -> list[EntryPoint]:
        made = []
        for spec in CHANNELS:
            fields = dict(spec)
            active = fields.pop("active", True)
            held = [numbers[raw] for raw in fields.pop("numbers", ())]
            fields["flow"] = flows[fields["flow"]]
            if "outdial_queue" in fields:
                fields["outdial_queue"] = queues[fields["outdial_queue"]]
            if "music_on_hold" in fields:
                fields["music_on_hold"] = audio[fields["music_on_hold"]]
            if self.existing(EntryPoint, fields["name"]) is not None:
                continue
            channel = entry_point_create(
                organization=self.organization, timezone=TIMEZONE, support_numbers=held, **fields
            )
            if not active:
                entry_point_deactivate(entry_point=channel)
            self.note(channel)
            made.append(channel)
        system = system_channel_ensure(organization=self.organization)
        number = numbers[SYSTEM_CHANNEL_NUMBER]
        if number.entry_point_id is None:
            support_number_assign(support_number=number, entry_point=system)
            self.created.append(f"{number} on “{system.name}”")
        return made


class Command(BaseCommand):
    help = (
        "Load the demo organization (idempotent). Passwords: DEMO_PASSWORD, otherwise generated and printed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the demo users new passwords (DEMO_PASSWORD, or generated ones) and print them.",
        )

    def handle(self, *args, reset_passwords: bool = False, **options):
        try:
            with transaction.atomic():
                organization = self._organization()
                loader = Loader(organization)
                passwords = self._users(organization, reset=reset_passwords)
                audio = loader.audio()
                queues = loader.queues(audio)
                schedule = loader.business_hours(loader.holiday_list(), loader.override_list())
                flows = loader.flows(schedule, queues)
                numbers = loader.numbers()
                loader.channels(flows, queues, audio, numbers)
        except ValidationError as error:
            raise CommandError("The demo data was refused: " + "; ".join(error.messages)) from error

        if loader.created:
            self.stdout.write(f"Loaded “{ORGANIZATION}” ({TIMEZONE}): {len(loader.created)} objects created.")
        else:
            self.stdout.write(f"“{ORGANIZATION}” is already loaded; nothing changed.")
        self.stdout.write(self._summary(organization))
        self._print_logins(passwords)

    def _organization(self) -> Organization:
        organization = Organization.objects.filter(name=ORGANIZATION).first()
        return organization or organization_create(name=ORGANIZATION, timezone=TIMEZONE)

    def _users(self, organization: Organization, *, reset: bool) -> dict[str, str]:
        """Create the demo users if missing; return the passwords that were set now (to print)."""
        user_model = get_user_model()
        from_env = os.environ.get("DEMO_PASSWORD") or None
        passwords = {}
        for username, role in USERS:
            user = user_model.objects.filter(username=username).first()
            if user is None:
                password = from_env or secrets.token_urlsafe(12)
                membership_create(organization=organization, username=username, password=password, role=role)
                passwords[username] = password
                continue
            membership = Membership.objects.filter(user=user).first()
            if membership is None or membership.organization_id != organization.pk:
                raise CommandError(
                    f"A user “{username}” already exists outside “{ORGANIZATION}”; "
                    "rename or remove that user first."
                )
            if reset:
                password = from_env or secrets.token_urlsafe(12)
                user.set_password(password)
                user.save(update_fields=["password"])
                passwords[username] = password
        return passwords

    def _summary(self, organization: Organization) -> str:
        counts = [
            (EntryPoint, "channels"),
            (Queue, "queues"),
            (Flow, "flows"),
            (BusinessHours, "business hours"),
            (HolidayList, "holiday lists"),
            (OverrideList, "override lists"),
            (SupportNumber, "support numbers"),
            (AudioFile, "audio files"),
        ]
        parts = [
            f"{model.objects.filter(organization=organization).count()} {label}" for model, label in counts
        ]
        return "  " + ", ".join(parts) + "."

    def _print_logins(self, passwords: dict[str, str]) -> None:
        self.stdout.write("Log in to the console as:")
        from_env = bool(os.environ.get("DEMO_PASSWORD"))
        for username, role in USERS:
            label = "administrator" if role == Role.ADMIN else "read-only viewer"
            if username in passwords and not from_env:
                shown = f"password {passwords[username]}  (generated; shown only now)"
            elif from_env:
                shown = "password from DEMO_PASSWORD"
            else:
                shown = "password as printed when the demo was first loaded (--reset-passwords sets new ones)"
            self.stdout.write(f"  {username:<8} {label:<17} {shown}")
