from pathlib import Path

import pytest
from django.http import HttpRequest
from django.test import Client

from contactcenter.choices import Role

from .factories import PASSWORD, make_organization, make_user

TESTS = Path(__file__).resolve().parent
# The slow parts, which `make test-fast` leaves out (`-m "not slow"`); `make test` runs everything.
SLOW_PATHS = (
    "browser/",  # real Chromium
    "api/test_schemathesis.py",  # fuzzing every operation, and the stateful run
    "api/test_api_demo.py",  # the demo script as a separate process against a live server
    "api/test_abuse_script.py",  # some 1,500 crafted requests from a separate process, live server
    "flows/test_schedule_property.py",  # the engine against a minute-by-minute reference
    "audio/test_wav_fuzz.py",  # thousands of damaged WAV files
    "test_two_servers.py",  # two gunicorn servers (two workers each) and a redis-server
)


# The fixtures through which a test reaches the test database (directly or through another fixture).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def pytest_collection_modifyitems(items):
    for item in items:
        path = item.path.relative_to(TESTS).as_posix()
        database = item.get_closest_marker("django_db")
        # Races need real concurrent transactions (transaction=True): slow by nature.
        if path.startswith(SLOW_PATHS) or (database and database.kwargs.get("transaction")):
            item.add_marker(pytest.mark.slow)
        # pytest-django refuses database access to every other test, so these give the same result
        # whichever database the suite runs on: CI's PostgreSQL pass leaves them to the SQLite one.
        if not database and not DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.no_database)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path_factory):
    """Uploads made by tests go to a temporary folder, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Sign-in and token failure counts (and rate limits) live in the cache: none leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a Danish request activates Danish for its thread (as Django's
    LocaleMiddleware does), which would otherwise leak into the next test's messages."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The default PBKDF2 costs ~0.8 s per user; tests need no brute-force resistance.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(db):
    return make_organization("Acme Support")


@pytest.fixture
def other_org(db):
    return make_organization("Other Company", timezone="America/New_York")


@pytest.fixture
def admin_user(org):
    return make_user(org, Role.ADMIN, username="admin")


@pytest.fixture
def viewer_user(org):
    return make_user(org, Role.VIEWER, username="viewer")


@pytest.fixture
def outsider_user(other_org):
    return make_user(other_org, Role.ADMIN, username="outsider")


def _client_for(user) -> Client:
    client = Client()
    assert client.login(request=HttpRequest(), username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def admin_client(admin_user):
    return _client_for(admin_user)


@pytest.fixture
def viewer_client(viewer_user):
    return _client_for(viewer_user)


@pytest.fixture
def outsider_client(outsider_user):
    return _client_for(outsider_user)
