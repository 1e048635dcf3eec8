from contactcenter.api.viewsets import OrganizationModelViewSet
from flows.filtersets import (
    BusinessHoursFilterSet,
    FlowFilterSet,
    HolidayListFilterSet,
    OverrideListFilterSet,
)
from flows.models import BusinessHours, Flow, HolidayList, OverrideList
from flows.services import business_hours_delete, flow_delete, holiday_list_delete, override_list_delete

from .serializers import (
    BusinessHoursSerializer,
    FlowSerializer,
    HolidayListSerializer,
    OverrideListSerializer,
)

ORDERING = ["name", "created_at", "updated_at"]


class FlowViewSet(OrganizationModelViewSet):
    """Routing flows (and legacy routing strategies) that channels use."""

    queryset = Flow.objects.all()
    serializer_class = FlowSerializer
    filterset_class = FlowFilterSet
    search_fields = ["name", "description"]
    ordering_fields = [*ORDERING, "kind"]
    ordering = ["name"]

    def perform_delete(self, instance, *, version):
        flow_delete(flow=instance, version=version)


class BusinessHoursViewSet(OrganizationModelViewSet):
    """Business hours: weekly shifts, optionally with a holiday list and an override list."""

    queryset = BusinessHours.objects.all()
    serializer_class = BusinessHoursSerializer
    filterset_class = BusinessHoursFilterSet
    prefetch_related = ("shifts",)
    search_fields = ["name", "description"]
    ordering_fields = ORDERING
    ordering = ["name"]

    def perform_delete(self, instance, *, version):
        business_hours_delete(business_hours=instance, version=version)


class HolidayListViewSet(OrganizationModelViewSet):
    """Holiday lists: days the contact center is closed, reusable by several schedules."""

    queryset = HolidayList.objects.all()
    serializer_class = HolidayListSerializer
    filterset_class = HolidayListFilterSet
    prefetch_related = ("holidays",)
    search_fields = ["name", "description"]
    ordering_fields = ORDERING
    ordering = ["name"]

    def perform_delete(self, instance, *, version):
        holiday_list_delete(holiday_list=instance, version=version)


class OverrideListViewSet(OrganizationModelViewSet):
    """Override lists: emergency closures and extra openings, in local time."""

    queryset = OverrideList.objects.all()
    serializer_class = OverrideListSerializer
    filterset_class = OverrideListFilterSet
    prefetch_related = ("overrides",)
    search_fields = ["name", "description"]
    ordering_fields = ORDERING
    ordering = ["name"]

    def perform_delete(self, instance, *, version):
        override_list_delete(override_list=instance, version=version)
