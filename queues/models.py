from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactcenter.choices import ChannelKind, choices_check
from contactcenter.fields import NameField
from contactcenter.models import OrganizationOwned, sort_indexes, unique_name_per_organization
from contactcenter.validators import PerTypeSecondsValidator, validate_name

from .choices import QueueType, RoutingType

QUEUE_SECONDS = PerTypeSecondsValidator(ChannelKind, hint_subject=gettext_lazy("%(type)s queues"))


class Queue(OrganizationOwned):
    name = NameField(gettext_lazy("name"), validators=[validate_name])
    description = models.CharField(gettext_lazy("description"), max_length=255, blank=True)
    queue_type = models.CharField(
        gettext_lazy("queue type"), max_length=10, choices=QueueType.choices, default=QueueType.INBOUND
    )
    channel_type = models.CharField(
        gettext_lazy("channel type"),
        max_length=10,
        choices=ChannelKind.choices,
        default=ChannelKind.TELEPHONY,
    )
    service_level_threshold = models.PositiveIntegerField(gettext_lazy("service level threshold (seconds)"))
    max_time_in_queue = models.PositiveIntegerField(gettext_lazy("maximum time in queue (seconds)"))
    routing_type = models.CharField(
        gettext_lazy("routing type"),
        max_length=30,
        choices=RoutingType.choices,
        default=RoutingType.LONGEST_AVAILABLE_AGENT,
    )
    music_in_queue = models.ForeignKey(
        "audio.AudioFile",
        verbose_name=gettext_lazy("music in queue"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="queues",
    )
    active = models.BooleanField(gettext_lazy("active"), default=True)

    range_checked_in_clean = ("service_level_threshold", "max_time_in_queue")

    class Meta:
        ordering = ["name"]
        verbose_name = gettext_lazy("queue")
        verbose_name_plural = gettext_lazy("queues")
        indexes = sort_indexes("queue", "name", "queue_type", "channel_type", "routing_type", "updated_at")
        constraints = [
            unique_name_per_organization("queue"),
            models.CheckConstraint(condition=choices_check("queue_type", QueueType), name="queue_type_valid"),
            models.CheckConstraint(
                condition=choices_check("channel_type", ChannelKind), name="queue_channel_type_valid"
            ),
            models.CheckConstraint(
                condition=choices_check("routing_type", RoutingType), name="queue_routing_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(queue_type=QueueType.INBOUND) | Q(channel_type=ChannelKind.TELEPHONY),
                name="queue_outbound_is_telephony",
            ),
            models.CheckConstraint(
                condition=Q(music_in_queue__isnull=True) | Q(channel_type=ChannelKind.TELEPHONY),
                name="queue_music_only_telephony",
            ),
            models.CheckConstraint(
                condition=Q(service_level_threshold__gte=1) & Q(max_time_in_queue__gte=1),
                name="queue_thresholds_positive",
            ),
            models.CheckConstraint(
                condition=QUEUE_SECONDS.within_maximum("service_level_threshold"), name="queue_sl_within_max"
            ),
            models.CheckConstraint(
                condition=QUEUE_SECONDS.within_maximum("max_time_in_queue"), name="queue_max_time_within_max"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("queues:queue-detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        errors = self.check_same_organization(music_in_queue=self.music_in_queue)
        if self.queue_type == QueueType.OUTBOUND and self.channel_type != ChannelKind.TELEPHONY:
            errors["channel_type"] = _("Outbound queues are telephony only.")
        if self.music_in_queue_id and self.channel_type != ChannelKind.TELEPHONY:
            errors["music_in_queue"] = _("Music in queue can only be set on telephony queues.")
        for field in ("service_level_threshold", "max_time_in_queue"):
            value = getattr(self, field)
            if value is not None:
                try:
                    QUEUE_SECONDS(value, self.channel_type)
                except ValidationError as error:
                    errors[field] = error
        if errors:
            raise ValidationError(errors)
