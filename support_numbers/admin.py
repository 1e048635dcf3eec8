from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from contactcenter.admin import VersionedAdmin
from contactcenter.errors import Referenced
from contactcenter.services import refuse_if_referenced

from .models import SupportNumber
from .services import (
    support_number_assign,
    support_number_create,
    support_number_delete,
    support_number_release,
    support_number_update,
)


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
    create_service = staticmethod(support_number_create)
    update_service = staticmethod(support_number_update)
    delete_service = staticmethod(support_number_delete)

    @admin.display(description=_("written"))
    def international(self, obj: SupportNumber) -> str:
        return obj.info.international

    @admin.display(description=_("type"))
    def number_type(self, obj: SupportNumber) -> str:
        return obj.info.number_type

    def save_model(self, request, obj, form, change) -> None:
        # The channel through assign and release, as the API does: recorded on the number and the channel.
        channel = form.cleaned_data.pop("entry_point", None)
        super().save_model(request, obj, form, change)
        saved = type(obj).objects.get(pk=obj.pk)
        if channel is None and saved.entry_point_id is not None:
            saved = support_number_release(support_number=saved)
        elif channel is not None and channel.pk != saved.entry_point_id:
            if saved.entry_point_id is not None:
                saved = support_number_release(support_number=saved)
            saved = support_number_assign(support_number=saved, entry_point=channel)
        vars(obj).update(vars(saved))

    def has_delete_permission(self, request, obj=None):
        # The delete service's own check: an assigned number is held by its channel.
        if obj is not None:
            try:
                refuse_if_referenced(obj)
            except Referenced:
                return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Numbers are deleted one at a time, from their own page, where an assigned one is refused.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
