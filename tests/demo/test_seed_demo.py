"""The demo loader: `manage.py seed_demo` builds the organization of DOMAIN.md through the services."""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from audio.models import AudioFile
from channels.models import EntryPoint
from contactcenter.models import Membership, Organization
from contactcenter.services import membership_create
from flows.models import BusinessHours, Flow, HolidayList, OverrideList
from queues.models import Queue
from support_numbers.models import SupportNumber
from tests.dbstate import db_state, unchanged
from tests.factories import make_organization

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # Password hashing is not under test here and the slow default would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def generated_passwords(output: str) -> dict[str, str]:
    return dict(re.findall(r"^\s+(\w+)\s.*?password (\S+)\s+\(generated", output, re.MULTILINE))


class TestSeedDemo:
    def test_loads_the_demo_organization(self):
        output = run("seed_demo")
        org = Organization.objects.get(name="Demo Contact Center")
        assert org.timezone == "Europe/Copenhagen"
        assert "Log in" in output

        assert User.objects.get(username="admin").membership.role == "admin"
        assert User.objects.get(username="support").membership.role == "viewer"
        assert Membership.objects.filter(organization=org).count() == 2

        channels = {c.name: c for c in EntryPoint.objects.filter(organization=org)}
        assert {c.channel_type for c in channels.values()} == {
            "chat",
            "email",
            "social",
            "inbound_telephony",
            "outbound_telephony",
        }
        assert {c.social_channel_type for c in channels.values() if c.channel_type == "social"} == {
            "facebook_messenger",
            "sms",
            "whatsapp",
        }
        hotline = channels["Support_Hotline"]
        assert sorted(hotline.support_numbers.values_list("number", flat=True)) == [
            "+4533123456",
            "+4580203040",
        ]
        assert hotline.flow.name == "Main_IVR"
        campaigns = channels["Outbound_Campaigns"]
        assert (campaigns.outdial_queue.name, campaigns.music_on_hold.name) == (
            "Outbound_Sales",
            "Hold_music.wav",
        )
        assert [c.name for c in channels.values() if not c.active] == ["Legacy_Outbound"]
        assert channels["Legacy_Outbound"].routed_by_strategy
        system = channels["Outdial Transfer to Queue"]
        assert system.is_system
        assert list(system.support_numbers.values_list("number", flat=True)) == ["+4570203040"]
        assert SupportNumber.objects.filter(organization=org, entry_point=None).count() == 2

        queues = {q.name: q for q in Queue.objects.filter(organization=org)}
        assert (queues["Support_DK"].queue_type, queues["Support_DK"].channel_type) == (
            "inbound",
            "telephony",
        )
        assert (queues["Outbound_Sales"].queue_type, queues["Outbound_Sales"].channel_type) == (
            "outbound",
            "telephony",
        )
        assert {"chat", "email", "social"} <= {q.channel_type for q in queues.values()}

        flows = {f.name: f for f in Flow.objects.filter(organization=org)}
        assert set(flows) == {
            "Main_IVR",
            "Chat_Flow",
            "Email_Flow",
            "Social_Flow",
            "Outbound_Flow",
            "Legacy_Strategy",
        }
        assert flows["Main_IVR"].business_hours.name == "Copenhagen office"
        assert flows["Main_IVR"].queue.name == "Support_DK"
        assert flows["Outbound_Flow"].queue.name == "Outbound_Sales"
        assert flows["Legacy_Strategy"].kind == "routing_strategy"

        hours = BusinessHours.objects.get(organization=org, name="Copenhagen office")
        # In the order the demo data lists them (written by the service).
        assert [(s.name, s.weekdays, s.hours_label, s.position) for s in hours.shifts.all()] == [
            ("Weekdays", ["mon", "tue", "wed", "thu", "fri"], "09:00–17:00", 0),
            ("Saturday", ["sat"], "10:00–14:00", 1),
        ]
        holidays = {h.name: h for h in hours.holiday_list.holidays.all()}
        assert hours.holiday_list.name == "Danish public holidays"
        assert len(holidays) == 6 + 6 * 2
        assert holidays["Grundlovsdag"].repeats_yearly
        assert holidays["Langfredag 2026"].start_date == datetime.date(2026, 4, 3)
        assert holidays["2. pinsedag 2027"].start_date == datetime.date(2027, 5, 17)
        assert not holidays["Påskedag 2027"].repeats_yearly
        assert sorted(hours.override_list.overrides.values_list("state", flat=True)) == ["closed", "open"]
        assert AudioFile.objects.filter(organization=org).count() == 3

    def test_every_object_it_creates_obeys_every_rule(self):
        run("seed_demo")
        org = Organization.objects.get(name="Demo Contact Center")
        for model in (
            EntryPoint,
            Queue,
            Flow,
            BusinessHours,
            HolidayList,
            OverrideList,
            SupportNumber,
            AudioFile,
        ):
            for obj in model.objects.filter(organization=org):
                obj.full_clean()
        for audio in AudioFile.objects.filter(organization=org):
            assert audio.duration_seconds > 0

    def test_running_twice_changes_nothing(self):
        first = run("seed_demo")
        assert len(generated_passwords(first)) == 2
        with unchanged():
            second = run("seed_demo")
        assert "already loaded; nothing changed" in second
        assert generated_passwords(second) == {}

    def test_generated_passwords_are_printed_once_and_work(self):
        passwords = generated_passwords(run("seed_demo"))
        assert set(passwords) == {"admin", "support"}
        assert passwords["admin"] != passwords["support"]
        for username, password in passwords.items():
            assert User.objects.get(username=username).check_password(password)
            assert len(password) >= 12

    def test_demo_password_from_the_environment(self, monkeypatch):
        monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-from-env")
        output = run("seed_demo")
        assert "demo-pass-from-env" not in output
        assert "DEMO_PASSWORD" in output
        for username in ("admin", "support"):
            assert User.objects.get(username=username).check_password("demo-pass-from-env")

    def test_reset_passwords_sets_new_ones_and_prints_them(self):
        old = generated_passwords(run("seed_demo"))
        before = {label: rows for label, rows in db_state().items() if label != "auth.User"}
        new = generated_passwords(run("seed_demo", "--reset-passwords"))
        assert set(new) == {"admin", "support"}
        for username in ("admin", "support"):
            user = User.objects.get(username=username)
            assert user.check_password(new[username])
            assert not user.check_password(old[username])
        assert {label: rows for label, rows in db_state().items() if label != "auth.User"} == before

    def test_reset_passwords_with_demo_password(self, monkeypatch):
        run("seed_demo")
        monkeypatch.setenv("DEMO_PASSWORD", "another-demo-pass")
        run("seed_demo", "--reset-passwords")
        assert User.objects.get(username="admin").check_password("another-demo-pass")

    def test_finishes_a_partly_loaded_demo_without_duplicates(self):
        run("seed_demo")
        org = Organization.objects.get(name="Demo Contact Center")
        web_chat = EntryPoint.objects.get(organization=org, name="Web_Chat")
        EntryPoint.objects.filter(pk=web_chat.pk).delete()
        run("seed_demo")
        assert EntryPoint.objects.filter(organization=org, name="Web_Chat").count() == 1
        assert EntryPoint.objects.filter(organization=org).count() == 9

    def test_refuses_a_foreign_admin_user(self):
        membership_create(
            organization=make_organization("Elsewhere"), username="admin", password="x", role="admin"
        )
        with unchanged(), pytest.raises(CommandError, match="already exists outside"):
            run("seed_demo")

    def test_a_failure_leaves_nothing_half_loaded(self):
        other = make_organization("Number Owner")
        from support_numbers.services import support_number_create

        support_number_create(organization=other, number="+45 33 12 34 57")
        with unchanged(), pytest.raises(CommandError, match="already registered by another organization"):
            run("seed_demo")
        assert not Organization.objects.filter(name="Demo Contact Center").exists()
