import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from audio.models import AudioFile
from channels.models import EntryPoint
from contactcenter.models import Organization
from flows.models import BusinessHours, Flow, HolidayList, OverrideList
from queues.models import Queue
from support_numbers.models import SupportNumber
from tests.dbstate import db_state, unchanged

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # Password hashing is not under test here and the slow default would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("DJANGO_USER_PASSWORD", raising=False)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


class TestCreateOrganization:
    def test_creates_with_timezone_and_system_channel(self):
        output = run("create_organization", "Acme Nordic", "--timezone", "Europe/Oslo")
        org = Organization.objects.get(name="Acme Nordic")
        assert org.timezone == "Europe/Oslo"
        assert EntryPoint.objects.filter(organization=org, is_system=True).count() == 1
        assert "Created organization “Acme Nordic” (Europe/Oslo)." in output

    def test_default_timezone(self):
        run("create_organization", "Acme Default")
        assert Organization.objects.get(name="Acme Default").timezone == "Europe/Copenhagen"

    def test_timezone_in_any_case_is_stored_in_its_iana_spelling(self):
        run("create_organization", "Acme Lower", "--timezone", "europe/oslo")
        assert Organization.objects.get(name="Acme Lower").timezone == "Europe/Oslo"

    def test_bad_timezone(self):
        with unchanged(), pytest.raises(CommandError, match="“Mars/Base” is not a known IANA time zone"):
            run("create_organization", "Acme Mars", "--timezone", "Mars/Base")

    def test_existing_name_in_any_case(self, org):
        with unchanged(), pytest.raises(CommandError, match="already exists"):
            run("create_organization", org.name.upper())


class TestCreateUser:
    def test_creates_an_admin_with_the_given_password(self, org):
        output = run("create_user", "alice", org.name, "--role", "admin", "--password", "alice-secret-1")
        user = User.objects.get(username="alice")
        assert user.check_password("alice-secret-1")
        assert (user.membership.organization, user.membership.role) == (org, "admin")
        assert "alice-secret-1" not in output

    def test_password_from_the_environment(self, org, monkeypatch):
        monkeypatch.setenv("DJANGO_USER_PASSWORD", "env-secret-22")
        run("create_user", "bob", org.name)
        user = User.objects.get(username="bob")
        assert user.check_password("env-secret-22")
        assert user.membership.role == "viewer"

    def test_generated_password_is_printed_once(self, org):
        output = run("create_user", "carol", org.name, "--role", "viewer")
        password = re.search(r"Password \(shown only now\): (\S+)", output).group(1)
        assert User.objects.get(username="carol").check_password(password)

    def test_unknown_organization(self, org):
        with unchanged(), pytest.raises(CommandError, match="There is no organization named “Nope”"):
            run("create_user", "dave", "Nope")

    def test_bad_role(self, org):
        with unchanged(), pytest.raises(CommandError, match=r"Unknown role “owner”: use admin or viewer\."):
            run("create_user", "erin", org.name, "--role", "owner")

    def test_existing_user(self, org, admin_user):
        with unchanged(), pytest.raises(CommandError, match="already exists"):
            run("create_user", admin_user.username.upper(), org.name)

    def test_invalid_username(self, org):
        with unchanged(), pytest.raises(CommandError, match="username"):
            run("create_user", "bad name!", org.name, "--password", "x")


def test_all_project_models_are_covered_by_the_snapshot():
    labels = set(db_state())
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
        assert model._meta.label in labels
    assert apps.get_model("flows", "Shift")._meta.label in labels
