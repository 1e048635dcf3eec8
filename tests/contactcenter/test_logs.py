"""The request log: one JSON line per request and per error, with the request id echoed in the response."""

import io
import json
import logging
import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils.module_loading import import_string
from rest_framework.test import APIClient

from contactcenter.logs import RequestIdFilter
from contactcenter.tokens import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """The lines the JSON format writes for the request log and Django's error log, as objects."""
    config = dict(django_settings.LOGGING["formatters"]["json"])
    formatter = import_string(config.pop("()"))(**config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(name) for name in ("contactcenter.request", "django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


def test_one_json_line_per_request_with_who_and_how_long(admin_client, admin_user, org, json_log):
    response = admin_client.get("/queues/", HTTP_X_REQUEST_ID="lb-4f2a-77")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "lb-4f2a-77"
    [line] = json_log()
    assert line.keys() >= {"time", "level", "logger", "message", "request_id", "method", "path", "status"}
    assert {key: line[key] for key in ("request_id", "method", "path", "status", "logger", "level")} == {
        "request_id": "lb-4f2a-77",
        "method": "GET",
        "path": "/queues/",
        "status": 200,
        "logger": "contactcenter.request",
        "level": "INFO",
    }
    assert (line["user_id"], line["organization_id"], line["client"]) == (
        admin_user.pk,
        str(org.pk),
        "127.0.0.1",
    )
    assert line["duration_ms"] > 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00", line["time"])


def test_an_api_caller_is_named_too(admin_user, org, json_log):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=admin_user, name='log')[1]}")
    assert api.get("/api/v1/queues/").status_code == 200
    [line] = json_log()
    assert (line["user_id"], line["organization_id"], line["status"]) == (admin_user.pk, str(org.pk), 200)


def test_without_an_incoming_id_one_is_made_and_echoed(client, json_log):
    response = client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    [line] = json_log()
    assert line["request_id"] == response["X-Request-ID"]
    assert (line["user_id"], line["organization_id"]) == (None, None)


@pytest.mark.parametrize("forged", ["x" * 129, "id with spaces", "a\u2028b", "ok\ninjected"])
def test_an_id_that_could_forge_a_line_is_replaced(client, forged):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=forged)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_an_error_is_one_line_with_its_traceback_and_the_request_id(admin_user, org, json_log, monkeypatch):
    from queues.views import QueueListView

    def broken(*args, **kwargs):
        raise RuntimeError("the list broke")

    monkeypatch.setattr(QueueListView, "get", broken)
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    response = client.get("/queues/", HTTP_X_REQUEST_ID="err-1")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "err-1"
    error, request = json_log()
    assert (error["logger"], error["level"], error["request_id"]) == ("django.request", "ERROR", "err-1")
    assert "RuntimeError: the list broke" in error["exc_info"]
    assert (request["status"], request["request_id"]) == (500, "err-1")


def test_the_text_format_names_the_request_id(client, settings):
    formatter = logging.Formatter(settings.LOGGING["formatters"]["text"]["format"])
    record = logging.LogRecord("contactcenter.request", logging.INFO, __file__, 1, "GET /x 200", None, None)
    RequestIdFilter().filter(record)
    assert formatter.format(record).endswith("INFO contactcenter.request [-] GET /x 200")
