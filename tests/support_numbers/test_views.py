"""The support number inventory: list, add one, paste many, release, edit, delete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from support_numbers.models import SupportNumber
from tests.factories import make_entry_point, make_number

pytestmark = pytest.mark.django_db

LIST = reverse("support_numbers:supportnumber-list")
NEW = reverse("support_numbers:supportnumber-new")
BULK = reverse("support_numbers:supportnumber-bulk")


def url(name: str, number) -> str:
    return reverse(f"support_numbers:supportnumber-{name}", kwargs={"pk": number.pk})


def numbers(response) -> list[str]:
    return [number.number for number in response.context["object_list"]]


def test_list_shows_international_form_country_type_and_channel(admin_client, org):
    channel = make_entry_point(org, "inbound_telephony", name="Hotline")
    make_number(org, "+45 80 20 30 40", entry_point=channel)
    make_number(org, "+1 800 555 0199")
    content = admin_client.get(LIST).content.decode()
    assert "+45 80 20 30 40" in content and "Denmark" in content and "Toll-free" in content
    assert "+1 800-555-0199" in content
    assert f'href="{channel.get_absolute_url()}"' in content
    assert "Free" in content


def test_search_finds_digits_however_they_are_grouped(admin_client, org):
    channel = make_entry_point(org, "inbound_telephony", name="Hotline")
    make_number(org, "+45 33 12 34 56", description="Copenhagen")
    make_number(org, "+45 80 20 30 40", entry_point=channel)
    assert numbers(admin_client.get(LIST, {"q": "33 12-34"})) == ["+4533123456"]
    assert numbers(admin_client.get(LIST, {"q": "copenhagen"})) == ["+4533123456"]
    assert numbers(admin_client.get(LIST, {"q": "hotline"})) == ["+4580203040"]
    assert numbers(admin_client.get(LIST, {"state": "free"})) == ["+4533123456"]
    assert numbers(admin_client.get(LIST, {"state": "assigned"})) == ["+4580203040"]
    assert numbers(admin_client.get(LIST, {"sort": "-number"})) == ["+4580203040", "+4533123456"]
    partial = admin_client.get(LIST, {"q": "80"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert b"<html" not in partial.content and b"+45 80 20 30 40" in partial.content


def test_list_shows_only_the_organizations_numbers(admin_client, org, other_org):
    make_number(other_org, "+45 33 99 99 99")
    assert numbers(admin_client.get(LIST)) == []
    assert b"No support numbers yet" in admin_client.get(LIST).content


def test_list_query_count_does_not_grow_with_rows(admin_client, org):
    channel = make_entry_point(org, "inbound_telephony")
    for _ in range(5):
        make_number(org, entry_point=channel)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(LIST).status_code == 200
    for index in range(50):
        make_number(org, entry_point=make_entry_point(org, "inbound_telephony") if index % 2 else None)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(LIST)
    assert len(response.context["object_list"]) == 25
    assert len(many) == len(few)


def test_add_one_number_in_any_common_form(admin_client, org):
    response = admin_client.post(NEW, {"number": "0045 (33) 12-34.56", "description": "Main line"})
    number = SupportNumber.objects.get()
    assert number.number == "+4533123456"
    assert response["Location"] == url("detail", number)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("33 12 34 56", "in international form"),
        ("+45 12", "not a valid number in DK"),
        ("+call me", "is not a phone number"),
        ("", "This field is required."),
    ],
)
def test_bad_number_is_refused_beside_the_field_and_kept(admin_client, org, typed, message):
    response = admin_client.post(NEW, {"number": typed})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["number"])
    assert response.context["form"]["number"].value() == typed
    assert not SupportNumber.objects.exists()


def test_a_number_is_unique_across_the_installation(admin_client, org, other_org):
    make_number(other_org, "+45 33 12 34 56")
    response = admin_client.post(NEW, {"number": "+45 33 12 34 56"})
    assert "This number is already registered." in response.context["form"].errors["number"]


def test_paste_many_adds_good_lines_and_keeps_refused_lines(admin_client, org):
    text = "+45 33 12 34 56\n\n+45 12\n+1 (800) 555-0199\n+45 33 12 34 56\n"
    response = admin_client.post(BULK, {"text": text})
    assert response.status_code == 200
    result = response.context["result"]
    assert [str(number) for number in result.added] == ["+45 33 12 34 56", "+1 800-555-0199"]
    refused = dict(result.refused)
    assert set(refused) == {"+45 12", "+45 33 12 34 56"}
    assert "not a valid number" in refused["+45 12"]
    assert "appears twice in the list" in refused["+45 33 12 34 56"]
    assert response.context["form"]["text"].value() == "+45 12\n+45 33 12 34 56"
    content = response.content.decode()
    assert "Added" in content and "Refused" in content and "+1 800-555-0199" in content
    assert SupportNumber.objects.count() == 2


def test_paste_many_all_good_goes_back_to_the_list(admin_client, org):
    response = admin_client.post(BULK, {"text": "+45 33 12 34 56\n+45 33 12 34 57"}, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "Added 2 numbers" in response.content.decode()


def test_paste_many_needs_a_number(admin_client, org):
    for text in ("", "   \n  "):
        response = admin_client.post(BULK, {"text": text})
        assert "Paste at least one number." in response.context["form"].errors["text"]


def test_release_a_number_from_its_channel(admin_client, org):
    channel = make_entry_point(org, "inbound_telephony", name="Hotline")
    number = make_number(org, entry_point=channel)
    response = admin_client.post(url("release", number), {"next": f"{LIST}?state=assigned"})
    assert response["Location"] == f"{LIST}?state=assigned"
    number.refresh_from_db()
    assert number.entry_point is None
    # An outside address is not followed.
    response = admin_client.post(url("release", number), {"next": "https://evil.example/"})
    assert response["Location"] == url("detail", number)
    assert admin_client.get(url("release", number)).status_code == 405


def test_release_is_for_admins_of_the_organization(viewer_client, outsider_client, org):
    number = make_number(org, entry_point=make_entry_point(org, "inbound_telephony"))
    assert viewer_client.post(url("release", number)).status_code == 403
    assert outsider_client.post(url("release", number)).status_code == 404
    number.refresh_from_db()
    assert number.entry_point is not None


def test_detail_names_the_channel_and_offers_release(admin_client, org):
    channel = make_entry_point(org, "inbound_telephony", name="Hotline")
    number = make_number(org, "+45 80 20 30 40", entry_point=channel)
    content = admin_client.get(url("detail", number)).content.decode()
    assert "Assigned to Hotline" in content and 'id="release-dialog"' in content
    assert 'value="+45 80 20 30 40"' in content
    free = make_number(org)
    assert b"release-dialog" not in admin_client.get(url("detail", free)).content


def test_an_assigned_number_cannot_be_deleted(admin_client, org):
    number = make_number(org, entry_point=make_entry_point(org, "inbound_telephony", name="Hotline"))
    page = admin_client.get(url("detail", number)).content.decode()
    assert "Hotline" in page[page.index('id="delete-dialog"') :]
    admin_client.post(url("delete", number), {"version": number.version})
    assert SupportNumber.objects.filter(pk=number.pk).exists()
    free = make_number(org)
    assert admin_client.post(url("delete", free), {"version": free.version})["Location"] == LIST
    assert not SupportNumber.objects.filter(pk=free.pk).exists()


def test_edit_description_and_stale_version(admin_client, org):
    number = make_number(org, "+45 33 12 34 56")
    opened = number.version
    response = admin_client.post(
        url("detail", number), {"number": "+45 33 12 34 56", "description": "New", "version": opened}
    )
    assert response.status_code == 302
    response = admin_client.post(
        url("detail", number), {"number": "+45 33 12 34 56", "description": "Old", "version": opened}
    )
    assert response.context["conflict"] is not None
    number.refresh_from_db()
    assert number.description == "New"


def test_viewer_and_outsider(viewer_client, outsider_client, org):
    number = make_number(org)
    assert viewer_client.get(url("detail", number)).status_code == 200
    assert viewer_client.get(NEW).status_code == 403
    assert viewer_client.get(BULK).status_code == 403
    assert viewer_client.post(BULK, {"text": "+45 33 12 34 99"}).status_code == 403
    assert viewer_client.post(url("detail", number), {"number": "+45 33 12 34 98"}).status_code == 403
    assert viewer_client.post(url("delete", number)).status_code == 403
    assert b"Paste many" not in viewer_client.get(LIST).content
    assert outsider_client.get(url("detail", number)).status_code == 404
    assert outsider_client.post(url("delete", number)).status_code == 404
    assert SupportNumber.objects.filter(organization=org).count() == 1
