from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactcenter.choices import choices_check
from contactcenter.fields import NameField, TimeZoneField
from contactcenter.models import OrganizationOwned, sort_indexes, unique_name_per_organization
from contactcenter.selectors import related_count
from contactcenter.validators import PerTypeSecondsValidator, validate_name
from flows.choices import FlowKind
from queues.choices import QueueType

from .choices import CHANNEL_KIND, SYSTEM_CHANNEL_NAME, ChannelType, Direction, SocialChannelType

OUTBOUND = ChannelType.OUTBOUND_TELEPHONY

# The fields whose presence follows the channel type (and, for outbound, the flow's kind); see
# EntryPoint.applicable_fields().
TYPE_DEPENDENT_FIELDS = (
    "social_channel_type",
    "timezone",
    "service_level_threshold",
    "flow",
    "music_on_hold",
    "outdial_queue",
    "support_numbers",
)
# The value of each field that must be empty where it does not apply.
EMPTY_WHEN_NOT_APPLICABLE = {"social_channel_type": "", "music_on_hold": None, "outdial_queue": None}

SERVICE_LEVEL_SECONDS = PerTypeSecondsValidator(
    ChannelType, kinds=CHANNEL_KIND, subject=gettext_lazy("%(type)s channels")
)


class EntryPointQuerySet(models.QuerySet):
    def for_organization(self, organization):
        return self.filter(organization=organization)

    def with_list_data(self):
        """Everything the channel list shows, in a constant number of queries."""
        return self.select_related("flow", "flow__business_hours").annotate(
            support_number_count=related_count(EntryPoint, "support_numbers")
        )


class EntryPoint(OrganizationOwned):
    name = NameField(gettext_lazy("name"))
    description = models.CharField(gettext_lazy("description"), max_length=255, blank=True)
    channel_type = models.CharField(gettext_lazy("channel type"), max_length=20, choices=ChannelType.choices)
    social_channel_type = models.CharField(
        gettext_lazy("social channel type"), max_length=20, choices=SocialChannelType.choices, blank=True
    )
    timezone = TimeZoneField(
        gettext_lazy("time zone"),
        help_text=gettext_lazy("The time zone the business hours of this channel use."),
    )
    service_level_threshold = models.PositiveIntegerField(
        gettext_lazy("service level threshold (seconds)"),
        help_text=gettext_lazy(
            "How long a contact may wait in queue before it counts as outside the service level."
        ),
    )
    flow = models.ForeignKey(
        "flows.Flow",
        verbose_name=gettext_lazy("routing flow"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="entry_points",
    )
    music_on_hold = models.ForeignKey(
        "audio.AudioFile",
        verbose_name=gettext_lazy("music on hold"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="entry_points",
    )
    outdial_queue = models.ForeignKey(
        "queues.Queue",
        verbose_name=gettext_lazy("outdial queue"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="outdial_entry_points",
    )
    active = models.BooleanField(gettext_lazy("active"), default=True)
    is_system = models.BooleanField(gettext_lazy("system channel"), default=False, editable=False)

    objects = EntryPointQuerySet.as_manager()
    range_checked_in_clean = ("service_level_threshold",)

    class Meta:
        ordering = ["name"]
        verbose_name = gettext_lazy("channel")
        verbose_name_plural = gettext_lazy("channels")
        indexes = sort_indexes("entrypoint", "name", "channel_type", "active", "timezone", "updated_at")
        constraints = [
            unique_name_per_organization("entrypoint"),
            models.CheckConstraint(
                condition=choices_check("channel_type", ChannelType), name="entrypoint_channel_type_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(channel_type=ChannelType.SOCIAL)
                    & choices_check("social_channel_type", SocialChannelType)
                )
                | (~Q(channel_type=ChannelType.SOCIAL) & Q(social_channel_type="")),
                name="entrypoint_social_type_only_for_social",
            ),
            models.CheckConstraint(
                condition=Q(channel_type=OUTBOUND)
                | Q(music_on_hold__isnull=True, outdial_queue__isnull=True),
                name="entrypoint_outbound_fields_only_outbound",
            ),
            models.CheckConstraint(
                condition=SERVICE_LEVEL_SECONDS.within_maximum("service_level_threshold")
                & Q(service_level_threshold__gte=1),
                name="entrypoint_service_level_in_range",
            ),
            models.CheckConstraint(
                condition=Q(is_system=True) | Q(flow__isnull=False), name="entrypoint_flow_required"
            ),
            models.CheckConstraint(
                condition=Q(is_system=False)
                | Q(channel_type=OUTBOUND, active=True, name=SYSTEM_CHANNEL_NAME),
                name="entrypoint_system_channel_outbound_active",
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(is_system=True),
                name="entrypoint_one_system_channel_per_org",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("channels:entrypoint-detail", kwargs={"pk": self.pk})

    @property
    def direction(self) -> str:
        return Direction.OUTBOUND if self.channel_type == OUTBOUND else Direction.INBOUND

    def get_direction_display(self) -> str:
        return Direction(self.direction).label

    @property
    def is_outbound(self) -> bool:
        return self.channel_type == OUTBOUND

    @property
    def may_hold_numbers(self) -> bool:
        # Whether numbers apply does not depend on the flow, so the flow is not loaded for it.
        return "support_numbers" in self.applicable_fields(self.channel_type, is_system=self.is_system)

    @property
    def routed_by_strategy(self) -> bool:
        return self.flow is not None and self.flow.kind == FlowKind.ROUTING_STRATEGY

    @property
    def type_label(self) -> str:
        label = self.get_channel_type_display()
        if self.social_channel_type:
            label = f"{label} · {self.get_social_channel_type_display()}"
        return label

    def clean_fields(self, exclude=None):
        # The system channel's name is made by the system and is exempt from the name rule.
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not self.is_system and "name" not in (exclude or ()) and "name" not in errors:
            try:
                validate_name(self.name)
            except ValidationError as error:
                errors["name"] = error.messages
        if errors:
            raise ValidationError(errors)

    @classmethod
    def applicable_fields(
        cls, channel_type: str | None, *, routed_by_strategy: bool = False, is_system: bool = False
    ) -> frozenset[str]:
        """Which of TYPE_DEPENDENT_FIELDS apply to a channel of this type (none to an unknown type).

        The form shows these; clean() refuses a value on the others (EMPTY_WHEN_NOT_APPLICABLE).
        """
        if channel_type not in ChannelType.values:
            return frozenset()
        fields = {"timezone", "service_level_threshold", "flow"}
        if channel_type == ChannelType.SOCIAL:
            fields.add("social_channel_type")
        if channel_type == OUTBOUND and not routed_by_strategy:
            fields |= {"music_on_hold", "outdial_queue"}
        if channel_type == ChannelType.INBOUND_TELEPHONY or is_system:
            fields.add("support_numbers")
        return frozenset(fields)

    def _not_applicable_message(self, name: str) -> str:
        if name == "social_channel_type":
            return _("A social channel type can only be set on social channels.")
        if self.is_outbound:
            # On an outbound channel only a routing strategy takes music and the outdial queue away.
            return _("A routing strategy doesn't allow customizing music or the outdial queue; use a flow")
        if name == "music_on_hold":
            return _("Music on hold can only be set on outbound telephony channels.")
        return _("An outdial queue can only be set on outbound telephony channels.")

    def clean(self):
        super().clean()
        errors = self.check_same_organization(
            flow=self.flow, music_on_hold=self.music_on_hold, outdial_queue=self.outdial_queue
        )
        applicable = self.applicable_fields(
            self.channel_type, routed_by_strategy=self.routed_by_strategy, is_system=self.is_system
        )
        for name in EMPTY_WHEN_NOT_APPLICABLE:
            if name not in applicable and getattr(self, self._meta.get_field(name).attname):
                errors[name] = self._not_applicable_message(name)
        if "social_channel_type" in applicable and not self.social_channel_type:
            errors["social_channel_type"] = _(
                "Choose the social channel type: Facebook Messenger, SMS or WhatsApp."
            )

        if self.service_level_threshold is not None:
            try:
                SERVICE_LEVEL_SECONDS(self.service_level_threshold, self.channel_type)
            except ValidationError as error:
                errors["service_level_threshold"] = error

        if self.flow_id is None:
            if not self.is_system:
                errors.setdefault("flow", _("Choose the routing flow of this channel."))
        elif "flow" not in errors and not self.is_outbound and self.flow.kind != FlowKind.FLOW:
            errors["flow"] = _(
                "Inbound channels can only use flows; “%(flow)s” is a legacy routing strategy."
            ) % {"flow": self.flow.name}

        if "outdial_queue" in applicable and self.flow_id:
            if self.outdial_queue_id is None:
                errors.setdefault("outdial_queue", _("Choose the outdial queue for calls of this channel."))
            elif "outdial_queue" not in errors and not (
                self.outdial_queue.queue_type == QueueType.OUTBOUND
                and self.outdial_queue.channel_type == "telephony"
            ):
                errors["outdial_queue"] = _("“%(queue)s” is not an outbound telephony queue.") % {
                    "queue": self.outdial_queue.name
                }
        if errors:
            raise ValidationError(errors)

    @classmethod
    def system_channel_defaults(cls, organization) -> dict:
        return {
            "name": SYSTEM_CHANNEL_NAME,
            "description": str(_("Created by the system: transfers outbound calls to a queue.")),
            "channel_type": OUTBOUND,
            "timezone": organization.timezone,
            "service_level_threshold": 30,
            "is_system": True,
            "active": True,
        }
