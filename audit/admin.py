from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail, read-only: an entry is written by the change it records, never edited."""

    list_display = (
        "at",
        "organization",
        "actor_name",
        "via",
        "action",
        "object_type",
        "object_name",
        "version",
    )
    list_filter = ("organization", "via", "action", "object_type")
    search_fields = ("object_name", "actor_name", "token_name", "object_id")
    list_select_related = ("organization",)
    date_hierarchy = "at"
    exclude = ("revision",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
