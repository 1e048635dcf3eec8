from django.db import models
from django.utils.translation import gettext_lazy as _

from contactcenter.choices import ChannelKind  # noqa: F401  (a queue's channel_type)


class QueueType(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")


class RoutingType(models.TextChoices):
    LONGEST_AVAILABLE_AGENT = "longest_available_agent", _("Longest available agent")
    SKILLS_BASED = "skills_based", _("Skills based")
    CIRCULAR = "circular", _("Circular")
    LINEAR = "linear", _("Linear")
