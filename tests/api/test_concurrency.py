"""Two clients change the same object from the same ETag: exactly one wins, the other is told why."""

import threading

import pytest
from django.db import connection
from django.db.models import F

import queues.api.serializers as queue_serializers
from queues.models import Queue
from tests.factories import make_queue


def test_two_clients_with_the_same_etag_one_succeeds(api, read_only_api, org, admin_user):
    from contactcenter.tokens import api_token_create
    from tests.api.conftest import bearer_client

    other = bearer_client(api_token_create(user=admin_user, name="second client")[1])
    queue = make_queue(org)
    url = f"/api/v1/queues/{queue.pk}/"
    etag_a = api.get(url)["ETag"]
    etag_b = other.get(url)["ETag"]
    assert etag_a == etag_b

    first = api.patch(url, {"description": "from A"}, format="json", HTTP_IF_MATCH=etag_a)
    second = other.patch(url, {"description": "from B"}, format="json", HTTP_IF_MATCH=etag_b)
    assert sorted([first.status_code, second.status_code]) == [200, 412]
    queue.refresh_from_db()
    assert (queue.description, queue.version) == ("from A", 2)


def test_a_change_landing_between_the_check_and_the_write_still_loses(api, org, monkeypatch):
    """The If-Match check passes, then another writer commits before our UPDATE: still a 412."""
    queue = make_queue(org)
    real_update = queue_serializers.queue_update

    def racing_update(*, queue, version, **fields):
        Queue.objects.filter(pk=queue.pk).update(version=F("version") + 1, description="the other writer")
        return real_update(queue=queue, version=version, **fields)

    monkeypatch.setattr(queue_serializers, "queue_update", racing_update)
    response = api.patch(
        f"/api/v1/queues/{queue.pk}/", {"description": "mine"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 412
    assert Queue.objects.get(pk=queue.pk).description != "mine"


def test_without_if_match_a_racing_write_is_a_version_conflict(api, org, monkeypatch):
    queue = make_queue(org)
    real_update = queue_serializers.queue_update

    def racing_update(*, queue, version, **fields):
        Queue.objects.filter(pk=queue.pk).update(version=F("version") + 1)
        return real_update(queue=queue, version=version, **fields)

    monkeypatch.setattr(queue_serializers, "queue_update", racing_update)
    response = api.patch(f"/api/v1/queues/{queue.pk}/", {"description": "mine"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "version_conflict"


@pytest.mark.django_db(transaction=True)
def test_two_threads_with_the_same_etag(org, admin_user, settings, monkeypatch):
    """Two requests in flight at once, on two connections: both pass If-Match, only one write lands.

    The interleaving is pinned (both read version 1, then one writes, then the other) so that it is
    the same on SQLite, whose in-memory test database refuses two simultaneous writers outright.
    """
    from contactcenter.api.viewsets import OrganizationModelViewSet
    from contactcenter.tokens import api_token_create
    from tests.api.conftest import bearer_client

    settings.API_RATE_LIMIT = "1000/minute"
    queue = make_queue(org)
    both_checked = threading.Barrier(2)
    first_done = threading.Event()
    real_check = OrganizationModelViewSet.if_match_version
    statuses = {}

    def pinned_check(self, instance):
        version = real_check(self, instance)
        both_checked.wait(timeout=10)
        if threading.current_thread().name == "second":
            first_done.wait(timeout=10)
        return version

    def client(secret):
        try:
            response = bearer_client(secret).patch(
                f"/api/v1/queues/{queue.pk}/",
                {"description": threading.current_thread().name},
                format="json",
                HTTP_IF_MATCH='"1"',
            )
            statuses[threading.current_thread().name] = response.status_code
        finally:
            if threading.current_thread().name == "first":
                first_done.set()
            connection.close()

    monkeypatch.setattr(OrganizationModelViewSet, "if_match_version", pinned_check)
    threads = [
        threading.Thread(target=client, args=(api_token_create(user=admin_user, name=name)[1],), name=name)
        for name in ("first", "second")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == {"first": 200, "second": 412}
    queue.refresh_from_db()
    assert (queue.description, queue.version) == ("first", 2)
