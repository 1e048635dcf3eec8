"""The Django admin for operators keeps the same rules as the console."""

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audio.models import AudioBlob
from channels.models import EntryPoint
from channels.services import entry_point_deactivate
from contactcenter.models import ApiToken, OrganizationOwned
from contactcenter.tokens import api_token_create
from flows.models import BusinessHours, Holiday, Override, Shift
from queues.models import Queue
from queues.services import queue_update
from support_numbers.models import SupportNumber
from tests.dbstate import unchanged
from tests.factories import (
    make_audio,
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_number,
    make_override_list,
    make_queue,
)

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("contactcenter", "audio", "queues", "flows", "channels", "support_numbers")
INLINE_ONLY = {Shift, Holiday, Override}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Password hashing is not under test here and the slow default would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def operator():
    user = get_user_model().objects.create_superuser("operator", "operator@example.com", "unused-password-1")
    client = Client()
    client.force_login(user)
    return client


def url(obj_or_model, view: str, *args) -> str:
    meta = obj_or_model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def form_data(response) -> dict:
    """The POST body the admin page would send back unchanged: main form plus every inline."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            elif value is not None:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


def test_every_model_is_registered_or_edited_inline():
    inline_models = {
        inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines
    }
    for model in project_models():
        if model in INLINE_ONLY:
            assert model in inline_models, model
            # Standalone, a shift could be saved without the overlap check of its schedule.
            assert not admin.site.is_registered(model), model
        else:
            assert admin.site.is_registered(model), model


@pytest.fixture
def demo(org):
    audio = make_audio(org, name="Hold.wav")
    queue = make_queue(org, name="Support_DK", music_in_queue=audio)
    hours = make_business_hours(
        org, name="Office", holiday_list=make_holiday_list(org), override_list=make_override_list(org)
    )
    flow = make_flow(org, name="Main_IVR", business_hours=hours, queue=queue)
    number = make_number(org)
    channel = make_entry_point(org, "inbound_telephony", name="Hotline", flow=flow, support_numbers=[number])
    return {
        "audio": audio,
        "queue": queue,
        "hours": hours,
        "flow": flow,
        "number": number,
        "channel": channel,
    }


def test_every_changelist_add_and_change_page_renders(operator, demo, org, other_org):
    for model in project_models():
        if model in INLINE_ONLY:
            continue
        model_admin = admin.site._registry[model]
        changelist = url(model, "changelist")
        assert operator.get(changelist).status_code == 200, model
        assert model_admin.search_fields, model
        assert operator.get(changelist, {"q": "a"}).status_code == 200, model
        if issubclass(model, OrganizationOwned):
            assert "organization" in model_admin.list_filter, model
            assert set(model_admin.readonly_fields) >= {"version", "created_at", "updated_at"}, model
            response = operator.get(changelist, {"organization__id__exact": str(org.pk)})
            assert response.status_code == 200, model
            assert {obj.organization_id for obj in response.context["cl"].result_list} <= {org.pk}, model
        expected_add = 403 if model in (ApiToken, AudioBlob) else 200  # tokens and bytes: never typed in
        assert operator.get(url(model, "add")).status_code == expected_add, model
        obj = model._default_manager.first()
        if obj is not None:
            assert operator.get(url(model, "change", obj.pk)).status_code == 200, model


def test_tokens_can_be_revoked_by_operators(operator, admin_user):
    token, _secret = api_token_create(user=admin_user, name="CI")
    response = operator.post(
        url(ApiToken, "changelist"), {"action": "revoke", "_selected_action": [str(token.pk)]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.is_revoked


def test_search_and_organization_filter_narrow_the_channel_list(operator, org, other_org):
    make_entry_point(org, name="Alpha_Chat")
    make_entry_point(other_org, name="Beta_Chat")
    changelist = url(EntryPoint, "changelist")
    names = lambda response: {c.name for c in response.context["cl"].result_list}  # noqa: E731
    assert names(operator.get(changelist, {"q": "Alpha"})) == {"Alpha_Chat"}
    filtered = names(operator.get(changelist, {"organization__id__exact": str(other_org.pk)}))
    assert filtered == {"Beta_Chat", "Outdial Transfer to Queue"}


@pytest.mark.parametrize("model", [EntryPoint, SupportNumber, Queue, BusinessHours])
def test_changelist_queries_do_not_grow_with_rows(operator, org, model):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert operator.get(url(model, "changelist")).status_code == 200
        return len(context)

    flow = make_flow(org)
    make_entry_point(org, "inbound_telephony", flow=flow, support_numbers=[make_number(org)])
    make_business_hours(org)
    make_queue(org)
    few = count_queries()
    for _ in range(4):
        make_entry_point(org, "inbound_telephony", flow=flow, support_numbers=[make_number(org)])
        make_business_hours(org)
        make_queue(org)
    assert count_queries() == few


class TestBusinessHoursInline:
    def post_schedule(self, operator, org, shifts):
        data = {
            "organization": str(org.pk),
            "name": "Copenhagen office",
            "description": "",
            "shifts-TOTAL_FORMS": str(len(shifts)),
            "shifts-INITIAL_FORMS": "0",
            "shifts-MIN_NUM_FORMS": "1",
            "shifts-MAX_NUM_FORMS": "1000",
        }
        for index, (name, weekdays, start, end) in enumerate(shifts):
            data.update(
                {
                    f"shifts-{index}-name": name,
                    f"shifts-{index}-weekdays": weekdays,
                    f"shifts-{index}-start_minute": str(start),
                    f"shifts-{index}-end_minute": str(end),
                }
            )
        return operator.post(url(BusinessHours, "add"), data)

    def test_valid_shifts_are_saved(self, operator, org):
        response = self.post_schedule(
            operator,
            org,
            [("Weekdays", ["mon", "tue", "wed", "thu", "fri"], 540, 1020), ("Saturday", ["sat"], 600, 840)],
        )
        assert response.status_code == 302
        hours = BusinessHours.objects.get(name="Copenhagen office")
        assert sorted(hours.shifts.values_list("name", flat=True)) == ["Saturday", "Weekdays"]
        assert hours.shifts.get(name="Weekdays").weekdays == ["mon", "tue", "wed", "thu", "fri"]

    @pytest.mark.parametrize(
        "shifts",
        [
            [("Morning", ["mon"], 480, 780), ("Afternoon", ["mon"], 720, 1020)],
            [("Late", ["fri"], 1320, 120), ("Early", ["sat"], 60, 300)],
            [("Sunday night", ["sun"], 1320, 360), ("Monday early", ["mon"], 300, 540)],
        ],
        ids=["same-day", "overnight", "sunday-into-monday"],
    )
    def test_overlapping_shifts_are_refused(self, operator, org, shifts):
        with unchanged():
            response = self.post_schedule(operator, org, shifts)
        assert response.status_code == 200
        errors = " ".join(
            str(e)
            for formset in response.context["inline_admin_formsets"]
            for e in formset.formset.non_form_errors()
        )
        assert f"Shift “{shifts[0][0]}”" in errors
        assert f"overlaps shift “{shifts[1][0]}”" in errors

    def test_duplicate_shift_names_are_refused(self, operator, org):
        with unchanged():
            response = self.post_schedule(
                operator, org, [("Day", ["mon"], 480, 600), ("day", ["tue"], 480, 600)]
            )
        assert response.status_code == 200
        assert "Two rows are named “day”" in response.content.decode()

    def test_a_schedule_needs_a_shift(self, operator, org):
        with unchanged():
            response = self.post_schedule(operator, org, [])
        assert response.status_code == 200

    def test_editing_into_an_overlap_is_refused(self, operator, org):
        hours = make_business_hours(org)
        page = operator.get(url(hours, "change", hours.pk))
        data = form_data(page)
        data.update(
            {
                "shifts-TOTAL_FORMS": "2",
                "shifts-1-name": "Overlap",
                "shifts-1-weekdays": ["wed"],
                "shifts-1-start_minute": "600",
                "shifts-1-end_minute": "660",
            }
        )
        with unchanged():
            response = operator.post(url(hours, "change", hours.pk), data)
        assert response.status_code == 200
        assert "overlaps shift" in response.content.decode()

    def test_deleting_a_shift_row_removes_it_from_the_overlap_check(self, operator, org):
        hours = make_business_hours(org)
        page = operator.get(url(hours, "change", hours.pk))
        data = form_data(page)
        data.update(
            {
                "shifts-0-DELETE": "on",
                "shifts-TOTAL_FORMS": "2",
                "shifts-1-name": "Replacement",
                "shifts-1-weekdays": ["mon", "tue"],
                "shifts-1-start_minute": "600",
                "shifts-1-end_minute": "660",
            }
        )
        response = operator.post(url(hours, "change", hours.pk), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert list(hours.shifts.values_list("name", flat=True)) == ["Replacement"]


class TestChannelAdmin:
    def test_system_channel_cannot_be_deleted_or_renamed(self, operator, org):
        system = EntryPoint.objects.get(organization=org, is_system=True)
        page = operator.get(url(system, "change", system.pk))
        assert "name" not in page.context["adminform"].form.fields
        assert "active" not in page.context["adminform"].form.fields
        assert not page.context["has_delete_permission"]
        with unchanged():
            assert operator.post(url(system, "delete", system.pk), {"post": "yes"}).status_code == 403

        data = form_data(page)
        data.update({"name": "Renamed", "description": "Transfers outbound calls", "active": ""})
        response = operator.post(url(system, "change", system.pk), data)
        assert response.status_code == 302
        stored = EntryPoint.objects.get(pk=system.pk)
        assert (stored.name, stored.active, stored.description) == (
            "Outdial Transfer to Queue",
            True,
            "Transfers outbound calls",
        )

    def test_channel_type_is_read_only_after_creation(self, operator, org):
        channel = make_entry_point(org, "chat")
        page = operator.get(url(channel, "change", channel.pk))
        assert "channel_type" not in page.context["adminform"].form.fields
        data = form_data(page)
        data["channel_type"] = "email"
        assert operator.post(url(channel, "change", channel.pk), data).status_code == 302
        assert EntryPoint.objects.get(pk=channel.pk).channel_type == "chat"

    def test_active_channel_cannot_be_deleted(self, operator, org):
        channel = make_entry_point(org)
        with unchanged():
            assert operator.post(url(channel, "delete", channel.pk), {"post": "yes"}).status_code == 403

    def test_inactive_channel_is_deleted_through_the_service(self, operator, org):
        channel = make_entry_point(org)
        entry_point_deactivate(entry_point=channel)
        response = operator.post(url(channel, "delete", channel.pk), {"post": "yes"})
        assert response.status_code == 302
        assert not EntryPoint.objects.filter(pk=channel.pk).exists()

    def test_no_bulk_delete_action(self, operator):
        response = operator.get(url(EntryPoint, "changelist"))
        action_form = response.context["action_form"]
        assert action_form is None or "delete_selected" not in dict(action_form.fields["action"].choices)

    def test_model_rules_apply_in_the_admin(self, operator, org):
        page = operator.get(url(EntryPoint, "add"))
        data = form_data(page)
        data.update(
            {
                "organization": str(org.pk),
                "name": "Bad name",
                "channel_type": "social",
                "service_level_threshold": "700000",
                "flow": str(make_flow(org).pk),
            }
        )
        with unchanged():
            response = operator.post(url(EntryPoint, "add"), data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert set(errors) >= {"name", "social_channel_type", "service_level_threshold"}

    def test_a_channel_is_created_and_changed_through_the_services(self, operator, org):
        page = operator.get(url(EntryPoint, "add"))
        data = form_data(page)
        data.update(
            {
                "organization": str(org.pk),
                "name": "Admin_Chat",
                "channel_type": "chat",
                "service_level_threshold": "30",
                "flow": str(make_flow(org).pk),
            }
        )
        data.pop("active", None)
        assert operator.post(url(EntryPoint, "add"), data).status_code == 302
        created = EntryPoint.objects.get(name="Admin_Chat")
        assert (created.active, created.version) == (False, 2)  # created, then deactivated
        assert LogEntry.objects.get(action_flag=ADDITION).object_id == str(created.pk)

        page = operator.get(url(created, "change", created.pk))
        assert "organization" not in page.context["adminform"].form.fields
        data = form_data(page)
        data.update({"active": "on", "service_level_threshold": "86401"})
        with unchanged():
            response = operator.post(url(created, "change", created.pk), data)
        assert response.status_code == 200
        assert "service_level_threshold" in response.context["adminform"].form.errors
        data["service_level_threshold"] = "60"
        assert operator.post(url(created, "change", created.pk), data).status_code == 302
        stored = EntryPoint.objects.get(pk=created.pk)
        assert (stored.active, stored.service_level_threshold, stored.version) == (True, 60, 4)

    def test_stale_version_is_refused(self, operator, org):
        queue = make_queue(org, description="before")
        page = operator.get(url(queue, "change", queue.pk))
        queue_update(queue=queue, version=1, description="changed elsewhere")
        data = form_data(page)
        data["description"] = "operator edit"
        with unchanged():
            response = operator.post(url(queue, "change", queue.pk), data)
        assert response.status_code == 200
        assert "Someone else changed or deleted this queue" in response.content.decode()
        data["loaded_version"] = "2"
        assert operator.post(url(queue, "change", queue.pk), data).status_code == 302
        assert Queue.objects.get(pk=queue.pk).description == "operator edit"


class TestSupportNumberAdmin:
    def test_an_assigned_number_cannot_be_deleted(self, operator, org):
        number = make_number(org)
        make_entry_point(org, "inbound_telephony", support_numbers=[number])
        with unchanged():
            assert operator.post(url(number, "delete", number.pk), {"post": "yes"}).status_code == 403

    def test_number_is_normalized_and_a_chat_channel_refused(self, operator, org):
        chat = make_entry_point(org, "chat")
        data = {
            "organization": str(org.pk),
            "number": "+45 33 12 34 56",
            "description": "",
            "entry_point": str(chat.pk),
        }
        with unchanged():
            response = operator.post(url(SupportNumber, "add"), data)
        assert response.status_code == 200
        assert "entry_point" in response.context["adminform"].form.errors
        data["entry_point"] = ""
        assert operator.post(url(SupportNumber, "add"), data).status_code == 302
        assert SupportNumber.objects.get().number == "+4533123456"

    def test_assignment_filter(self, operator, org):
        held, free = make_number(org), make_number(org)
        make_entry_point(org, "inbound_telephony", support_numbers=[held])

        def listed(value):
            response = operator.get(url(SupportNumber, "changelist"), {"assigned": value})
            return set(response.context["cl"].result_list)

        assert listed("yes") == {held}
        assert listed("no") == {free}


def test_referenced_objects_are_protected_in_the_admin(operator, demo):
    for key in ("queue", "flow", "hours", "audio"):
        obj = demo[key]
        with unchanged():
            response = operator.post(url(obj, "delete", obj.pk), {"post": "yes"})
        assert response.status_code == 200, key
        assert response.context["protected"], key


def test_organization_admin_creates_the_system_channel(operator):
    data = {
        "name": "Operator Org",
        "timezone": "Europe/Stockholm",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    assert operator.post(url(apps.get_model("contactcenter", "Organization"), "add"), data).status_code == 302
    assert EntryPoint.objects.filter(organization__name="Operator Org", is_system=True).count() == 1
    data["name"], data["timezone"] = "Bad Zone Org", "Nowhere/Here"
    with unchanged():
        response = operator.post(url(apps.get_model("contactcenter", "Organization"), "add"), data)
    assert "timezone" in response.context["adminform"].form.errors
