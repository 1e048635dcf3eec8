"""Customer Experience > Channels: the list, the create/detail form, activation and deletion."""

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from contactcenter.errors import DomainConflict, VersionConflict
from contactcenter.references import references
from contactcenter.validators import available_timezones
from contactcenter.views import (
    MemberMixin,
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
    htmx_redirect,
    version_from,
)

from .choices import ChannelType
from .forms import EntryPointDeleteForm, EntryPointForm
from .models import EntryPoint
from .services import (
    entry_point_activate,
    entry_point_create,
    entry_point_deactivate,
    entry_point_delete,
    entry_point_update,
)

STATUSES = {"active": True, "inactive": False}


def _filter_channel_type(queryset, value: str):
    # An unknown value (a hand-edited URL) filters nothing rather than failing.
    return queryset.filter(channel_type=value) if value in ChannelType.values else queryset


def _filter_status(queryset, value: str):
    return queryset.filter(active=STATUSES[value]) if value in STATUSES else queryset


class EntryPointListView(ObjectListView):
    model = EntryPoint
    template_name = "channels/entrypoint_list.html"
    search_fields = ("name", "description")
    sort_fields = {
        "name": "name",
        "type": "channel_type",
        "direction": "outbound_first",
        "status": "active",
        "flow": "flow__name",
        "timezone": "timezone",
        "numbers": "support_number_count",
        "updated": "updated_at",
    }
    filters = {"channel_type": _filter_channel_type, "status": _filter_status}

    def list_queryset(self):
        return (
            self.get_queryset()
            .with_list_data()
            .annotate(
                outbound_first=Case(
                    When(channel_type=ChannelType.OUTBOUND_TELEPHONY, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
        )

    def extra_context(self, page) -> dict:
        return {
            "nav": "channels",
            "channel_types": ChannelType.choices,
            "statuses": [("active", _("Active")), ("inactive", _("Inactive"))],
            # Every organization has its system channel, so "empty" means: none of its own yet.
            "has_own_channels": self.get_queryset().filter(is_system=False).exists(),
        }


class EntryPointEditView(ObjectEditView):
    model = EntryPoint
    form_class = EntryPointForm
    template_name = "channels/entrypoint_form.html"
    list_url_name = "channels:entrypoint-list"
    partial_targets = ("type-fields",)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("flow", "flow__business_hours", "flow__queue", "music_on_hold", "outdial_queue")
        )

    def save(self, form, obj) -> EntryPoint:
        if obj._state.adding:
            return entry_point_create(organization=self.organization, **form.service_fields())
        return entry_point_update(entry_point=obj, version=version_from(form), **form.service_fields())

    def page_context(self, obj, form) -> dict:
        context = {
            "nav": "channels",
            "timezones": sorted(available_timezones()),
        }
        if not obj._state.adding:
            found = references(obj)
            context.update(
                {
                    "references": found,
                    # The numbers have their own panel; anything else that refers to the channel
                    # is listed as "Used by".
                    "other_references": [ref for ref in found if ref.type != "supportnumber"],
                    "numbers": list(obj.support_numbers.order_by("number")),
                    "delete_form": EntryPointDeleteForm(initial={"version": obj.version}),
                }
            )
        return context


class EntryPointSetActiveView(MemberMixin, View):
    """POST-only activation or deactivation; the version the page showed guards the change."""

    model = EntryPoint
    active: bool

    def get(self, request, *args, **kwargs):
        return redirect(self.get_object().get_absolute_url())

    def post(self, request, *args, **kwargs) -> HttpResponse:
        entry_point = self.get_object()
        form = EntryPointDeleteForm(request.POST)
        service = entry_point_activate if self.active else entry_point_deactivate
        try:
            if not form.is_valid():
                raise VersionConflict(entry_point)
            service(entry_point=entry_point, version=version_from(form))
        except DomainConflict as error:
            messages.error(request, error.detail)
        else:
            message = (
                _("Channel “%(name)s” is now active.")
                if self.active
                else _("Channel “%(name)s” is now inactive: it no longer accepts contacts.")
            )
            messages.success(request, message % {"name": entry_point.name})
        return htmx_redirect(request, entry_point.get_absolute_url())


class EntryPointActivateView(EntryPointSetActiveView):
    active = True


class EntryPointDeactivateView(EntryPointSetActiveView):
    active = False


class EntryPointDeleteView(ObjectDeleteView):
    model = EntryPoint
    list_url_name = "channels:entrypoint-list"

    def delete(self, obj, request) -> None:
        form = EntryPointDeleteForm(request.POST)
        if not form.is_valid():
            raise VersionConflict(obj)
        entry_point_delete(
            entry_point=obj,
            release_numbers=form.cleaned_data["release_numbers"],
            version=version_from(form),
        )
