from django.db import models
from django.utils.translation import gettext_lazy as _


class QueueType(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")


class RoutingType(models.TextChoices):
    LONGEST_AVAILABLE_AGENT = "longest_available_agent", _("Longest available agent")
    SKILLS_BASED = "skills_based", _("Skills based")
    CIRCULAR = "circular", _("Circular")
    LINEAR = "linear", _("Linear")
