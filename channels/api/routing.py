"""`POST /api/v1/routing/resolve/`: Test routing for scripts, the answer the console's page shows.

A POST because the question has a body (a number in any written form, a local time, which pass of
a repeated hour), but it changes nothing: viewers and read-only tokens may ask it too.
"""

import datetime
import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from channels.api.calendar import IsoFormatField, LocalDateTimeField, RuleDecisionSerializer
from channels.choices import ChannelType, Direction, SocialChannelType
from channels.routing import RoutingOutcome, RoutingWarningCode, routing_resolve
from contactcenter.api.permissions import OrganizationMemberPermission, membership_of
from contactcenter.api.schema import ApiAutoSchema
from contactcenter.api.serializers import StrictCharField, StrictIntegerField
from flows.choices import FlowKind

LOCAL_TIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?$"
_LOCAL_TIME = re.compile(LOCAL_TIME_PATTERN.removeprefix("^").removesuffix("$"))


@extend_schema_field({"type": "string", "pattern": LOCAL_TIME_PATTERN, "example": "2026-12-24T10:00"})
class LocalTimeField(StrictCharField):
    """A wall-clock date and time without an offset, YYYY-MM-DDTHH:MM (seconds allowed); a naive datetime."""

    default_error_messages = {
        "format": _("Enter a local date and time as YYYY-MM-DDTHH:MM, without a UTC offset."),
        "date": _("%(value)s is not a real date and time."),
    }

    def to_internal_value(self, data) -> datetime.datetime:
        text = super().to_internal_value(data)
        if not _LOCAL_TIME.fullmatch(text):
            self.fail("format")
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            raise exceptions.ValidationError(self.error_messages["date"] % {"value": text}) from None


class RoutingResolveSerializer(serializers.Serializer):
    number = StrictCharField(
        required=False,
        max_length=40,
        help_text=_(
            "A support number in any common international form (+45 33 12 34 56, +4533123456, 0045 33 12 34 56). "
            "Give either `number` or `entry_point`."
        ),
    )
    entry_point = serializers.UUIDField(
        required=False, help_text=_("A channel's id. Give either `number` or `entry_point`.")
    )
    local_time = LocalTimeField(
        required=False,
        help_text=_(
            "The local date and time in the channel's time zone (wall clock, no offset), between "
            "1970-01-01T00:00 and 2199-12-31T23:59; default: now."
        ),
    )
    fold = StrictIntegerField(
        required=False,
        default=0,
        min_value=0,
        max_value=1,
        help_text=_(
            "Which pass of a time that happens twice (the hour the clocks go back): 0 the first, 1 the "
            "second. Ignored for other times."
        ),
    )


# --- The answer: a RoutingResult, rendered field by field -------------------------------------------


class RoutingNumberSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField(help_text=_("E.164, as stored."))
    international = serializers.CharField(
        source="info.international", help_text=_("Written for people: +45 33 12 34 56.")
    )
    description = serializers.CharField(allow_blank=True)


class RoutingEntryPointSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    channel_type = serializers.ChoiceField(choices=ChannelType.choices)
    social_channel_type = serializers.ChoiceField(choices=SocialChannelType.choices, allow_blank=True)
    direction = serializers.ChoiceField(choices=Direction.choices)
    active = serializers.BooleanField()
    is_system = serializers.BooleanField()


class RoutingNamedSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class RoutingQueueSerializer(RoutingNamedSerializer):
    active = serializers.BooleanField()


class RoutingFlowSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=FlowKind.choices)
    business_hours = RoutingNamedSerializer(
        allow_null=True, help_text=_("The schedule of the flow's Business Hours activity; null: always open.")
    )
    queue = RoutingQueueSerializer(allow_null=True, help_text=_("Where the flow routes contacts while open."))


class RoutingStatusSerializer(RuleDecisionSerializer):
    at = LocalDateTimeField(help_text=_("The moment asked about, local, with its UTC offset."))
    next_change = LocalDateTimeField(
        allow_null=True,
        help_text=_("When the deciding rule next changes (local); null: not within 400 days."),
    )
    until = LocalDateTimeField(
        allow_null=True,
        help_text=_("When it next opens (if closed) or closes (if open), local; null: not within 400 days."),
    )
    label = serializers.CharField(
        help_text=_("“Open · until 17:00 (Weekdays)”, “Closed · Christmas · opens …”.")
    )


class RoutingWarningSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=RoutingWarningCode.choices)
    message = serializers.CharField()


class RoutingResultSerializer(serializers.Serializer):
    """Where the contact goes, and why."""

    number = RoutingNumberSerializer(
        allow_null=True, help_text=_("The support number asked about; null: asked by channel.")
    )
    entry_point = RoutingEntryPointSerializer(
        allow_null=True, help_text=_("The channel that takes the contact; null: the number is not assigned.")
    )
    timezone = serializers.CharField(
        help_text=_("The channel's IANA time zone (the organization's when no channel takes the number).")
    )
    requested_local_time = IsoFormatField(
        source="requested",
        allow_null=True,
        help_text=_("The local time asked about, as sent (seconds added); null: now."),
    )
    local_time = LocalDateTimeField(
        source="at",
        help_text=_(
            "The moment answered for, local with its UTC offset. In a skipped hour (clocks going forward), the "
            "moment the clocks jump."
        ),
    )
    utc_offset = serializers.CharField(help_text=_("The UTC offset then, for example +01:00."))
    ambiguous = serializers.BooleanField(help_text=_("The local time happens twice (the clocks go back)."))
    nonexistent = serializers.BooleanField(
        help_text=_("The local time does not exist (the clocks go forward).")
    )
    fold = serializers.IntegerField(
        min_value=0, max_value=1, help_text=_("Which pass `local_time` is: 0 or 1.")
    )
    other_occurrence = LocalDateTimeField(
        allow_null=True, help_text=_("When ambiguous: the other pass, with its offset.")
    )
    flow = RoutingFlowSerializer(
        allow_null=True, help_text=_("The channel's flow; null: no channel or no flow.")
    )
    is_open = serializers.BooleanField(
        allow_null=True,
        help_text=_(
            "Open by the business hours; true when the flow has none; null without a channel or flow. An "
            "inactive channel accepts no contacts whatever this says: `outcome` is then `channel_inactive`."
        ),
    )
    status = RoutingStatusSerializer(
        allow_null=True, help_text=_("The business hours' answer; null when the flow has no business hours.")
    )
    outcome = serializers.ChoiceField(
        choices=RoutingOutcome.choices, help_text=_("What happens to the contact.")
    )
    summary = serializers.CharField(help_text=_("The outcome in one sentence."))
    queue = RoutingQueueSerializer(
        allow_null=True, help_text=_("The queue the contact goes to now; null unless `outcome` is `queue`.")
    )
    warnings = RoutingWarningSerializer(many=True)


class MembersMayResolve(OrganizationMemberPermission):
    """Any member of an organization, with any token (read-only ones too): resolving changes nothing."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False  # NotAuthenticated: 401
        if membership_of(request.user) is None:
            self.message = _("Your account is not a member of an organization.")
            return False
        return True


class RoutingSchema(ApiAutoSchema):
    def error_codes(self) -> set[int]:
        # Unknown numbers and channels are field errors (400), not 404; nothing is changed, so no 409.
        return {400, 401, 403, 415, 429}


class RoutingResolveView(APIView):
    permission_classes = [MembersMayResolve]
    schema = RoutingSchema()

    @extend_schema(
        operation_id="routing_resolve",
        summary="Test routing: where a contact goes at a local moment, and why",
        description=_(
            "Give a support number (any common written form) or a channel, and a local date and time in the "
            "channel's time zone (default: now). The answer names the channel, its time zone and the local time "
            "with its UTC offset, the flow, whether the business hours are open and which rule decided (an "
            "override, a holiday, a shift, or outside working hours), when that changes, the queue the contact "
            "goes to, and warnings: channel inactive, number not assigned, no flow, flow without business hours, "
            "no queue, a clock change within 24 hours, a time that happens twice or not at all.\n\n"
            "A local time that happens twice (the hour the clocks go back) is answered for the pass `fold` "
            "chooses, and `ambiguous` is true; one that does not exist (the clocks go forward) is answered for "
            "the moment the clocks jump, and `nonexistent` is true.\n\n"
            "This changes nothing: viewers and read-only tokens may call it. An unknown number or channel, or "
            "another organization's, is a 400 on `number` or `entry_point`; giving both or neither is a 400 on "
            "`non_field_errors`."
        ),
        request=RoutingResolveSerializer,
        responses={200: RoutingResultSerializer},
        examples=[
            OpenApiExample(
                "A number on Christmas Eve",
                value={"number": "+45 33 12 34 56", "local_time": "2026-12-24T10:00"},
                request_only=True,
            ),
            OpenApiExample(
                "A channel in the repeated autumn hour, second pass",
                value={
                    "entry_point": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "local_time": "2026-10-25T02:30",
                    "fold": 1,
                },
                request_only=True,
            ),
        ],
    )
    def post(self, request, *args, **kwargs) -> Response:
        if request.query_params:
            raise exceptions.ValidationError(
                {name: [_("Unknown query parameter.")] for name in request.query_params}
            )
        query = RoutingResolveSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        result = routing_resolve(
            organization=request.user.membership.organization,
            number=data.get("number"),
            entry_point=data.get("entry_point"),
            local=data.get("local_time"),
            fold=data.get("fold", 0),
        )
        return Response(RoutingResultSerializer(result).data)
