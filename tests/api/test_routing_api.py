"""POST /api/v1/routing/resolve/: the answer, who may ask, bad input, and its OpenAPI description."""

import json

import pytest
from django.http import HttpRequest
from django.test import Client

from channels.api.routing import RoutingStatusSerializer
from channels.services import entry_point_deactivate
from tests.channels.test_routing import NIGHT, NUMBER, make_danish_line
from tests.factories import PASSWORD, make_number
from tests.flows.test_schedule import CHRISTMAS, CPH, status

pytestmark = pytest.mark.django_db

URL = "/api/v1/routing/resolve/"


@pytest.fixture
def danish(org):
    return make_danish_line(org)


def resolve(client, **body):
    # JSON by hand: the same call works for DRF's APIClient and Django's session Client.
    return client.post(URL, json.dumps(body), content_type="application/json")


def test_the_engines_status_renders_json_ready():
    data = RoutingStatusSerializer(status(CHRISTMAS, CPH, "2024-12-24 10:00")).data
    assert data["rule_kind"] == "holiday" and data["reason"] == "Christmas" and not data["is_open"]
    assert data["until"] == "2024-12-27T08:00:00+01:00"


def test_a_number_on_christmas_eve_is_closed_by_the_holiday(api, danish):
    response = resolve(api, number="+45 33 12 34 56", local_time="2026-12-24T10:00")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["number"] == {
        "id": str(danish.number.pk),
        "number": "+4533123456",
        "international": "+45 33 12 34 56",
        "description": "",
    }
    assert body["entry_point"] == {
        "id": str(danish.channel.pk),
        "name": "Support_Hotline",
        "channel_type": "inbound_telephony",
        "social_channel_type": "",
        "direction": "inbound",
        "active": True,
        "is_system": False,
    }
    assert body["timezone"] == "Europe/Copenhagen"
    assert body["requested_local_time"] == "2026-12-24T10:00:00"
    assert body["local_time"] == "2026-12-24T10:00:00+01:00"
    assert body["utc_offset"] == "+01:00"
    assert (body["ambiguous"], body["nonexistent"], body["fold"], body["other_occurrence"]) == (
        False,
        False,
        0,
        None,
    )
    assert body["flow"] == {
        "id": str(danish.flow.pk),
        "name": "Main_IVR",
        "kind": "flow",
        "business_hours": {"id": str(danish.hours.pk), "name": "Copenhagen office"},
        "queue": {"id": str(danish.queue.pk), "name": "Support_DK", "active": True},
    }
    assert body["is_open"] is False
    assert body["status"] == {
        "is_open": False,
        "rule_kind": "holiday",
        "rule_name": "Christmas Eve",
        "reason": "Christmas Eve",
        "at": "2026-12-24T10:00:00+01:00",
        "next_change": "2026-12-25T00:00:00+01:00",
        "until": "2026-12-25T09:00:00+01:00",
        "label": "Closed · Christmas Eve · opens 25 Dec 09:00",
    }
    assert body["outcome"] == "closed"
    assert body["summary"] == "Closed (Christmas Eve): the contact does not go to a queue."
    assert body["queue"] is None
    assert body["warnings"] == []


@pytest.mark.parametrize(
    ("local_time", "is_open", "reason", "until", "queue"),
    [
        ("2026-01-14T08:59", False, "outside working hours", "2026-01-14T09:00:00+01:00", None),
        ("2026-01-14T09:00", True, "Weekdays", "2026-01-14T17:00:00+01:00", "Support_DK"),
    ],
)
def test_a_weekday_at_08_59_and_09_00(api, danish, local_time, is_open, reason, until, queue):
    body = resolve(api, number="+4533123456", local_time=local_time).json()
    assert body["status"]["is_open"] is is_open
    assert body["status"]["reason"] == reason
    assert body["status"]["until"] == until
    assert (body["queue"] or {}).get("name") == queue
    assert body["outcome"] == ("queue" if is_open else "closed")


@pytest.mark.parametrize(
    ("fold", "local", "other", "is_open", "until"),
    [
        (0, "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00", False, "2026-10-26T09:00:00+01:00"),
        (1, "2026-10-25T02:30:00+01:00", "2026-10-25T02:30:00+02:00", False, "2026-10-26T09:00:00+01:00"),
    ],
)
def test_the_autumn_repeated_hour_by_fold(api, danish, fold, local, other, is_open, until):
    body = resolve(api, entry_point=str(danish.channel.pk), local_time="2026-10-25T02:30", fold=fold).json()
    assert body["ambiguous"] is True
    assert body["fold"] == fold
    assert body["local_time"] == local
    assert body["other_occurrence"] == other
    assert body["status"]["is_open"] is is_open
    assert body["status"]["until"] == until
    assert {w["code"] for w in body["warnings"]} == {"ambiguous_time", "clock_change"}


@pytest.mark.parametrize(
    ("fold", "offset", "until"),
    [(0, "+02:00", "2026-10-25T02:45:00+02:00"), (1, "+01:00", "2026-10-25T02:45:00+01:00")],
)
def test_the_autumn_repeated_hour_inside_a_shift(api, org, fold, offset, until):
    make_danish_line(org, shifts=[NIGHT])
    body = resolve(api, number=NUMBER, local_time="2026-10-25T02:30", fold=fold).json()
    assert body["utc_offset"] == offset
    assert body["status"]["rule_name"] == "Night"
    assert body["status"]["until"] == until
    assert body["queue"]["name"] == "Support_DK"


def test_default_is_now(api, danish):
    body = resolve(api, number=NUMBER).json()
    assert body["requested_local_time"] is None
    assert body["local_time"].endswith(body["utc_offset"])


def test_an_unassigned_number_is_answered_with_a_warning(api, org):
    make_number(org, "+45 33 12 34 57")
    body = resolve(api, number="+45 33 12 34 57", local_time="2026-01-14T09:00").json()
    assert body["entry_point"] is None and body["flow"] is None and body["status"] is None
    assert body["is_open"] is None
    assert body["outcome"] == "no_channel"
    assert [w["code"] for w in body["warnings"]] == ["number_unassigned"]


def test_an_inactive_channel(api, danish):
    entry_point_deactivate(entry_point=danish.channel)
    body = resolve(api, number=NUMBER, local_time="2026-01-14T10:00").json()
    assert body["entry_point"]["active"] is False
    assert body["outcome"] == "channel_inactive"
    assert [w["code"] for w in body["warnings"]] == ["channel_inactive"]
    # Open by its hours, but the answer says it takes no contacts: no queue, the summary says why.
    assert body["is_open"] is True and body["queue"] is None
    assert "is inactive: it takes no contacts" in body["summary"]


def test_the_schema_says_an_inactive_channel_accepts_no_contacts_whatever_is_open_says(schema):
    is_open = schema["components"]["schemas"]["RoutingResult"]["properties"]["is_open"]
    assert "An inactive channel accepts no contacts whatever this says" in is_open["description"]
    assert "channel_inactive" in is_open["description"]


# --- Who may ask ------------------------------------------------------------------------------------


@pytest.mark.parametrize("caller", ["api", "viewer_api", "read_only_api", "viewer_client"])
def test_every_member_may_resolve_it_changes_nothing(request, danish, caller):
    client = request.getfixturevalue(caller)
    version = danish.channel.version
    response = resolve(client, number=NUMBER, local_time="2026-01-14T09:00")
    assert response.status_code == 200, response.content
    assert response.json()["queue"]["name"] == "Support_DK"
    danish.channel.refresh_from_db()
    assert danish.channel.version == version


@pytest.mark.parametrize("caller", ["anonymous_api", "expired_api", "revoked_api"])
def test_without_valid_credentials_it_is_401(request, danish, caller):
    response = resolve(request.getfixturevalue(caller), number=NUMBER)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_another_organizations_number_and_channel_are_not_found(outsider_api, danish):
    response = resolve(outsider_api, number=NUMBER)
    assert response.status_code == 400
    assert response.json() == {"number": ["No support number +45 33 12 34 56 in your organization."]}
    response = resolve(outsider_api, entry_point=str(danish.channel.pk))
    assert response.status_code == 400
    assert response.json() == {"entry_point": ["No such channel in your organization."]}


def test_a_user_outside_any_organization_is_403(client, django_user_model):
    django_user_model.objects.create_user(username="loner", password="x-long-password-1")
    client.login(request=HttpRequest(), username="loner", password="x-long-password-1")
    response = client.post(URL, {"number": NUMBER}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_browser_session_needs_the_csrf_token(admin_user, danish):
    client = Client(enforce_csrf_checks=True)
    client.login(request=HttpRequest(), username=admin_user.username, password=PASSWORD)
    response = client.post(URL, {"number": NUMBER}, content_type="application/json")
    assert response.status_code == 403


# --- Bad input: 400 with field errors, never a 500 ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"non_field_errors": ["Give a support number or choose a channel."]}),
        (
            {"number": NUMBER, "entry_point": "00000000-0000-0000-0000-000000000001"},
            {"non_field_errors": ["Give either a support number or a channel, not both."]},
        ),
        (
            {"number": "33 12 34 56"},
            {
                "number": [
                    "Write “33 12 34 56” in international form, starting with + and the country code (+45 33 12 34 56)."
                ]
            },
        ),
        (
            {"number": "+45 33 99 88 77"},
            {"number": ["No support number +45 33 99 88 77 in your organization."]},
        ),
        ({"number": 4533123456}, {"number": ["Not a valid string."]}),
        ({"number": None}, {"number": ["This field may not be null."]}),
        ({"number": ""}, {"number": ["This field may not be blank."]}),
        ({"entry_point": "nope"}, {"entry_point": ["Must be a valid UUID."]}),
        (
            {"entry_point": "00000000-0000-0000-0000-000000000001"},
            {"entry_point": ["No such channel in your organization."]},
        ),
        (
            {"number": NUMBER, "local_time": "2026-12-24 10:00"},
            {"local_time": ["Enter a local date and time as YYYY-MM-DDTHH:MM, without a UTC offset."]},
        ),
        (
            {"number": NUMBER, "local_time": "2026-12-24T10:00+01:00"},
            {"local_time": ["Enter a local date and time as YYYY-MM-DDTHH:MM, without a UTC offset."]},
        ),
        (
            {"number": NUMBER, "local_time": "2026-02-30T10:00"},
            {"local_time": ["2026-02-30T10:00 is not a real date and time."]},
        ),
        (
            {"number": NUMBER, "local_time": "2026-12-24T24:00"},
            {"local_time": ["2026-12-24T24:00 is not a real date and time."]},
        ),
        (
            {"number": NUMBER, "local_time": "1969-12-31T23:59"},
            {"local_time": ["Choose a date between 1 Jan 1970 and 31 Dec 2199."]},
        ),
        (
            {"number": NUMBER, "local_time": "٢٠٢٦-12-24T10:00"},
            {"local_time": ["Enter a local date and time as YYYY-MM-DDTHH:MM, without a UTC offset."]},
        ),
        ({"number": NUMBER, "fold": 2}, {"fold": ["Ensure this value is less than or equal to 1."]}),
        ({"number": NUMBER, "fold": True}, {"fold": ["A valid integer is required."]}),
        ({"number": NUMBER, "fold": "1"}, {"fold": ["A valid integer is required."]}),
    ],
)
def test_bad_input_is_a_400_with_field_errors(api, danish, body, errors):
    response = resolve(api, **body)
    assert response.status_code == 400, response.content
    assert response.json() == errors


def test_a_body_that_is_not_an_object_is_400(api, danish):
    response = api.post(URL, json.dumps([NUMBER]), content_type="application/json")
    assert response.status_code == 400
    # A body of the wrong shape cannot be read as a request at all: a parse_error, like bad JSON.
    assert response.json()["code"] == "parse_error"
    assert "JSON object" in response.json()["detail"]


def test_a_body_that_is_not_json_is_415(api, danish):
    response = api.post(URL, "number=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_an_unknown_query_parameter_is_400(api, danish):
    response = api.post(URL + "?verbose=1", {"number": NUMBER}, format="json")
    assert response.status_code == 400
    assert response.json() == {"verbose": ["Unknown query parameter."]}


def test_get_is_not_allowed(api):
    response = api.get(URL)
    assert response.status_code == 405


def test_the_number_of_queries_is_constant(api, danish, django_assert_max_num_queries):
    # Token lookup and membership, then the service's four.
    with django_assert_max_num_queries(8):
        assert resolve(api, number=NUMBER, local_time="2026-01-14T09:00").status_code == 200


# --- OpenAPI -------------------------------------------------------------------------------------------


@pytest.fixture
def schema(client, db):
    return json.loads(client.get("/api/schema/?format=json").content)


def test_the_operation_is_documented_with_every_status(schema):
    operation = schema["paths"]["/api/v1/routing/resolve/"]["post"]
    assert operation["operationId"] == "routing_resolve"
    assert set(operation["responses"]) == {"200", "400", "401", "403", "415", "429"}
    for code, response in operation["responses"].items():
        assert "content" in response, code
    assert operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ValidationError"
    )
    assert operation["responses"]["429"]["headers"]["Retry-After"]["required"] is True
    request = schema["components"]["schemas"]["RoutingResolveRequest"]["properties"]
    assert set(request) == {"number", "entry_point", "local_time", "fold"}
    assert request["fold"]["minimum"] == 0 and request["fold"]["maximum"] == 1
    assert "pattern" in request["local_time"]


def test_the_documented_answer_matches_a_real_one(api, danish, schema):
    body = resolve(api, number=NUMBER, local_time="2026-10-25T02:30", fold=1).json()
    documented = schema["components"]["schemas"]["RoutingResult"]
    assert set(documented["properties"]) == set(body)
    assert set(documented["required"]) == set(body)
