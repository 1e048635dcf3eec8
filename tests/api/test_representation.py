"""The API answers what DRF's own steps answer, byte for byte, and a list's cost stays pinned.

A list is shortened three ways (issue 16): the serializers follow a representation plan
(contactcenter/api/representation.py) instead of DRF's walk over every field of every row, a set shown as
ids reads only the ids (prefetch_ids), and the first page reads its rows without reading their ids first.
Each test here compares an answer with the one given with all three switched back to DRF's way.
"""

import datetime

import pytest
from django.utils import timezone
from rest_framework import serializers

from audio.api.serializers import AudioFileSerializer
from channels.api.serializers import EntryPointSerializer
from channels.services import entry_point_deactivate
from contactcenter.api import pagination, viewsets
from contactcenter.api.serializers import ServiceModelSerializer
from contactcenter.selectors import IdFirstPaginator
from flows.api.serializers import BusinessHoursSerializer, FlowSerializer, OverrideListSerializer
from queues.api.serializers import QueueSerializer
from support_numbers.api.serializers import SupportNumberSerializer
from tests.api.resources import HOLIDAY, OVERRIDE, RESOURCES, detail_url, list_url
from tests.factories import (
    make_audio,
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_number,
    make_outbound_queue,
    make_override_list,
    make_queue,
)


def drf_steps(monkeypatch) -> None:
    """DRF's own representation, a list's sets prefetched as rows, every page's ids read first."""
    monkeypatch.setattr(
        ServiceModelSerializer, "to_representation", serializers.ModelSerializer.to_representation
    )
    monkeypatch.setattr(viewsets.OrganizationModelViewSet, "listed_as_ids", lambda self: ())
    monkeypatch.setattr(pagination.ApiPagination, "django_paginator_class", IdFirstPaginator)


@pytest.fixture
def objects(org):
    """Every resource with its references set and unset, sets empty and not."""
    audio = make_audio(org)
    inbound_queue = make_queue(org, channel_type="chat")
    outbound_queue = make_outbound_queue(org)
    holidays = make_holiday_list(org, holidays=[HOLIDAY])
    overrides = make_override_list(org, overrides=[OVERRIDE])
    hours = make_business_hours(org, holiday_list=holidays, override_list=overrides)
    make_business_hours(org)  # without lists
    routed = make_flow(org, business_hours=hours, queue=inbound_queue)
    numbers = [make_number(org) for _ in range(3)]
    created = [
        make_entry_point(org, "inbound_telephony", flow=routed, support_numbers=numbers[:2]),
        make_entry_point(org, "inbound_telephony", support_numbers=numbers[2:]),
        make_entry_point(org, "outbound_telephony", outdial_queue=outbound_queue, music_on_hold=audio),
        make_entry_point(org, "social", description="Ünïcødé “quoted” \u2028 line"),
        entry_point_deactivate(entry_point=make_entry_point(org, "email")),
    ]
    make_number(org)  # a free number
    return created


QUERIES = ["", "?page_size=2", "?page_size=2&page=2", "?page_size=2&page=3", "?ordering=-updated_at"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_lists_and_objects_answer_what_drf_answers_byte_for_byte(api, objects, monkeypatch, resource):
    urls = [f"{list_url(resource)}{query}" for query in QUERIES]
    first = api.get(list_url(resource)).json()["results"]
    urls += [detail_url(resource, type("Row", (), {"pk": row["id"]})) for row in first]
    planned = {url: api.get(url) for url in urls}
    assert planned[urls[2]].status_code == 200 or resource not in ("entry-points", "support-numbers")
    drf_steps(monkeypatch)
    for url, response in planned.items():
        reference = api.get(url)
        assert response.status_code == reference.status_code, url  # 404 past the last page
        assert response.content == reference.content, url
        assert response.headers.get("ETag") == reference.headers.get("ETag"), url


@pytest.mark.parametrize("zone", ["UTC", "Europe/Copenhagen", "America/New_York", "Asia/Kolkata"])
def test_the_representation_of_objects_fresh_from_a_service_is_drf_s(objects, org, zone):
    flow = make_flow(org)
    instances = [
        (EntryPointSerializer, objects),
        (QueueSerializer, [make_queue(org), make_outbound_queue(org)]),
        (FlowSerializer, [flow, make_flow(org, business_hours=make_business_hours(org))]),
        (SupportNumberSerializer, [make_number(org)]),
        (BusinessHoursSerializer, [make_business_hours(org)]),
        (OverrideListSerializer, [make_override_list(org, overrides=[OVERRIDE])]),
        (AudioFileSerializer, [make_audio(org)]),
    ]
    with timezone.override(zone):
        for serializer_class, rows in instances:
            for row in rows:
                planned = serializer_class(row, context={"organization": org}).data
                reference = serializers.ModelSerializer.to_representation(
                    serializer_class(context={"organization": org}), row
                )
                assert dict(planned) == reference, serializer_class
                assert list(planned) == list(reference)  # the same order of keys


def test_a_datetime_is_shown_in_the_current_zone_as_drf_shows_it(org):
    channel = make_entry_point(org)
    serializer = EntryPointSerializer(context={"organization": org})
    for value in [
        datetime.datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=datetime.UTC),
        datetime.datetime(2026, 10, 25, 1, 0, tzinfo=datetime.UTC),
        datetime.datetime(
            2026, 6, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30))
        ),
    ]:
        channel.updated_at = value
        for zone in ["UTC", "Europe/Copenhagen"]:
            with timezone.override(zone):
                expected = serializers.ModelSerializer.to_representation(serializer, channel)["updated_at"]
                assert serializer.to_representation(channel)["updated_at"] == expected


def test_a_serializer_whose_fields_were_changed_follows_its_own_fields(org):
    channel = make_entry_point(org)
    serializer = EntryPointSerializer(context={"organization": org})
    serializer.fields.pop("description")
    assert "description" not in serializer.to_representation(channel)
    assert "description" in EntryPointSerializer(context={"organization": org}).to_representation(channel)


@pytest.mark.parametrize(
    ("resource", "queries"),
    # The token, the count, the page's rows, and for channels their numbers' ids.
    [("entry-points", 4), ("queues", 3), ("flows", 3)],
)
def test_a_first_page_of_50_runs_a_pinned_number_of_queries(
    api, org, resource, queries, django_assert_num_queries
):
    for _ in range(3):
        make_entry_point(org, "inbound_telephony", support_numbers=[make_number(org)])
        make_queue(org)
    api.get(list_url(resource))  # the token's first use writes last_used_at once
    with django_assert_num_queries(queries):
        assert api.get(list_url(resource)).status_code == 200
    # A later page reads its ids first: one query more, whatever the size of the organization.
    with django_assert_num_queries(queries + 1):
        assert api.get(f"{list_url(resource)}?page_size=1&page=2").status_code == 200


def test_the_lists_plan_once_per_serializer_class(api, objects):
    for resource in ["entry-points", "queues", "flows"]:
        assert api.get(list_url(resource)).status_code == 200
    planned = {serializer_class for serializer_class, _zone in ServiceModelSerializer._shared_plans}
    assert {EntryPointSerializer, QueueSerializer, FlowSerializer} <= planned
