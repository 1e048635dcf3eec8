from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from contactcenter.admin import VersionedAdmin

from .models import SupportNumber


class AssignmentFilter(admin.SimpleListFilter):
    title = _("assignment")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("yes", _("Assigned to a channel")), ("no", _("Free"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(entry_point__isnull=False)
        if self.value() == "no":
            return queryset.filter(entry_point__isnull=True)
        return queryset


@admin.register(SupportNumber)
class SupportNumberAdmin(VersionedAdmin):
    list_display = ("number", "international", "number_type", "organization", "entry_point", "description")
    list_filter = ("organization", AssignmentFilter)
    search_fields = ("number", "description", "entry_point__name", "organization__name")
    list_select_related = ("organization", "entry_point")

    @admin.display(description=_("written"))
    def international(self, obj: SupportNumber) -> str:
        return obj.info.international

    @admin.display(description=_("type"))
    def number_type(self, obj: SupportNumber) -> str:
        return obj.info.number_type

    def has_delete_permission(self, request, obj=None):
        # An assigned number is held by its channel; release it first.
        if obj is not None and obj.entry_point_id:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # The bulk delete action would not ask whether each number is assigned.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
