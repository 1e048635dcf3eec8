"""The Channels list reads the organization's slice through an index, in the list's order (PostgreSQL)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from channels.models import EntryPoint
from flows.models import Flow
from tests.factories import make_flow

LIST = "/channels/"


def _add_channels(organization, flow, count: int) -> None:
    EntryPoint.objects.bulk_create(
        EntryPoint(
            organization=organization,
            name=f"Channel_{n:05d}",
            channel_type="chat",
            timezone="Europe/Copenhagen",
            service_level_threshold=30,
            flow=flow,
        )
        for n in range(count)
    )


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("", "entrypoint_name_ord"),
        ("?sort=-updated", "entrypoint_updated_at_ord"),
        ("?sort=type", "entrypoint_channel_ty_ord"),
    ],
)
def test_the_page_reads_the_organizations_slice_through_the_sort_index(
    admin_client, org, other_org, query, index
):
    if connection.vendor != "postgresql":
        pytest.skip("the query plan is PostgreSQL's; the suite runs on PostgreSQL too (DATABASE_URL)")
    _add_channels(org, make_flow(org), 1_000)
    _add_channels(other_org, make_flow(other_org), 3_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE channels_entrypoint")
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(LIST + query)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 25
    # The first page's rows are read at once, in the list's order, through the sort's index.
    rows_query = next(
        q["sql"]
        for q in queries
        if q["sql"].startswith('SELECT "channels_entrypoint"."id", ') and "LIMIT 25" in q["sql"]
    )
    plan = _plan(rows_query)
    assert index in plan, plan
    assert "Seq Scan on channels_entrypoint" not in plan, plan
    # A deeper page's ids come first, in the list's order; then only those 25 rows with their joins.
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(LIST + (query + "&" if query else "?") + "page=3")
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 25
    ids_query = next(
        q["sql"] for q in queries if q["sql"].startswith('SELECT "channels_entrypoint"."id" AS "pk"')
    )
    plan = _plan(ids_query)
    assert index in plan, plan
    assert "Seq Scan on channels_entrypoint" not in plan, plan
    rows_query = next(q["sql"] for q in queries if '"channels_entrypoint"."id" IN (' in q["sql"])
    assert "LIMIT" not in rows_query and "OFFSET" not in rows_query


def test_sorting_by_flow_reads_only_the_organizations_flows(admin_client, org, other_org):
    if connection.vendor != "postgresql":
        pytest.skip("the query plan is PostgreSQL's; the suite runs on PostgreSQL too (DATABASE_URL)")
    for organization, count in ((org, 300), (other_org, 3_000)):
        flows = [make_flow(organization, name=f"Flow_{n:04d}") for n in range(3)]
        _add_channels(organization, flows[0], count)
        Flow.objects.bulk_create(Flow(organization=organization, name=f"Spare_{n:05d}") for n in range(count))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE channels_entrypoint")
        cursor.execute("ANALYZE flows_flow")
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(LIST + "?sort=-flow")
    assert response.status_code == 200
    ids_query = next(
        q["sql"] for q in queries if q["sql"].startswith('SELECT "channels_entrypoint"."id" AS "pk"')
    )
    # The flows joined are the organization's own (the join's condition), read through its name index.
    assert '"organization_id" = ("channels_entrypoint"."organization_id")' in ids_query, ids_query
    plan = _plan(ids_query)
    assert "Seq Scan on flows_flow" not in plan, plan
