"""What the console's pickers offer of this app: flows, business hours, holiday and override lists."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactcenter.pickers import Option, Picker, register

from .choices import FlowKind
from .models import BusinessHours, Flow, HolidayList, OverrideList


@register
class FlowPicker(Picker):
    """Flows, recommended (with business hours) marked; `kind=flow` leaves out the legacy strategies."""

    key = "flows"
    model = Flow
    params = ("kind",)
    fields = ("name", "kind", "business_hours")
    noun_plural = gettext_lazy("flows")
    # Recommended first (with business hours), then the others, each by name.
    groups = (Q(business_hours__isnull=False), Q(business_hours__isnull=True))

    def candidates(self, organization, params):
        queryset = self.base(organization)
        if params.get("kind") in FlowKind.values:
            queryset = queryset.filter(kind=params["kind"])
        return queryset

    def option(self, flow: Flow) -> Option:
        if flow.is_routing_strategy:
            return Option(str(flow.pk), _("%(name)s (routing strategy)") % {"name": flow.name})
        if flow.recommended:
            return Option(str(flow.pk), _("%(name)s (recommended)") % {"name": flow.name})
        return Option(str(flow.pk), flow.name)


@register
class BusinessHoursPicker(Picker):
    key = "business-hours"
    model = BusinessHours
    fields = ("name",)
    noun_plural = gettext_lazy("schedules")
    empty_label = gettext_lazy("None (always open)")


@register
class HolidayListPicker(Picker):
    key = "holiday-lists"
    model = HolidayList
    fields = ("name",)
    noun_plural = gettext_lazy("holiday lists")
    empty_label = gettext_lazy("No holiday list")


@register
class OverrideListPicker(Picker):
    key = "override-lists"
    model = OverrideList
    fields = ("name",)
    noun_plural = gettext_lazy("override lists")
    empty_label = gettext_lazy("No override list")
