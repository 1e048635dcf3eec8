"""Django admin for operators: organizations, memberships and tokens, plus the base every app's admin uses.

The admin writes through the same services as the console and the API, so it applies the rules
they apply and re-implements none.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .errors import VersionConflict
from .models import ApiToken, Membership, Organization
from .services import (
    check_version,
    membership_delete,
    membership_save,
    organization_create,
    organization_update,
    service_keyword,
)
from .tokens import api_token_revoke

VERSION_FIELDS = ("version", "created_at", "updated_at")


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the operator loaded, so an edit based on an older one is refused."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if not self.instance._state.adding:
            # The services' own check, run here so that the refusal is shown on the form.
            try:
                check_version(self.instance, cleaned.get("loaded_version"))
            except VersionConflict as conflict:
                raise ValidationError(conflict.detail, code="version_conflict") from None
        return cleaned


class VersionedAdmin(admin.ModelAdmin):
    """The admin of a versioned object; where its services are declared, every write goes through them.

    Declare them as the console's edit views do, `create_service = staticmethod(queue_create)`:
    `<entity>_create(**fields)` (with `organization` among the fields), `<entity>_update(
    <entity>=obj, version=..., **fields)` and `<entity>_delete(<entity>=obj)`. The fields are the
    form's concrete model fields; an admin whose form edits more (many-to-many) saves them itself.
    """

    form = VersionedAdminForm
    readonly_fields = VERSION_FIELDS
    list_select_related = ("organization",)
    list_per_page = 50
    create_service: Any = None
    update_service: Any = None
    delete_service: Any = None

    def save_model(self, request, obj, form, change) -> None:
        service = self.update_service if change else self.create_service
        if service is None:
            super().save_model(request, obj, form, change)
            return
        concrete = {field.name for field in self.model._meta.concrete_fields}
        fields = {name: value for name, value in form.cleaned_data.items() if name in concrete}
        if change:
            service(
                **{service_keyword(self.model): obj},
                version=form.cleaned_data.get("loaded_version"),
                **fields,
            )
        else:
            # The admin goes on with its own instance (the inlines, the log entry, the redirect):
            # make it the object the service saved.
            vars(obj).update(vars(service(**fields)))

    def delete_model(self, request, obj) -> None:
        if self.delete_service is None:
            super().delete_model(request, obj)
        else:
            self.delete_service(**{service_keyword(self.model): obj})

    def delete_queryset(self, request, queryset) -> None:
        if self.delete_service is None:
            super().delete_queryset(request, queryset)
        else:
            for obj in queryset:
                self.delete_model(request, obj)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(VersionedAdmin):
    list_display = ("name", "timezone", "member_count", "created_at")
    list_select_related = ()
    search_fields = ("name",)
    list_filter = ("timezone",)
    inlines = [MembershipInline]
    create_service = staticmethod(organization_create)
    update_service = staticmethod(organization_update)

    @admin.display(description=_("members"))
    def member_count(self, obj: Organization) -> int:
        return obj.member_total

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    def save_formset(self, request, form, formset, change) -> None:
        # Memberships added, changed or removed here are recorded like any change.
        for membership in formset.save(commit=False):
            membership_save(membership=membership)
        for membership in formset.deleted_objects:
            membership_delete(membership=membership)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "created_at")
    list_filter = ("role", "organization")
    list_select_related = ("user", "organization")
    search_fields = ("user__username", "user__email", "organization__name")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at",)

    def save_model(self, request, obj, form, change) -> None:
        membership_save(membership=obj)

    def delete_model(self, request, obj) -> None:
        membership_delete(membership=obj)

    def delete_queryset(self, request, queryset) -> None:
        for membership in queryset:
            membership_delete(membership=membership)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Operators can see and revoke tokens; creating one happens where its secret can be shown once."""

    list_filter = ("read_only", ("revoked_at", admin.EmptyFieldListFilter), "user__membership__organization")
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    list_display = readonly_fields = fields = (
        "name",
        "prefix",
        "user",
        "read_only",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            api_token_revoke(token=token)
