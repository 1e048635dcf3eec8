from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from contactcenter.admin import VERSION_FIELDS, VersionedAdmin
from contactcenter.errors import DomainConflict
from support_numbers.models import SupportNumber

from .models import EntryPoint
from .services import (
    EDITABLE_FIELDS,
    entry_point_check_delete,
    entry_point_create,
    entry_point_delete,
    entry_point_fixed_fields,
    entry_point_set_active,
    entry_point_update,
)


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
            # What the services refuse to change is shown, not offered; the services never move a
            # channel to another organization.
            fields += ["organization", *entry_point_fixed_fields(entry_point=obj)]
        return fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None:
            try:
                entry_point_check_delete(entry_point=obj)
            except DomainConflict:
                return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj: EntryPoint, form, change: bool) -> None:
        # Through the services, like the console and the API; the form has only checked the model's rules.
        fields = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS if name in form.cleaned_data}
        if change:
            stored = EntryPoint.objects.get(pk=obj.pk)
            saved = entry_point_update(entry_point=stored, version=obj.version, **fields)
        else:
            saved = entry_point_create(organization=obj.organization, **fields)
        if "active" in form.cleaned_data:
            saved = entry_point_set_active(entry_point=saved, active=form.cleaned_data["active"])
        # The admin goes on (history, redirect) with the object it passed in.
        for field in EntryPoint._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding, obj._state.db = False, saved._state.db

    def delete_model(self, request, obj: EntryPoint) -> None:
        # The race-safe path: a channel re-activated meanwhile is kept.
        entry_point_delete(entry_point=obj)

    def get_actions(self, request):
        # The bulk delete action would not check which of the chosen channels are active or system-made.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
