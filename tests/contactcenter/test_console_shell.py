import pytest
from django.http import HttpRequest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_renders_with_csrf(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content


def test_logout_requires_post_and_ends_session(admin_client):
    assert admin_client.get(reverse("logout")).status_code == 405
    response = admin_client.post(reverse("logout"))
    assert response.status_code == 302
    assert admin_client.get("/").headers["Location"].startswith(reverse("login"))


def test_the_sign_in_page_after_signing_out_says_so_once(admin_client):
    response = admin_client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "You have signed out." in response.content.decode()
    assert "You have signed out." not in admin_client.get(reverse("login")).content.decode()


def test_user_without_membership_gets_403(client, django_user_model, org):
    from tests.factories import PASSWORD

    django_user_model.objects.create_user("loner", password=PASSWORD)
    client.login(request=HttpRequest(), username="loner", password=PASSWORD)
    response = client.get(reverse("channels:entrypoint-list"))
    assert response.status_code == 403
    assert b"not a member" in response.content


def test_the_shell_shows_organization_user_role_and_highlights_the_section(admin_client, org):
    body = admin_client.get(reverse("channels:entrypoint-list")).content.decode()
    assert f'<span class="topbar-org" title="Organization: {org.name}">{org.name}</span>' in body
    assert "Administrator" in body and ">admin<" in body
    assert (
        f'<a href="{reverse("channels:entrypoint-list")}" class="active" aria-current="true">Channels</a>'
        in body
    )
    assert 'hx-headers=\'{"X-CSRFToken": "' in body  # htmx posts carry the CSRF token


def test_unknown_pages_answer_the_console_404(admin_client):
    response = admin_client.get("/no-such-page/")
    assert response.status_code == 404


# --- the shared template helpers the consoles are built from -------------------------------


def test_duration_filter_reads_seconds_and_ignores_junk():
    from contactcenter.templatetags.console import duration

    assert duration(300) == "5 min"
    assert duration("90000") == "1 d 1 h"
    for junk in ("abc", None, "", "-5", 0, "1.5"):
        assert duration(junk) == ""


def test_ago_filter_says_just_now_then_how_long():
    from datetime import timedelta

    from django.utils import timezone

    from contactcenter.tables import ago

    assert ago(timezone.now()) == "just now"
    assert ago(timezone.now() - timedelta(minutes=3)) == "3\xa0minutes ago"
    assert ago(None) == ""


def test_absolute_url_filter_is_empty_for_objects_without_a_page(org):
    from channels.models import EntryPoint
    from contactcenter.templatetags.console import absolute_url

    channel = EntryPoint.objects.get(organization=org, is_system=True)
    assert absolute_url(channel) == reverse("channels:entrypoint-detail", kwargs={"pk": channel.pk})
    assert absolute_url(org) == "" and absolute_url(None) == ""


def test_field_tag_links_the_input_to_its_hint_and_errors(org):
    from django import forms

    from contactcenter.templatetags.console import field

    class Sample(forms.Form):
        name = forms.CharField(help_text="Letters only")
        note = forms.CharField(required=False)

    form = Sample(data={"name": ""})
    context = field(form["name"])
    html = str(context["widget"])
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_name_error id_name_hint"' in html
    assert context["required"] is True and context["hint"] == "Letters only"
    assert field(form["note"], required=True)["required"] is True  # the model requires it, the form not


def test_refresh_renders_typed_values_without_saving_or_validating(admin_client, org):
    from channels.models import EntryPoint

    response = admin_client.post(reverse("channels:entrypoint-new"), {"_refresh": "1", "name": "has spaces"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="has spaces"' in body and "errorlist" not in body
    assert not EntryPoint.objects.filter(name="has spaces").exists()


def test_an_htmx_request_after_the_session_ended_sends_the_page_to_login(client, org):
    response = client.post(
        reverse("channels:entrypoint-new"),
        {"_refresh": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="type-fields",
        HTTP_HX_CURRENT_URL="http://testserver/channels/new/",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/channels/new/"
