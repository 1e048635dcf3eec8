"""The permission matrix: every resource and verb, for every kind of caller."""

import pytest
from django.http import HttpRequest

from tests.api.resources import RESOURCES, detail_url, list_url, make_object, payload

VERBS = ["list", "retrieve", "references", "create", "update", "partial_update", "destroy"]
READS = {"list", "retrieve", "references"}
ADMIN_STATUS = {
    "list": 200,
    "retrieve": 200,
    "references": 200,
    "create": 201,
    "update": 200,
    "partial_update": 200,
    "destroy": 204,
}


def call(client, verb: str, resource: str, obj, org):
    detail = detail_url(resource, obj)
    if verb == "list":
        return client.get(list_url(resource))
    if verb == "retrieve":
        return client.get(detail)
    if verb == "references":
        return client.get(detail + "references/")
    if verb == "create":
        data, fmt = payload(resource, org)
        return client.post(list_url(resource), data, format=fmt)
    if verb == "update":
        data, fmt = payload(resource, org, obj)
        return client.put(detail, data, format=fmt)
    if verb == "partial_update":
        return client.patch(detail, {"description": "changed"}, format="json")
    if verb == "destroy":
        return client.delete(detail)
    raise KeyError(verb)


def assert_unchanged(resource, obj):
    fresh = type(obj).objects.get(pk=obj.pk)
    assert fresh.version == obj.version
    assert fresh.description == obj.description


@pytest.mark.parametrize("resource", RESOURCES)
def test_admin_may_do_everything(api, org, resource):
    obj = make_object(resource, org)
    for verb in VERBS:
        response = call(api, verb, resource, obj, org)
        assert response.status_code == ADMIN_STATUS[verb], (verb, response.content)
    assert not type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("caller", ["anonymous_api", "expired_api", "revoked_api"])
def test_without_valid_credentials_everything_is_401(request, org, resource, caller):
    client = request.getfixturevalue(caller)
    obj = make_object(resource, org)
    for verb in VERBS:
        response = call(client, verb, resource, obj, org)
        assert response.status_code == 401, (verb, response.content)
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'
        assert response.json()["code"] in {"not_authenticated", "authentication_failed"}
    assert_unchanged(resource, obj)


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("caller", ["viewer_api", "read_only_api", "viewer_client"])
def test_readers_read_and_cannot_write(request, org, resource, caller):
    client = request.getfixturevalue(caller)
    obj = make_object(resource, org)
    before = type(obj).objects.count()
    for verb in VERBS:
        response = call(client, verb, resource, obj, org)
        if verb in READS:
            assert response.status_code == 200, (verb, response.content)
        else:
            assert response.status_code == 403, (verb, response.content)
            assert response.json()["code"] == "permission_denied"
    assert_unchanged(resource, obj)
    assert type(obj).objects.count() == before


@pytest.mark.parametrize("resource", RESOURCES)
def test_an_outsider_sees_nothing_of_ours(outsider_api, org, other_org, resource):
    obj = make_object(resource, org)
    listed = outsider_api.get(list_url(resource)).json()["results"]
    assert str(obj.pk) not in {item["id"] for item in listed}
    for verb in ["retrieve", "references", "update", "partial_update", "destroy"]:
        response = call(outsider_api, verb, resource, obj, org)
        assert response.status_code == 404, (verb, response.content)
        assert response.json() == {"code": "not_found", "detail": "Not found."}
    assert_unchanged(resource, obj)


def test_a_foreign_id_answers_exactly_like_a_missing_one(api, other_org):
    foreign = make_object("queues", other_org)
    missing = api.get("/api/v1/queues/00000000-0000-0000-0000-000000000000/")
    found = api.get(detail_url("queues", foreign))
    assert (found.status_code, found.json()) == (missing.status_code, missing.json()) == (404, missing.json())


def test_a_user_without_organization_is_refused(db, django_user_model):
    from contactcenter.tokens import api_token_create
    from tests.api.conftest import bearer_client

    operator = django_user_model.objects.create_user("operator", password="x-very-long-password-1")
    client = bearer_client(api_token_create(user=operator, name="ops")[1])
    response = client.get("/api/v1/queues/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Your account is not a member of an organization."


def test_session_writes_need_the_csrf_token(admin_user):
    from rest_framework.test import APIClient

    from tests.factories import PASSWORD

    client = APIClient(enforce_csrf_checks=True)
    assert client.login(request=HttpRequest(), username=admin_user.username, password=PASSWORD)
    assert client.get("/api/v1/queues/").status_code == 200
    response = client.post("/api/v1/queues/", {"name": "Q1"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
