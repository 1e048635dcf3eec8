"""Django admin for operators: organizations and memberships, plus the helpers every app's admin uses."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .errors import VersionConflict
from .models import ApiToken, Membership, Organization
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
        loaded = cleaned.get("loaded_version")
        if not self.instance._state.adding and loaded is not None and loaded != self.instance.version:
            raise ValidationError(VersionConflict(self.instance).detail, code="version_conflict")
        return cleaned


class VersionedAdmin(admin.ModelAdmin):
    form = VersionedAdminForm
    readonly_fields = VERSION_FIELDS
    list_select_related = ("organization",)
    list_per_page = 50


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

    @admin.display(description=_("members"))
    def member_count(self, obj: Organization) -> int:
        return obj.member_total

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships"))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "created_at")
    list_filter = ("role", "organization")
    list_select_related = ("user", "organization")
    search_fields = ("user__username", "user__email", "organization__name")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at",)


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
