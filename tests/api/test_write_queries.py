"""Writes run a handful of queries: validated once, without a query per CheckConstraint (issue 16).

The counts include the token's two queries (its first use records when) and the transaction: one for the
whole write (contactcenter.transactions.all_or_nothing: BEGIN and COMMIT in production, a SAVEPOINT and a
RELEASE in a test), without a savepoint for each of the view, the service, model_save and the versioned
save. The answer is the saved object itself, not a re-read: its related sets are the rows the audit trail
read after the write. A PATCH of a channel was 43 queries before issue 16 and 20 after its first round (36
when refused), a schedule created with three shifts 23, then 22. The audit trail adds its own: the related
rows after the write and the revision, its versions and the entry inserted after it (four for a channel,
four for a schedule with its rows, and the content types the first time a process records them).
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from flows.models import BusinessHours, Shift
from tests.factories import make_entry_point, make_flow, make_number

PATCH_LIMIT = 12
SCHEDULE_LIMIT = 14
SHIFTS = [
    {
        "name": "Morning",
        "weekdays": ["mon", "tue", "wed", "thu", "fri"],
        "start_minute": 480,
        "end_minute": 720,
    },
    {
        "name": "Afternoon",
        "weekdays": ["mon", "tue", "wed", "thu", "fri"],
        "start_minute": 780,
        "end_minute": 1020,
    },
    {"name": "Saturday", "weekdays": ["sat"], "start_minute": 600, "end_minute": 840},
]


@pytest.fixture
def hotline(org):
    channel = make_entry_point(org, "inbound_telephony", name="Hotline", flow=make_flow(org))
    make_number(org, entry_point=channel)
    return channel


def test_a_channel_patch_runs_a_handful_of_queries(api, hotline, django_assert_max_num_queries):
    with django_assert_max_num_queries(PATCH_LIMIT):
        response = api.patch(f"/api/v1/entry-points/{hotline.pk}/", {"description": "Changed"}, format="json")
    assert response.status_code == 200, response.content
    hotline.refresh_from_db()
    assert hotline.description == "Changed" and hotline.version == 2


def test_a_refused_channel_patch_names_the_error_in_as_few_queries(
    api, hotline, django_assert_max_num_queries
):
    with django_assert_max_num_queries(PATCH_LIMIT):
        response = api.patch(
            f"/api/v1/entry-points/{hotline.pk}/", {"service_level_threshold": 999_999}, format="json"
        )
    assert response.status_code == 400
    assert "86400" in response.json()["service_level_threshold"][0]


def test_a_rename_still_finds_a_clash_without_the_check_queries(api, org, hotline):
    make_entry_point(org, "chat", name="Taken")
    response = api.patch(f"/api/v1/entry-points/{hotline.pk}/", {"name": "TAKEN"}, format="json")
    assert response.status_code == 400
    assert "already used" in response.json()["name"][0]


def test_a_schedule_with_its_shifts_is_written_in_a_handful_of_queries(api, django_assert_max_num_queries):
    # A running server knows the content types after its first recorded change; a test may come first.
    ContentType.objects.get_for_models(BusinessHours, Shift)
    with django_assert_max_num_queries(SCHEDULE_LIMIT):
        response = api.post("/api/v1/business-hours/", {"name": "Office", "shifts": SHIFTS}, format="json")
    assert response.status_code == 201, response.content
    schedule_id = response.json()["id"]
    with django_assert_max_num_queries(SCHEDULE_LIMIT):
        response = api.patch(f"/api/v1/business-hours/{schedule_id}/", {"shifts": SHIFTS[:2]}, format="json")
    assert response.status_code == 200, response.content
    assert len(response.json()["shifts"]) == 2


def test_the_database_still_refuses_what_clean_would(org):
    """A CheckConstraint is no longer asked about before the write, but it still holds."""
    from django.db import IntegrityError, transaction

    from channels.models import EntryPoint

    channel = make_entry_point(org, "chat", flow=make_flow(org))
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryPoint.objects.filter(pk=channel.pk).update(service_level_threshold=0)
