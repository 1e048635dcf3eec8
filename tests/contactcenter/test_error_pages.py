"""The console's own 403, 404 and 500 pages, also with DEBUG on (`make run`)."""

import uuid

import pytest


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    settings.DEBUG_ERROR_PAGES = False
    return settings


def explode(*args, **kwargs):
    raise RuntimeError("boom")


@pytest.mark.parametrize(
    "path", ["/channels/00000000-0000-4000-8000-000000000000/", "/no-such-page/", "/queues/not-a-uuid/"]
)
def test_an_unknown_object_or_page_is_the_consoles_404_under_debug(debug, admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 404
    body = response.content.decode()
    assert "There is nothing here" in body
    assert "Django tried these URL patterns" not in body
    assert 'class="sidenav"' in body  # the console around it, so the user can go on


def test_another_organizations_object_is_the_same_404_under_debug(debug, admin_client, other_org):
    from tests.factories import make_queue

    response = admin_client.get(make_queue(other_org).get_absolute_url())
    assert response.status_code == 404
    assert "There is nothing here" in response.content.decode()


def test_a_crash_is_the_consoles_500_under_debug_and_is_logged(debug, admin_client, monkeypatch, caplog):
    from queues import views

    monkeypatch.setattr(views.QueueListView, "get", explode)
    response = admin_client.get("/queues/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)


def test_a_crash_under_api_stays_json_under_debug(debug, admin_client, monkeypatch):
    from queues.api import views

    monkeypatch.setattr(views.QueueViewSet, "list", explode)
    admin_client.raise_request_exception = False
    response = admin_client.get("/api/v1/queues/")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"


def test_a_viewers_write_is_the_consoles_403_under_debug(debug, viewer_client):
    response = viewer_client.post("/queues/new/", {"name": "Sales"})
    assert response.status_code == 403
    assert "You can't do that" in response.content.decode()


def test_djangos_technical_pages_only_when_asked(settings, admin_client, monkeypatch):
    from queues import views

    settings.DEBUG = True
    settings.DEBUG_ERROR_PAGES = True
    response = admin_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Django tried these URL patterns" in response.content.decode()
    monkeypatch.setattr(views.QueueListView, "get", explode)
    with pytest.raises(RuntimeError):  # the test client re-raises what Django's traceback page shows
        admin_client.get("/queues/")


def test_without_debug_the_handlers_answer_as_before(settings, admin_client):
    settings.DEBUG = False
    response = admin_client.get(f"/channels/{uuid.uuid4()}/")
    assert response.status_code == 404
    assert "There is nothing here" in response.content.decode()


def test_a_path_without_its_slash_still_gets_it_added(debug, admin_client):
    response = admin_client.get("/channels")
    assert response.status_code == 301
    assert response["Location"] == "/channels/"
