"""Races that only exist on a database with real concurrent transactions (PostgreSQL)."""

import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from channels.models import EntryPoint
from channels.services import entry_point_activate, entry_point_deactivate, entry_point_delete
from contactcenter.errors import ChannelActive, VersionConflict
from queues.models import Queue
from queues.services import queue_update
from support_numbers.models import SupportNumber
from support_numbers.services import support_number_assign
from tests.factories import make_entry_point, make_flow, make_number, make_queue

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs concurrent transactions"),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 30


def race(*actions) -> list:
    """Run each action in its own thread and connection, released together; return their outcomes."""
    barrier = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index, action):
        try:
            prepared = action.prepare()
            barrier.wait(timeout=10)
            outcomes[index] = action.run(prepared)
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a racing thread hung"
    return outcomes


class Action:
    def __init__(self, prepare, run):
        self.prepare, self.run = prepare, run


def test_delete_and_reactivate_race_never_deletes_an_active_channel(org):
    flow = make_flow(org)
    seen = Counter()
    for round_number in range(ROUNDS):
        channel = make_entry_point(org, "chat", name=f"Race_{round_number}", flow=flow)
        entry_point_deactivate(entry_point=channel)

        def delete(entry_point):
            try:
                entry_point_delete(entry_point=entry_point)
            except ChannelActive:
                return "delete refused"
            return "deleted"

        def activate(entry_point):
            try:
                entry_point_activate(entry_point=entry_point)
            except (VersionConflict, EntryPoint.DoesNotExist):
                return "activation refused"
            return "activated"

        load = lambda pk=channel.pk: EntryPoint.objects.get(pk=pk)  # noqa: E731
        outcome = tuple(race(Action(load, delete), Action(load, activate)))
        stored = EntryPoint.objects.filter(pk=channel.pk).first()

        assert outcome in {("deleted", "activation refused"), ("delete refused", "activated")}, outcome
        if outcome[0] == "deleted":
            assert stored is None
        else:
            assert stored is not None
            assert stored.active
        seen[outcome] += 1
    assert sum(seen.values()) == ROUNDS


def test_two_stale_version_updates_race_and_exactly_one_wins(org):
    for round_number in range(ROUNDS):
        queue = make_queue(org, name=f"Race_Q{round_number}", description="original")

        def update(text):
            def run(loaded):
                try:
                    queue_update(queue=loaded, version=1, description=text)
                except VersionConflict:
                    return "refused"
                return text

            return run

        load = lambda pk=queue.pk: Queue.objects.get(pk=pk)  # noqa: E731
        outcome = race(Action(load, update("first")), Action(load, update("second")))

        assert sorted(outcome, key=str) in (["first", "refused"], ["refused", "second"]), outcome
        winner = next(text for text in outcome if text != "refused")
        stored = Queue.objects.get(pk=queue.pk)
        assert (stored.description, stored.version) == (winner, 2)


def test_one_number_claimed_by_two_channels_at_once_goes_to_exactly_one(org):
    flow = make_flow(org)
    for round_number in range(10):
        number = make_number(org)
        first = make_entry_point(org, "inbound_telephony", name=f"First_{round_number}", flow=flow)
        second = make_entry_point(org, "inbound_telephony", name=f"Second_{round_number}", flow=flow)

        def claim(channel):
            def run(loaded):
                try:
                    support_number_assign(support_number=loaded, entry_point=channel)
                except ValidationError:
                    return "refused"
                return channel.name

            return run

        load = lambda pk=number.pk: SupportNumber.objects.get(pk=pk)  # noqa: E731
        outcome = race(Action(load, claim(first)), Action(load, claim(second)))

        assert outcome.count("refused") == 1, outcome
        winner = next(name for name in outcome if name != "refused")
        assert SupportNumber.objects.get(pk=number.pk).entry_point.name == winner
