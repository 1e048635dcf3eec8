"""One transaction for an API write, without a savepoint per layer (contactcenter.transactions, issue 16)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contactcenter import services
from contactcenter.transactions import all_or_nothing
from queues.models import Queue
from queues.services import queue_update
from tests.factories import make_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def race(monkeypatch):
    """A concurrent request saved the clashing row after our validation: the check passes, the write fails."""
    monkeypatch.setattr(services, "model_clean", lambda obj, exclude=None: None)


def _statements(captured, word: str) -> int:
    return sum(1 for query in captured.captured_queries if query["sql"].startswith(word))


def test_services_inside_all_or_nothing_make_no_savepoints_of_their_own(org):
    queue = make_queue(org)
    with CaptureQueriesContext(connection) as captured, all_or_nothing():
        queue_update(queue=queue, version=queue.version, name="Renamed")
    # The block's own (a SAVEPOINT in a test's transaction, BEGIN in production), none for the service,
    # model_save and the versioned save.
    assert _statements(captured, "SAVEPOINT") == 1
    queue.refresh_from_db()
    assert queue.name == "Renamed" and queue.version == 2


def test_a_failure_inside_all_or_nothing_undoes_every_write_in_it(org):
    first, second = make_queue(org), make_queue(org)
    with pytest.raises(ValidationError), all_or_nothing():
        queue_update(queue=first, version=first.version, name="Changed_first")
        queue_update(queue=second, version=second.version, service_level_threshold=-5)
    first.refresh_from_db()
    assert first.name != "Changed_first" and first.version == 1
    assert Queue.objects.filter(organization=org).count() == 2  # the transaction is usable again


def test_a_clash_saved_meanwhile_is_judged_after_the_rollback_with_the_constraints_message(org, race):
    make_queue(org, name="Taken")
    queue = make_queue(org)
    stored = queue.name
    with pytest.raises(ValidationError) as refused, all_or_nothing():
        queue_update(queue=queue, version=queue.version, name="TAKEN")
    assert "name" in refused.value.message_dict, refused.value
    assert Queue.objects.get(pk=queue.pk).name == stored


def test_the_same_clash_outside_all_or_nothing_is_judged_at_the_saves_savepoint(org, race):
    make_queue(org, name="Taken")
    queue = make_queue(org)
    with pytest.raises(ValidationError) as refused:
        queue_update(queue=queue, version=queue.version, name="TAKEN")
    assert "name" in refused.value.message_dict, refused.value
    # The caller's transaction (the test's) goes on.
    assert Queue.objects.filter(organization=org, name="Taken").count() == 1
