"""The "Must show" script, run as a separate process against a live server with only a token."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from channels.models import EntryPoint
from contactcenter.tokens import api_token_create
from flows.models import Flow
from queues.models import Queue
from support_numbers.models import SupportNumber
from tests.factories import make_entry_point, make_flow, make_number, make_queue

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "api_demo.py"


def test_the_demo_script_builds_and_tears_down_a_channel(live_server, admin_user, settings):
    settings.API_RATE_LIMIT = "10000/minute"
    secret = api_token_create(user=admin_user, name="demo")[1]
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--url", live_server.url, "--token", secret],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed." in result.stdout
    assert "-> 412" in result.stdout and "-> 409" in result.stdout
    # Torn down: only the system channel is left.
    assert list(EntryPoint.objects.values_list("is_system", flat=True)) == [True]
    assert not Flow.objects.exists() and not Queue.objects.exists() and not SupportNumber.objects.exists()


def test_the_demo_script_fails_loudly_with_a_bad_token(live_server, db):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--url", live_server.url, "--token", "cc_not-a-token", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "expected 201, got 401" in result.stderr


def load_script():
    spec = importlib.util.spec_from_file_location("api_demo", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tear_down_removes_an_active_channel_that_holds_numbers(live_server, admin_user, org, settings):
    settings.API_RATE_LIMIT = "10000/minute"
    demo = load_script()
    queue = make_queue(org)
    flow = make_flow(org, queue=queue)
    numbers = [make_number(org), make_number(org)]
    channel = make_entry_point(org, "inbound_telephony", flow=flow, support_numbers=numbers)
    made = [
        ("queues", str(queue.pk)),
        ("flows", str(flow.pk)),
        *(("support-numbers", str(number.pk)) for number in numbers),
        ("entry-points", str(channel.pk)),
    ]
    api = demo.Api(live_server.url, api_token_create(user=admin_user, name="demo")[1], verbose=False)

    demo.tear_down(api, made, strict=True)

    assert not EntryPoint.objects.filter(is_system=False).exists()
    assert not Flow.objects.exists() and not Queue.objects.exists() and not SupportNumber.objects.exists()


def test_a_failed_check_is_reported_and_what_was_built_is_removed(live_server, admin_user, settings, capsys):
    settings.API_RATE_LIMIT = "10000/minute"
    demo = load_script()

    class FailingApi(demo.Api):
        def expect(self, status, method, path, body=None, headers=None):
            if (status, method) == (409, "DELETE") and path.startswith("entry-points/"):
                raise demo.ApiError("the guard answered something else")
            return super().expect(status, method, path, body, headers)

    api = FailingApi(live_server.url, api_token_create(user=admin_user, name="demo")[1], verbose=False)

    with pytest.raises(demo.ApiError, match="the guard answered something else"):
        demo.run(api)

    assert "tear down failed" not in capsys.readouterr().err
    assert not EntryPoint.objects.filter(is_system=False).exists()
    assert not Flow.objects.exists() and not Queue.objects.exists() and not SupportNumber.objects.exists()
