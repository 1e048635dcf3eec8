from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from contactcenter.admin import VERSION_FIELDS, VersionedAdmin
from support_numbers.models import SupportNumber

from .models import EntryPoint
from .services import entry_point_delete


class SupportNumberInline(admin.TabularInline):
    """The numbers a channel holds, for reference; they are assigned from the support number admin."""

    model = SupportNumber
    fields = ("number", "description")
    readonly_fields = ("number", "description")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EntryPoint)
class EntryPointAdmin(VersionedAdmin):
    list_display = (
        "name",
        "organization",
        "channel_type",
        "social_channel_type",
        "flow",
        "active",
        "is_system",
        "number_count",
    )
    list_filter = ("organization", "channel_type", "social_channel_type", "active", "is_system")
    search_fields = ("name", "description", "organization__name", "support_numbers__number")
    list_select_related = ("organization", "flow")
    inlines = [SupportNumberInline]

    @admin.display(description=_("numbers"))
    def number_count(self, obj: EntryPoint) -> int:
        return obj.number_total

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_total=Count("support_numbers", distinct=True))

    def get_changeform_initial_data(self, request):
        return {"timezone": "Europe/Copenhagen", **super().get_changeform_initial_data(request)}

    def get_readonly_fields(self, request, obj=None):
        fields = [*VERSION_FIELDS, "is_system"]
        if obj is not None:
            # The channel type is fixed at creation.
            fields.append("channel_type")
            if obj.is_system:
                # The system channel keeps its name and stays active; its description remains editable.
                fields += ["name", "active"]
        return fields

    def has_delete_permission(self, request, obj=None):
        # The admin deletes like the console: never the system channel, never an active channel.
        if obj is not None and (obj.is_system or obj.active):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj: EntryPoint) -> None:
        # The race-safe path: a channel re-activated meanwhile is kept.
        entry_point_delete(entry_point=obj)

    def get_actions(self, request):
        # The bulk delete action would not check which of the chosen channels are active or system-made.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
