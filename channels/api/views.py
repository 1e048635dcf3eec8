from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from channels.calendar import calendar_range
from channels.filtersets import EntryPointFilterSet
from channels.models import EntryPoint
from channels.selectors import channel_calendar, with_schedules
from channels.services import BULK_ACTIONS, entry_point_delete, entry_points_bulk
from contactcenter.api.bulk import BulkRequestSerializer, BulkResponseSerializer, bulk_response_data
from contactcenter.api.serializers import StrictBooleanField
from contactcenter.api.viewsets import OrganizationModelViewSet

from .calendar import CalendarRangeSerializer, CalendarSerializer, calendar_data
from .serializers import EntryPointSerializer


class DeleteOptionsSerializer(serializers.Serializer):
    release_numbers = StrictBooleanField(
        required=False,
        default=False,
        help_text=_(
            "Release the channel's support numbers and delete it in one step (else 409 channel_has_numbers)."
        ),
    )

    def to_internal_value(self, data):
        # A query string carries text: exactly `true` or `false`, as the schema's boolean says.
        values = {key: data.get(key) for key in data}
        if values.get("release_numbers") in ("true", "false"):
            values["release_numbers"] = values["release_numbers"] == "true"
        return super().to_internal_value(values)


class EntryPointBulkSerializer(BulkRequestSerializer):
    action = serializers.ChoiceField(
        choices=BULK_ACTIONS,
        help_text=_(
            "`activate`, `deactivate` or `delete` each channel, with the guards of one channel: the system "
            "channel is never deactivated or deleted, an active channel is not deleted, a channel holding "
            "numbers is deleted only with `release_numbers`."
        ),
    )
    release_numbers = StrictBooleanField(
        required=False,
        default=False,
        help_text=_("With `delete`: release each channel's support numbers and delete it."),
    )


@extend_schema_view(
    destroy=extend_schema(
        parameters=[
            OpenApiParameter(
                "release_numbers",
                bool,
                OpenApiParameter.QUERY,
                description=_("Release the channel's support numbers and delete it in one transaction."),
            )
        ]
    ),
    partial_update=extend_schema(
        description=_(
            'Change some fields. `{"active": false}` deactivates the channel, `{"active": true}` '
            "activates it; other fields in the same request are changed first, all in one transaction."
        )
    ),
)
class EntryPointViewSet(OrganizationModelViewSet):
    """Channels (entry points): where a customer contact first arrives."""

    queryset = EntryPoint.objects.all()
    serializer_class = EntryPointSerializer
    filterset_class = EntryPointFilterSet
    prefetch_related = ("support_numbers",)
    destroy_query_serializer = DeleteOptionsSerializer
    search_fields = ["name", "description"]
    ordering_fields = ["name", "channel_type", "active", "created_at", "updated_at"]
    ordering = ["name"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "calendar":
            # The schedule with its lists and rows; the channel's numbers are not needed.
            queryset = with_schedules(queryset.prefetch_related(None))
        return queryset

    def known_query_parameters(self) -> set[str]:
        if self.action == "calendar":
            return set(CalendarRangeSerializer().fields)
        return super().known_query_parameters()

    @extend_schema(
        summary="Open and closed intervals of a channel, day by day",
        description=_(
            "The channel's business hours (through its flow) laid out over whole local days in the channel's "
            "time zone: every interval says whether the channel is open and which rule decided (an override, "
            "a holiday, a shift, or outside working hours). Clock changes (DST) in the range are listed; the "
            "intervals already follow the wall clock across them."
        ),
        parameters=[CalendarRangeSerializer],
        responses={200: CalendarSerializer},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def calendar(self, request, *args, **kwargs):
        entry_point = self.get_object()
        query = CalendarRangeSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, days = calendar_range(entry_point, query.validated_data)
        found = channel_calendar(entry_point, start=start, days=days)
        return Response(CalendarSerializer(calendar_data(entry_point, start, days, found)).data)

    @extend_schema(
        summary="Activate, deactivate or delete many channels",
        description=_(
            "Each channel is changed in its own transaction through the same rules as one request, and "
            "answered on its own: a refused channel changes nothing and does not stop the others. "
            "200 with one result per id, in the order sent."
        ),
        request=EntryPointBulkSerializer,
        responses={200: BulkResponseSerializer},
        filters=False,
    )
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def bulk(self, request, *args, **kwargs):
        query = EntryPointBulkSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        report = entry_points_bulk(
            organization=self.organization,
            action=data["action"],
            ids=data["ids"],
            release_numbers=data["release_numbers"],
            preview=data["preview"],
        )
        return Response(bulk_response_data(data["action"], data["preview"], report))

    def perform_delete(self, instance, *, version):
        options = self.destroy_query_serializer(data=self.request.query_params)
        options.is_valid(raise_exception=True)
        entry_point_delete(
            entry_point=instance, version=version, release_numbers=options.validated_data["release_numbers"]
        )
