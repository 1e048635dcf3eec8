"""Loading the schedules of flows and business hours: a constant number of queries."""

import pytest

from flows.models import BusinessHours, Flow
from flows.selectors import with_schedules
from flows.snapshots import schedule_of
from tests.channels.test_selectors import add_channels

pytestmark = pytest.mark.django_db


def test_schedules_load_for_flows_and_business_hours_without_further_queries(org, django_assert_num_queries):
    add_channels(org, 3)
    # The rows with their schedules and lists joined, then the shifts, holidays and overrides.
    with django_assert_num_queries(4):
        flows = list(with_schedules(Flow.objects.filter(organization=org, business_hours__isnull=False)))
        schedules = [schedule_of(flow.business_hours) for flow in flows]
    assert len(schedules) == 3
    with django_assert_num_queries(4):
        hours = list(with_schedules(BusinessHours.objects.filter(organization=org)))
        assert len([schedule_of(h) for h in hours]) == 3


def test_with_schedules_refuses_a_model_without_business_hours(org):
    from queues.models import Queue

    with pytest.raises(TypeError, match="business hours"):
        with_schedules(Queue.objects.all())
