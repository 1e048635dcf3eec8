"""Settings come from environment variables through strict parsers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from contactcenter.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "console.example.com, www.example.com",
    "DATABASE_URL": "postgres://cc:secret@db.example.com:5432/contactcenter",
    "REDIS_URL": "redis://cache.example.com:6379/0",
}


class TestParsers:
    @pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on", " True "])
    def test_true_values(self, monkeypatch, raw):
        monkeypatch.setenv("SOME_FLAG", raw)
        assert env_bool("SOME_FLAG", False) is True

    @pytest.mark.parametrize("raw", ["0", "false", "no", "off", "OFF"])
    def test_false_values(self, monkeypatch, raw):
        monkeypatch.setenv("SOME_FLAG", raw)
        assert env_bool("SOME_FLAG", True) is False

    @pytest.mark.parametrize("raw", [None, ""])
    def test_unset_or_empty_uses_the_default(self, monkeypatch, raw):
        monkeypatch.delenv("SOME_FLAG", raising=False)
        if raw is not None:
            monkeypatch.setenv("SOME_FLAG", raw)
        assert env_bool("SOME_FLAG", True) is True
        assert env_bool("SOME_FLAG", False) is False

    @pytest.mark.parametrize("raw", ["maybe", "2", "ja", "t"])
    def test_anything_else_is_refused_naming_the_variable(self, monkeypatch, raw):
        monkeypatch.setenv("SOME_FLAG", raw)
        with pytest.raises(
            ImproperlyConfigured, match=f"SOME_FLAG must be a boolean \\(true/false\\), not '{raw}'"
        ):
            env_bool("SOME_FLAG", False)

    def test_integers(self, monkeypatch):
        monkeypatch.setenv("SOME_NUMBER", "42")
        assert env_int("SOME_NUMBER", 1) == 42
        monkeypatch.setenv("SOME_NUMBER", "")
        assert env_int("SOME_NUMBER", 7) == 7
        monkeypatch.setenv("SOME_NUMBER", "ten")
        with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER must be an integer, not 'ten'"):
            env_int("SOME_NUMBER", 1)

    def test_lists(self, monkeypatch):
        monkeypatch.setenv("SOME_LIST", " a.example.com, b.example.com ,,")
        assert env_list("SOME_LIST", []) == ["a.example.com", "b.example.com"]
        monkeypatch.setenv("SOME_LIST", "  ")
        assert env_list("SOME_LIST", ["default"]) == ["default"]


def run_python(*args: str, **env) -> subprocess.CompletedProcess:
    """Run Python in the checkout with exactly these DJANGO_* and DATABASE_URL variables."""
    base = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, *args],
        env={**base, "DJANGO_SETTINGS_MODULE": "contactcenter.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_manage(*args: str, **env) -> subprocess.CompletedProcess:
    return run_python("manage.py", *args, **env)


def load_settings(**env) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with exactly these variables; print what matters."""
    program = (
        "import json; from django.conf import settings as s; db = s.DATABASES['default']; "
        "print(json.dumps({'DEBUG': s.DEBUG, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'ENGINE': db['ENGINE'], "
        "'CONN_MAX_AGE': db['CONN_MAX_AGE'], 'HEALTH': db.get('CONN_HEALTH_CHECKS'), "
        "'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE, 'SECURE_SSL_REDIRECT': s.SECURE_SSL_REDIRECT, "
        "'USE_TZ': s.USE_TZ, 'MEDIA_ROOT': str(s.MEDIA_ROOT), 'AUDIO_MAX_BYTES': s.AUDIO_MAX_BYTES, "
        "'STATIC': s.STORAGES['staticfiles']['BACKEND']}))"
    )
    return run_python("-c", program, **env)


def loaded(**env) -> dict:
    result = load_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class TestEnvironment:
    def test_development_defaults_only_when_debugging(self):
        values = loaded(DJANGO_DEBUG="1")
        assert values["DEBUG"] is True
        assert "127.0.0.1" in values["ALLOWED_HOSTS"]
        assert values["ENGINE"] == "django_prometheus.db.backends.sqlite3"  # counts queries
        assert values["CONN_MAX_AGE"] == 0
        assert values["USE_TZ"] is True

    def test_a_bad_debug_value_stops_the_start(self):
        result = load_settings(DJANGO_DEBUG="maybe")
        assert result.returncode != 0
        assert "DJANGO_DEBUG must be a boolean (true/false), not 'maybe'" in result.stderr

    @pytest.mark.parametrize("debug", [{"DJANGO_DEBUG": "0"}, {}], ids=["debug-off", "debug-unset"])
    def test_production_refuses_to_serve_without_a_secret_key(self, debug):
        result = run_python("-c", "import contactcenter.wsgi", **debug)
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off." in result.stderr

    def test_check_deploy_fails_without_a_secret_key(self):
        result = run_manage("check", "--deploy", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="cc.example.com")
        assert result.returncode != 0
        assert "(contactcenter.E001) DJANGO_SECRET_KEY is required" in result.stderr

    def test_offline_commands_need_no_secret_key(self):
        """`manage.py makemigrations --check` works in a bare shell: it signs nothing."""
        result = run_manage("makemigrations", "--check", "--dry-run")
        assert result.returncode == 0, result.stderr
        assert "No changes detected" in result.stdout

    def test_serving_starts_with_a_secret_key(self):
        result = run_python(
            "-c", "import contactcenter.wsgi", **{**PRODUCTION, "DATABASE_URL": "sqlite:///:memory:"}
        )
        assert result.returncode == 0, result.stderr

    def test_debug_is_off_by_default(self):
        assert loaded()["DEBUG"] is False

    def test_production_values(self):
        values = loaded(**PRODUCTION, DJANGO_MEDIA_ROOT="/srv/media", AUDIO_MAX_BYTES="2048")
        assert values["DEBUG"] is False
        assert values["ALLOWED_HOSTS"] == ["console.example.com", "www.example.com"]
        assert values["ENGINE"] == "django_prometheus.db.backends.postgresql"
        # Persistent connections, checked before reuse.
        assert values["CONN_MAX_AGE"] == 600
        assert values["HEALTH"] is True
        assert values["SESSION_COOKIE_SECURE"] is True
        assert values["SECURE_SSL_REDIRECT"] is True
        assert values["MEDIA_ROOT"] == "/srv/media"
        assert values["AUDIO_MAX_BYTES"] == 2048
        assert values["STATIC"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"

    def test_no_hosts_are_allowed_in_production_unless_listed(self):
        env = {**PRODUCTION}
        del env["DJANGO_ALLOWED_HOSTS"]
        assert loaded(**env)["ALLOWED_HOSTS"] == []

    def test_connection_age_is_configurable(self):
        assert loaded(**PRODUCTION, DJANGO_CONN_MAX_AGE="0")["CONN_MAX_AGE"] == 0
        result = load_settings(**PRODUCTION, DJANGO_CONN_MAX_AGE="forever")
        assert "DJANGO_CONN_MAX_AGE must be an integer" in result.stderr

    def test_check_deploy_is_clean_with_production_variables(self):
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            env={
                **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
                **PRODUCTION,
                "DATABASE_URL": "sqlite:////tmp/unused-check-deploy.sqlite3",
            },
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    def test_check_deploy_warns_that_limits_are_per_process_without_redis(self):
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            env={
                **{
                    k: v
                    for k, v in os.environ.items()
                    if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS"))
                },
                **{k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"},
                "DATABASE_URL": "sqlite:////tmp/unused-check-deploy.sqlite3",
            },
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode != 0
        assert "contactcenter.W001" in result.stderr + result.stdout
        assert "counted in each server process" in result.stderr + result.stdout
