"""Crafted bodies and paths: every one is a clear JSON 4xx, read within its bound, and writes nothing."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from audio.models import AudioFile
from contactcenter.views import csrf_failure
from queues.models import Queue
from tests.factories import make_queue

QUEUE = {
    "name": "Hardened",
    "queue_type": "inbound",
    "channel_type": "chat",
    "service_level_threshold": 30,
    "max_time_in_queue": 900,
    "routing_type": "longest_available_agent",
}


def post_raw(client, url: str, body: bytes, content_type: str = "application/json"):
    return client.generic("POST", url, body, content_type=content_type)


def assert_json_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["code"] == code and body["detail"]
    return body


# -- 1. bodies are bounded before they are parsed ---------------------------------------------


def test_a_json_body_over_the_limit_is_413_before_anyone_reads_it(api, viewer_api, settings, org):
    settings.API_MAX_BODY_BYTES = 4096
    body = b'{"name": "' + b"x" * 5000 + b'"}'
    assert_json_error(post_raw(api, "/api/v1/queues/", body), 413, "payload_too_large")
    # A read-only caller is refused the same way, before authentication or parsing.
    assert_json_error(post_raw(viewer_api, "/api/v1/queues/", body), 413, "payload_too_large")
    assert not Queue.objects.exists()


def test_the_default_limit_is_one_mebibyte(api, org):
    body = b'{"description": "' + b"x" * (1024 * 1024) + b'"}'
    assert_json_error(post_raw(api, "/api/v1/queues/", body), 413, "payload_too_large")


def test_a_parser_reading_past_the_limit_refuses_whatever_content_length_said(settings):
    import io

    from rest_framework.exceptions import APIException

    from contactcenter.api.parsers import StrictJSONParser

    settings.API_MAX_BODY_BYTES = 10
    with pytest.raises(APIException) as raised:
        StrictJSONParser().parse(io.BytesIO(b'{"name": "long enough"}'), parser_context={})
    assert raised.value.status_code == 413


def test_an_upload_over_the_audio_limit_is_413_and_nothing_reaches_the_disk(api, settings, org, tmp_path):
    settings.AUDIO_MAX_BYTES = 1000
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path
    before = set(tmp_path.iterdir())
    body = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\n'
    body += b"R" * (1000 + 70 * 1024) + b"\r\n--b--\r\n"
    response = post_raw(api, "/api/v1/audio-files/", body, "multipart/form-data; boundary=b")
    assert_json_error(response, 413, "payload_too_large")
    assert set(tmp_path.iterdir()) == before
    assert not AudioFile.objects.exists()


def test_too_many_multipart_fields_is_a_json_400(api, settings, org):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    body = b"".join(
        b'--b\r\nContent-Disposition: form-data; name="f%d"\r\n\r\nx\r\n' % index for index in range(60)
    )
    response = post_raw(api, "/api/v1/audio-files/", body + b"--b--\r\n", "multipart/form-data; boundary=b")
    assert_json_error(response, 400, "parse_error")
    assert not AudioFile.objects.exists()


# -- 2. every malformed body is a JSON 400 parse_error -----------------------------------------


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"[" * 100_000, "nested"),
        (b"[" * 40 + b"]" * 40, "nested"),
        (b'{"name": "a\x00b"}', "JSON parse error"),
        (b'{"name": "a\\u0000b"}', "NUL"),
        (b'{"na\\u0000me": "a"}', "NUL"),
        (b'{"name": "\xd9\xff"}', "UTF-8"),
        (b'{"service_level_threshold": ' + b"9" * 10_000 + b"}", "JSON parse error"),
        (b'{"service_level_threshold": NaN}', "JSON parse error"),
        (b"[1, 2]", "array"),
        (b'"Sales"', "string"),
        (b"null", "null"),
        (b"42", "number"),
    ],
    ids=[
        "nested-100000",
        "nested-40",
        "raw-nul",
        "escaped-nul",
        "nul-in-key",
        "invalid-utf8",
        "10000-digits",
        "nan",
        "array",
        "string",
        "null",
        "number",
    ],
)
def test_a_malformed_body_is_a_400_parse_error_and_writes_nothing(api, org, body, says):
    for url in ("/api/v1/queues/", "/api/v1/entry-points/", "/api/v1/business-hours/"):
        detail = assert_json_error(post_raw(api, url, body), 400, "parse_error")["detail"]
        assert says in detail, detail
    queue = make_queue(org)
    response = api.generic("PATCH", f"/api/v1/queues/{queue.pk}/", body, content_type="application/json")
    assert_json_error(response, 400, "parse_error")
    queue.refresh_from_db()
    assert queue.version == 1
    assert Queue.objects.count() == 1


def test_a_good_body_still_creates(api, org):
    response = api.post("/api/v1/queues/", QUEUE, format="json")
    assert response.status_code == 201


# -- 3. everything under /api/ answers JSON ---------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@pytest.mark.parametrize("path", ["/api/v1/queues/0.5/", "/api/v1/nothing-here/", "/api/elsewhere"])
def test_a_path_that_names_nothing_is_a_json_404_for_every_method_even_without_csrf(
    admin_user, org, method, path
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.generic(method, path, b"{}", content_type="application/json")
    assert_json_error(response, 404, "not_found")


def test_a_csrf_failure_under_api_is_json_and_elsewhere_the_console_page():
    factory = RequestFactory()
    api = csrf_failure(factory.post("/api/v1/queues/"), reason="CSRF cookie not set.")
    assert_json_error(api, 403, "permission_denied")
    request = factory.post("/queues/new/")
    request.user = AnonymousUser()  # set by AuthenticationMiddleware before the CSRF check runs
    console = csrf_failure(request, reason="CSRF cookie not set.")
    assert console.status_code == 403 and console["Content-Type"].startswith("text/html")


def test_a_session_write_without_csrf_token_is_a_json_403(admin_user, org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post("/api/v1/queues/", QUEUE, content_type="application/json")
    assert_json_error(response, 403, "permission_denied")
    assert not Queue.objects.exists()


def test_a_server_error_under_api_is_json(api, org, monkeypatch):
    from queues.api import views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.QueueViewSet, "list", explode)
    api.raise_request_exception = False
    assert_json_error(api.get("/api/v1/queues/"), 500, "server_error")


def test_a_server_error_on_the_console_is_the_plain_page(admin_client, monkeypatch):
    from queues import views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.QueueListView, "get", explode)
    admin_client.raise_request_exception = False
    response = admin_client.get("/queues/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@pytest.mark.parametrize("path", ["/api/docs/", "/api/schema/"])
def test_the_schema_and_docs_pages_refuse_other_methods_in_json(client, db, method, path):
    response = client.generic(method, path)
    assert_json_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET, HEAD"


def test_an_unknown_schema_format_is_a_json_404(client, db):
    assert_json_error(client.get("/api/schema/?format=nonsense"), 404, "not_found")
    assert client.get("/api/schema/?format=json").status_code == 200
