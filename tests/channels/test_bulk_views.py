"""The Channels and Support numbers lists' bulk actions in the console: review, apply, report."""

import pytest
from django.urls import reverse

from channels.models import EntryPoint
from channels.services import entry_point_update, system_channel_ensure
from support_numbers.models import SupportNumber
from tests.factories import make_entry_point, make_number

pytestmark = pytest.mark.django_db

BULK = reverse("channels:entrypoint-bulk")
LIST = reverse("channels:entrypoint-list")


@pytest.fixture
def channels(org):
    return [make_entry_point(org, name=f"Chat_{n:02d}") for n in range(3)]


def review(client, action, ids=(), **extra):
    return client.post(BULK, {"action": action, "ids": [str(pk) for pk in ids], **extra})


def test_the_list_offers_the_bulk_bar_to_admins_only(admin_client, viewer_client, channels):
    admin_page = admin_client.get(LIST).content.decode()
    assert 'id="bulk-form"' in admin_page
    assert f'name="ids" value="{channels[0].pk}" form="bulk-form"' in admin_page
    viewer_page = viewer_client.get(LIST).content.decode()
    assert "bulk-form" not in viewer_page and 'name="ids"' not in viewer_page


def test_review_lists_what_will_happen_and_changes_nothing(admin_client, org, channels):
    system = system_channel_ensure(organization=org)

    response = review(admin_client, "deactivate", [*[c.pk for c in channels], system.pk])

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Will be deactivated") == 3
    assert "cannot be deactivated" in page
    assert "Deactivate 3 channels" in page
    for channel in channels:
        assert f'value="{channel.pk}@{channel.version}"' in page
    assert EntryPoint.objects.filter(active=True).count() == 4


def test_review_with_htmx_answers_the_dialog_only(admin_client, channels):
    response = admin_client.post(
        BULK, {"action": "activate", "ids": [str(channels[0].pk)]}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<dialog id="bulk-dialog"')
    assert "Nothing to do" in page
    assert "bulk-apply" not in page  # nothing would change, so nothing to confirm


def test_apply_changes_each_row_and_reports_on_the_list(admin_client, org, channels):
    system = system_channel_ensure(organization=org)
    tokens = [f"{c.pk}@{c.version}" for c in channels] + [f"{system.pk}@{system.version}"]

    response = admin_client.post(
        BULK, {"action": "deactivate", "ids": tokens, "confirmed": "1", "filters": "q=Chat"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?q=Chat"
    assert not EntryPoint.objects.filter(pk__in=[c.pk for c in channels], active=True).exists()
    page = admin_client.get(response["Location"]).content.decode()
    assert "3 channels deactivated." in page
    assert "1 row was refused and left as it was" in page
    assert "cannot be deactivated" in page
    # Shown once.
    assert "channels deactivated" not in admin_client.get(LIST).content.decode()


def test_apply_refuses_a_row_changed_since_the_review(admin_client, channels):
    tokens = [f"{c.pk}@{c.version}" for c in channels]
    entry_point_update(entry_point=channels[1], version=channels[1].version, description="changed meanwhile")

    admin_client.post(BULK, {"action": "deactivate", "ids": tokens, "confirmed": "1"})

    channels[1].refresh_from_db()
    assert channels[1].active
    page = admin_client.get(LIST).content.decode()
    assert "2 channels deactivated." in page
    assert "Someone else changed it after the action was reviewed" in page


def test_all_matching_takes_the_lists_own_filter(admin_client, org, channels):
    make_entry_point(org, name="Mail_Box", channel_type="email")

    response = review(admin_client, "deactivate", all_matching="1", filters="channel_type=chat&q=Chat_0")

    page = response.content.decode()
    assert page.count("Will be deactivated") == 3
    assert "Mail_Box" not in page


def test_too_many_rows_are_refused_with_the_limit(admin_client, settings, channels):
    settings.BULK_MAX_ROWS = 2
    page = review(admin_client, "deactivate", [c.pk for c in channels]).content.decode()
    assert "at most 2 rows" in page
    assert EntryPoint.objects.filter(active=False).count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "deactivate"}, "Choose at least one row first."),
        ({"action": "deactivate", "ids": ["not-an-id", "../../etc"]}, "Choose at least one row first."),
        ({"action": "explode", "ids": ["x"]}, "Choose what to do with the chosen rows."),
        ({"ids": ["x"]}, "Choose what to do with the chosen rows."),
    ],
)
def test_a_bad_choice_is_named_not_a_crash(admin_client, channels, data, message):
    if data.get("ids") == ["x"]:
        data = {**data, "ids": [str(channels[0].pk)]}
    response = admin_client.post(BULK, data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_viewer_is_refused(viewer_client, channels):
    response = review(viewer_client, "deactivate", [channels[0].pk], confirmed="1")
    assert response.status_code == 403
    channels[0].refresh_from_db()
    assert channels[0].active


def test_another_organizations_channel_is_never_touched(outsider_client, channels):
    outsider_client.post(
        BULK, {"action": "deactivate", "ids": [f"{channels[0].pk}@{channels[0].version}"], "confirmed": "1"}
    )
    channels[0].refresh_from_db()
    assert channels[0].active


def test_get_goes_back_to_the_list(admin_client):
    response = admin_client.get(BULK)
    assert response.status_code == 302 and response["Location"] == LIST


def test_numbers_are_released_in_bulk(admin_client, org):
    channel = make_entry_point(org, channel_type="inbound_telephony", name="Hotline")
    numbers = [make_number(org), make_number(org)]
    entry_point_update(entry_point=channel, version=channel.version, support_numbers=numbers)
    url = reverse("support_numbers:supportnumber-bulk-action")

    preview = admin_client.post(url, {"action": "release", "ids": [str(n.pk) for n in numbers]})
    assert preview.content.decode().count("Will be released") == 2
    admin_client.post(url, {"action": "release", "ids": [str(n.pk) for n in numbers], "confirmed": "1"})

    assert not SupportNumber.objects.filter(entry_point__isnull=False).exists()
    page = admin_client.get(reverse("support_numbers:supportnumber-list")).content.decode()
    assert "2 numbers released." in page
