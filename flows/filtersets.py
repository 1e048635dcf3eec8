import django_filters
from django.utils.translation import gettext_lazy as _

from contactcenter.filtersets import BooleanChoiceFilter, StrictBooleanFilter, UsageFilter

from .choices import FlowKind
from .models import BusinessHours, Flow, HolidayList, OverrideList


class FlowFilterSet(django_filters.FilterSet):
    """The flows' filters, as `/api/v1/flows/` takes them."""

    kind = django_filters.ChoiceFilter(choices=FlowKind.choices, empty_label=_("All kinds"), label=_("Kind"))
    business_hours = django_filters.UUIDFilter()
    queue = django_filters.UUIDFilter()
    recommended = StrictBooleanFilter(field_name="business_hours", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Flow
        fields: list[str] = []  # every filter is declared above


class FlowConsoleFilterSet(FlowFilterSet):
    """The Flows page: the kind, "recommended" asked as with or without business hours, and the usage."""

    business_hours = FlowFilterSet.declared_filters["recommended"].in_words(
        [("yes", _("With business hours (recommended)"), True), ("no", _("Without business hours"), False)],
        label=_("Business hours"),
        empty_label=_("With or without business hours"),
    )
    usage = UsageFilter(used=_("Used by a channel"))
    # Not offered on the page.
    queue = recommended = None


class BusinessHoursFilterSet(django_filters.FilterSet):
    """The business hours' filters, as `/api/v1/business-hours/` takes them."""

    holiday_list = django_filters.UUIDFilter()
    override_list = django_filters.UUIDFilter()

    class Meta:
        model = BusinessHours
        fields: list[str] = []  # every filter is declared above


class BusinessHoursConsoleFilterSet(BusinessHoursFilterSet):
    """The Business hours page: with or without each list (rather than which one), and the usage."""

    holiday_list = BooleanChoiceFilter(
        field_name="holiday_list",
        lookup_expr="isnull",
        exclude=True,
        words=[("yes", _("With a holiday list"), True), ("no", _("Without a holiday list"), False)],
        label=_("Holiday list"),
        empty_label=_("With or without holidays"),
    )
    override_list = BooleanChoiceFilter(
        field_name="override_list",
        lookup_expr="isnull",
        exclude=True,
        words=[("yes", _("With an override list"), True), ("no", _("Without an override list"), False)],
        label=_("Override list"),
        empty_label=_("With or without overrides"),
    )
    usage = UsageFilter(used=_("Used by a flow"))


class HolidayListFilterSet(django_filters.FilterSet):
    """The holiday lists' filters, as `/api/v1/holiday-lists/` takes them: none beyond search and ordering."""

    class Meta:
        model = HolidayList
        fields: list[str] = []


class HolidayListConsoleFilterSet(HolidayListFilterSet):
    """The Holiday lists page: whether business hours use the list."""

    usage = UsageFilter(used=_("Used by business hours"))


class OverrideListFilterSet(django_filters.FilterSet):
    """The override lists' filters, as `/api/v1/override-lists/` takes them: none beyond search and ordering."""

    class Meta:
        model = OverrideList
        fields: list[str] = []


class OverrideListConsoleFilterSet(OverrideListFilterSet):
    """The Override lists page: whether business hours use the list."""

    usage = UsageFilter(used=_("Used by business hours"))
