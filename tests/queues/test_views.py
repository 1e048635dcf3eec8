"""The Queues console: list, create, edit, delete, for an admin, a viewer and an outsider."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from queues.models import Queue
from queues.services import queue_update
from tests.factories import make_audio, make_entry_point, make_flow, make_outbound_queue, make_queue

pytestmark = pytest.mark.django_db

LIST = reverse("queues:queue-list")
NEW = reverse("queues:queue-new")
RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}
TYPE_FIELDS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "type-fields"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def detail(queue) -> str:
    return reverse("queues:queue-detail", kwargs={"pk": queue.pk})


def delete(queue) -> str:
    return reverse("queues:queue-delete", kwargs={"pk": queue.pk})


def form_data(**fields) -> dict:
    data = {
        "name": "Support_EN",
        "description": "English support",
        "queue_type": "inbound",
        "channel_type": "telephony",
        "routing_type": "skills_based",
        "service_level_threshold": "30",
        "max_time_in_queue": "600",
        "active": "on",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


# The list


def test_list_shows_only_the_organizations_queues(admin_client, org, other_org):
    make_queue(org, name="Ours")
    make_queue(other_org, name="Theirs")
    response = admin_client.get(LIST)
    assert response.status_code == 200
    assert b"Ours" in response.content
    assert b"Theirs" not in response.content
    assert response.context["nav"] == "queues"


def test_list_search_filters_and_sort(admin_client, org):
    make_queue(org, name="Alpha_phone", description="first")
    make_queue(org, name="Beta_chat", channel_type="chat", description="second")
    make_outbound_queue(org, name="Gamma_out")
    names = lambda response: [queue.name for queue in response.context["object_list"]]  # noqa: E731
    assert names(admin_client.get(LIST, {"q": "SECOND"})) == ["Beta_chat"]
    assert names(admin_client.get(LIST, {"channel_type": "chat"})) == ["Beta_chat"]
    assert names(admin_client.get(LIST, {"queue_type": "outbound"})) == ["Gamma_out"]
    assert names(admin_client.get(LIST, {"sort": "-name"})) == ["Gamma_out", "Beta_chat", "Alpha_phone"]
    # An unknown filter value or sort key is ignored rather than failing.
    assert len(names(admin_client.get(LIST, {"queue_type": "sideways", "sort": "bogus"}))) == 3


def test_list_usage_filter_counts_flows_and_channels(admin_client, org):
    used = make_queue(org, name="Used")
    make_queue(org, name="Idle")
    make_flow(org, queue=used)
    make_entry_point(org, "outbound_telephony", outdial_queue=make_outbound_queue(org, name="Dialer"))
    response = admin_client.get(LIST, {"usage": "used"})
    assert sorted(q.name for q in response.context["object_list"]) == ["Dialer", "Used"]
    response = admin_client.get(LIST, {"usage": "unused"})
    assert [q.name for q in response.context["object_list"]] == ["Idle"]


def test_search_as_you_type_answers_only_the_rows(admin_client, org):
    make_queue(org, name="Alpha")
    response = admin_client.get(LIST, {"q": "alp"}, **RESULTS)
    content = response.content.decode()
    assert "Alpha" in content
    assert "<html" not in content
    assert 'name="sort"' in content


def test_empty_states(admin_client, viewer_client, org):
    response = admin_client.get(LIST)
    assert b"No queues yet" in response.content
    assert NEW.encode() in response.content
    assert NEW.encode() not in viewer_client.get(LIST).content
    assert b"No queue matches" in admin_client.get(LIST, {"q": "nothing"}).content


def test_list_query_count_does_not_grow_with_rows(admin_client, org):
    music = make_audio(org)
    for index in range(5):
        make_flow(org, queue=make_queue(org, name=f"Q{index}", music_in_queue=music))
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(LIST).status_code == 200
    for index in range(50):
        make_flow(org, queue=make_queue(org, name=f"More{index}", music_in_queue=make_audio(org)))
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(LIST)
    assert len(response.context["object_list"]) == 25
    assert len(many) == len(few)


# Create and edit


def test_admin_creates_a_queue(admin_client, org):
    music = make_audio(org)
    response = admin_client.post(NEW, form_data(music_in_queue=str(music.pk)))
    queue = Queue.objects.get(organization=org, name="Support_EN")
    assert response.status_code == 302
    assert response["Location"] == detail(queue)
    assert (queue.routing_type, queue.music_in_queue, queue.max_time_in_queue) == ("skills_based", music, 600)


def test_outbound_queue_of_another_channel_type_is_refused_with_everything_kept(admin_client, org):
    response = admin_client.post(
        NEW, form_data(queue_type="outbound", channel_type="chat", description="kept")
    )
    assert response.status_code == 200
    assert "Outbound queues are telephony only." in response.context["form"].errors["channel_type"]
    assert response.context["form"]["description"].value() == "kept"
    assert not Queue.objects.filter(name="Support_EN").exists()


def test_outbound_offers_only_telephony(admin_client, org):
    response = admin_client.post(
        NEW, form_data(_refresh="1", queue_type="outbound", channel_type="chat"), **TYPE_FIELDS
    )
    content = response.content.decode()
    assert "<html" not in content
    assert 'value="telephony"' in content and 'value="chat"' not in content
    assert 'name="music_in_queue"' in content
    assert not Queue.objects.exists()


def test_music_is_shown_for_telephony_only_and_saved_empty_otherwise(admin_client, org):
    music = make_audio(org)
    refreshed = admin_client.post(NEW, form_data(_refresh="1", channel_type="email"), **TYPE_FIELDS)
    assert b'name="music_in_queue"' not in refreshed.content
    assert b"Music in queue is for telephony queues only." in refreshed.content
    queue = make_queue(org, name="Phone", music_in_queue=music)
    response = admin_client.post(
        detail(queue), form_data(name="Phone", channel_type="chat", version=str(queue.version))
    )
    assert response.status_code == 302
    queue.refresh_from_db()
    assert (queue.channel_type, queue.music_in_queue) == ("chat", None)


def test_refresh_without_javascript_re_renders_the_whole_page_with_typed_values(admin_client, org):
    response = admin_client.post(NEW, form_data(_refresh="1", name="Typed_name", channel_type="social"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" in content and 'value="Typed_name"' in content
    assert "604 800" in content  # the social maximum is explained
    assert not Queue.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("service_level_threshold", "90000", "For telephony the maximum is 86400 seconds"),
        ("max_time_in_queue", "0", "at least 1"),
        ("name", "has space", "remove space"),
        ("name", "x" * 81, "at most 80 characters"),
        ("routing_type", "random", "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_specific_message_beside_the_field(admin_client, org, field, value, message):
    response = admin_client.post(NEW, form_data(**{field: value}))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert response.context["form"][field].value() == value


def test_name_clash_is_case_insensitive(admin_client, org):
    make_queue(org, name="Support")
    response = admin_client.post(NEW, form_data(name="SUPPORT"))
    assert "already used in your organization" in " ".join(response.context["form"].errors["name"])


def test_another_organizations_audio_cannot_be_chosen(admin_client, org, other_org):
    foreign = make_audio(other_org)
    response = admin_client.post(NEW, form_data(music_in_queue=str(foreign.pk)))
    assert "Select a valid choice" in " ".join(response.context["form"].errors["music_in_queue"])
    assert foreign.name not in response.content.decode()


def test_stale_version_is_refused_and_the_typed_values_kept(admin_client, org):
    queue = make_queue(org, name="Support")
    opened = queue.version
    queue_update(queue=Queue.objects.get(pk=queue.pk), version=opened, description="someone else")
    response = admin_client.post(
        detail(queue), form_data(name="Support", description="mine", version=str(opened))
    )
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    assert b"Someone else saved this in the meantime." in response.content
    assert response.context["form"]["description"].value() == "mine"
    queue.refresh_from_db()
    assert queue.description == "someone else"


def test_detail_shows_used_by_with_links(admin_client, org):
    queue = make_queue(org)
    flow = make_flow(org, name="Main_flow", queue=queue)
    response = admin_client.get(detail(queue))
    assert response.status_code == 200
    assert [ref.name for ref in response.context["references"]] == ["Main_flow"]
    assert f'href="{flow.get_absolute_url()}"'.encode() in response.content


# Delete


def test_delete_an_unused_queue(admin_client, org):
    queue = make_queue(org)
    response = admin_client.post(delete(queue), {"version": queue.version})
    assert response.status_code == 302 and response["Location"] == LIST
    assert not Queue.objects.filter(pk=queue.pk).exists()


def test_a_used_queue_cannot_be_deleted_and_the_dialog_says_why(admin_client, org):
    queue = make_queue(org)
    make_flow(org, name="Routes_here", queue=queue)
    page = admin_client.get(detail(queue)).content.decode()
    assert "It cannot be deleted while other objects use it" in page
    assert "Routes_here" in page[page.index('id="delete-dialog"') :]
    response = admin_client.post(delete(queue), {"version": queue.version}, follow=True)
    assert Queue.objects.filter(pk=queue.pk).exists()
    assert "cannot be deleted because it is used by 1 object" in response.content.decode()


def test_delete_with_a_stale_version_is_refused(admin_client, org):
    queue = make_queue(org)
    admin_client.post(delete(queue), {"version": queue.version - 1 or 99})
    assert Queue.objects.filter(pk=queue.pk).exists()


# Roles and organizations


def test_viewer_reads_everything_and_changes_nothing(viewer_client, org):
    queue = make_queue(org)
    page = viewer_client.get(detail(queue))
    assert page.status_code == 200
    assert all(field.disabled for field in page.context["form"].fields.values())
    assert b"delete-dialog" not in page.content and b"submit-button" not in page.content
    assert viewer_client.get(NEW).status_code == 403
    assert viewer_client.post(NEW, form_data()).status_code == 403
    assert viewer_client.post(detail(queue), form_data(name="Renamed")).status_code == 403
    assert viewer_client.post(delete(queue)).status_code == 403
    queue.refresh_from_db()
    assert queue.name != "Renamed"


def test_outsider_gets_404_for_every_url(outsider_client, org):
    queue = make_queue(org)
    assert outsider_client.get(detail(queue)).status_code == 404
    assert outsider_client.post(detail(queue), form_data()).status_code == 404
    assert outsider_client.post(delete(queue)).status_code == 404
    assert queue.name.encode() not in outsider_client.get(LIST).content
    assert Queue.objects.filter(pk=queue.pk).exists()


def test_anonymous_is_sent_to_login(client, org):
    queue = make_queue(org)
    for url in (LIST, NEW, detail(queue)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_delete_dialog_opens_without_javascript(admin_client, org):
    queue = make_queue(org)
    opened = 'aria-labelledby="delete-dialog-title" open>'
    assert opened in admin_client.get(detail(queue), {"delete": "1"}).content.decode()
    assert opened not in admin_client.get(detail(queue)).content.decode()
