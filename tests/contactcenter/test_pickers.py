"""The pickers' endpoint: about twenty matches of the member's organization, the chosen ones first."""

import re

from support_numbers.models import SupportNumber
from tests.factories import make_entry_point, make_flow, make_number, make_strategy

PICK = "/pick/{}/"


def options(response) -> list[tuple[str, str]]:
    return re.findall(
        r'value="([^"]+)"[^>]*> <span class="picker-label">([^<]*)</span>', response.content.decode()
    )


def test_a_search_lists_the_matches_of_the_organization_only(admin_client, org, other_org):
    wanted = make_flow(org, name="Sales_Main")
    make_flow(org, name="Support")
    make_flow(other_org, name="Sales_Foreign")
    response = admin_client.get(PICK.format("flows"), {"name": "flow", "flow__q": "sales"})
    assert response.status_code == 200
    assert options(response) == [(str(wanted.pk), "Sales_Main")]
    assert "1 matches for “sales”" in response.content.decode()


def test_the_chosen_value_comes_first_and_stays_whatever_the_search(admin_client, org):
    chosen = make_flow(org, name="Zulu")
    make_flow(org, name="Alpha")
    response = admin_client.get(
        PICK.format("flows"), {"name": "flow", "flow": str(chosen.pk), "flow__q": "alp"}
    )
    found = options(response)
    assert found[0] == (str(chosen.pk), "Zulu") and ("Alpha" in dict(found).values())
    assert re.search(rf'value="{chosen.pk}"[^>]*checked', response.content.decode())


def test_at_most_twenty_are_listed_with_a_count_of_all(admin_client, org):
    for n in range(45):
        make_flow(org, name=f"Flow_{n:02d}")
    body = admin_client.get(PICK.format("flows"), {"name": "flow"}).content.decode()
    assert body.count('type="radio"') == 20
    assert "45 flows" in body and "the first 20 are listed" in body


def test_the_count_stops_past_a_thousand_and_says_so(admin_client, org, other_org, monkeypatch):
    from contactcenter import pickers

    monkeypatch.setattr(pickers, "COUNTED", 30)
    for n in range(31):
        make_flow(org, name=f"Flow_{n:02d}")
    for n in range(40):
        make_flow(other_org, name=f"Foreign_{n:02d}")
    body = admin_client.get(PICK.format("flows"), {"name": "flow"}).content.decode()
    assert "More than 30 flows" in body and body.count('type="radio"') == 20
    # Searched: the cap counts the matches (a search with SQL's wildcards and quotes is a parameter).
    body = admin_client.get(PICK.format("flows"), {"name": "flow", "flow__q": "flow_"}).content.decode()
    assert "More than 30 matches for “flow_”" in body
    body = admin_client.get(PICK.format("flows"), {"name": "flow", "flow__q": "flow_0"}).content.decode()
    assert "10 matches for “flow_0”" in body
    response = admin_client.get(PICK.format("flows"), {"name": "flow", "flow__q": "%' OR 1=1 --"})
    assert response.status_code == 200 and "0 matches" in response.content.decode()
    monkeypatch.setattr(pickers, "COUNTED", 31)
    assert "31 flows" in admin_client.get(PICK.format("flows"), {"name": "flow"}).content.decode()
    # The numbers' own wording says so too.
    for n in range(32):
        make_number(org, f"+4533{300000 + n:06d}")
    body = admin_client.get(
        PICK.format("support-numbers"), {"name": "support_numbers", "multiple": "1"}
    ).content.decode()
    assert "More than 31 numbers to choose from (free or this channel&#x27;s)" in body


def test_kind_flow_leaves_the_strategies_out(admin_client, org):
    make_strategy(org, name="Old_Strategy")
    make_flow(org, name="New_Flow")
    labels = [
        label
        for _value, label in options(admin_client.get(PICK.format("flows"), {"name": "flow", "kind": "flow"}))
    ]
    assert labels == ["New_Flow"]


def test_numbers_offer_the_free_ones_and_the_channels_own_searched_by_digits(admin_client, org):
    channel = make_entry_point(org, "inbound_telephony", flow=make_flow(org))
    other = make_entry_point(org, "inbound_telephony", flow=make_flow(org))
    own = make_number(org, "+45 33 12 34 56", entry_point=channel)
    make_number(org, "+45 33 12 34 57", entry_point=other)
    free = make_number(org, "+45 33 12 34 58")
    query = {"name": "support_numbers", "multiple": "1", "entry_point": str(channel.pk)}
    found = dict(options(admin_client.get(PICK.format("support-numbers"), query)))
    assert set(found) == {str(own.pk), str(free.pk)}
    found = dict(
        options(
            admin_client.get(PICK.format("support-numbers"), {**query, "support_numbers__q": "3312 3458"})
        )
    )
    assert set(found) == {str(free.pk)}
    assert SupportNumber.objects.count() == 3


def test_a_malformed_request_is_a_404_or_ignored_never_a_500(admin_client, org):
    assert admin_client.get(PICK.format("nothing"), {"name": "flow"}).status_code == 404
    assert admin_client.get(PICK.format("flows"), {"name": "<script>"}).status_code == 404
    response = admin_client.get(
        PICK.format("support-numbers"),
        {"name": "support_numbers", "entry_point": "bogus", "support_numbers": "x"},
    )
    assert response.status_code == 200


def test_a_viewer_sees_disabled_choices_and_an_outsider_none_of_ours(viewer_client, outsider_client, org):
    make_flow(org, name="Ours")
    body = viewer_client.get(PICK.format("flows"), {"name": "flow"}).content.decode()
    assert "Ours" in body and "disabled" in body
    assert "Ours" not in outsider_client.get(PICK.format("flows"), {"name": "flow"}).content.decode()


def test_signing_in_is_required(client):
    assert client.get(PICK.format("flows"), {"name": "flow"}).status_code == 302


def test_the_channel_page_costs_the_same_for_ten_or_a_hundred_flows(
    admin_client, org, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from flows.models import Flow

    channel = make_entry_point(org, "inbound_telephony", flow=make_flow(org, name="Chosen"))
    url = channel.get_absolute_url()
    with CaptureQueriesContext(connection) as few:
        small = admin_client.get(url).content.decode()
    Flow.objects.bulk_create(Flow(organization=org, name=f"Flow_{n:03d}") for n in range(100))
    for n in range(100):
        SupportNumber.objects.create(organization=org, number=f"+4533{500000 + n:06d}")
    with django_assert_max_num_queries(len(few)):
        large = admin_client.get(url).content.decode()
    assert large.count('name="flow"') <= 21 and large.count('name="support_numbers"') <= 21
    assert re.search(r'name="flow" value="[^"]+"[^>]*checked', large) and "Chosen" in small


def test_the_count_comes_with_the_rows_and_counts_the_chosen_among_the_matches(admin_client, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    chosen = make_flow(org, name="Chosen")
    for n in range(25):
        make_flow(org, name=f"Flow_{n:02d}")
    query = {"name": "flow", "flow": str(chosen.pk)}
    with CaptureQueriesContext(connection) as captured:
        body = admin_client.get(PICK.format("flows"), query).content.decode()
    found = options_of(body)
    assert found[0] == (str(chosen.pk), "Chosen") and len(found) == 21 == len(set(found))
    assert "26 flows" in body and "the first 20 are listed" in body
    flows = [sql for sql in (q["sql"] for q in captured) if "flows_flow" in sql]
    # The chosen flow, then the recommended ones (none) and the others, the count with the first rows.
    assert len(flows) == 3 and not any(sql.startswith("SELECT COUNT") for sql in flows)


def test_with_only_the_chosen_one_or_nothing_to_choose_the_count_is_exact(admin_client, org, other_org):
    chosen = make_flow(org, name="Only")
    body = admin_client.get(PICK.format("flows"), {"name": "flow", "flow": str(chosen.pk)}).content.decode()
    assert options_of(body) == [(str(chosen.pk), "Only")] and "1 flows" in body and "listed" not in body
    body = admin_client.get(
        PICK.format("flows"), {"name": "flow", "kind": "routing_strategy"}
    ).content.decode()
    assert options_of(body) == [] and "0 flows" in body and "There is nothing to choose yet." in body
    # A chosen flow the candidates leave out is shown, and not counted.
    make_flow(other_org, name="Theirs")
    strategy = make_strategy(org, name="Old")
    body = admin_client.get(
        PICK.format("flows"), {"name": "flow", "kind": "flow", "flow": str(strategy.pk)}
    ).content.decode()
    assert [label for _value, label in options_of(body)] == ["Old (routing strategy)", "Only"]
    assert "1 flows" in body


def test_an_object_the_form_holds_is_shown_without_a_query_but_only_if_it_is_the_organizations(
    org, other_org, django_assert_num_queries
):
    from contactcenter.pickers import get_picker

    ours, theirs = make_flow(org, name="Ours"), make_flow(other_org, name="Theirs")
    picker = get_picker("flows")()
    with django_assert_num_queries(2):  # the recommended rows (none), the others: no read of the chosen
        found = picker.results(org, {}, [str(ours.pk)], "", known={str(ours.pk): ours})
    assert [(option.label, option.checked) for option in found["options"]] == [("Ours", True)]
    assert found["total"] == 1
    with django_assert_num_queries(3):  # read as any id typed: of this organization, so nothing
        found = picker.results(org, {}, [str(theirs.pk)], "", known={str(theirs.pk): theirs})
    assert [option.label for option in found["options"]] == ["Ours"]
    assert not any(option.checked for option in found["options"])


def options_of(body: str) -> list[tuple[str, str]]:
    return re.findall(r'value="([^"]+)"[^>]*> <span class="picker-label">([^<]*)</span>', body)


def test_a_search_swaps_in_what_the_page_drew(admin_client, org):
    """The page's results and the picker endpoint's answer are the same markup, so a search replaces like
    with like; escaping holds in both (a description with markup, a search that is not found)."""
    import html
    from urllib.parse import urlencode

    channel = make_entry_point(org, "inbound_telephony", flow=make_flow(org, name="Chosen"))
    make_flow(org, name="Sales")
    make_number(org, description="Line <b>1</b>")
    page = admin_client.get(channel.get_absolute_url()).content.decode()
    for name, chosen in (("flow", [str(channel.flow_id)]), ("support_numbers", [])):
        drawn = re.search(
            rf'<fieldset class="picker-results" id="id_{name}_results"[^>]*>(.*?)</fieldset>', page, re.S
        ).group(1)
        url = html.unescape(re.search(rf'name="{name}__q"[^>]*hx-get="([^"]+)"', page, re.S).group(1))
        # As htmx sends it: the picker's own query and the form's values (hx-include).
        assert admin_client.get(f"{url}&{urlencode({name: chosen}, doseq=True)}").content.decode() == drawn
        nothing = admin_client.get(f"{url}&{urlencode({f'{name}__q': '<i>none'})}").content.decode()
        assert "Nothing matches “&lt;i&gt;none”." in nothing and "<i>" not in nothing
    assert "Line &lt;b&gt;1&lt;/b&gt;" in page and "<b>1" not in page
