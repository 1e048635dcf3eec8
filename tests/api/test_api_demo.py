"""The "Must show" script, run as a separate process against a live server with only a token."""

import subprocess
import sys
from pathlib import Path

from contactcenter.tokens import api_token_create

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
    from channels.models import EntryPoint
    from flows.models import Flow
    from queues.models import Queue
    from support_numbers.models import SupportNumber

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
