from django.db import models
from django.utils.translation import gettext_lazy as _


class FlowKind(models.TextChoices):
    FLOW = "flow", _("Flow")
    ROUTING_STRATEGY = "routing_strategy", _("Routing strategy (legacy)")


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")
    SUNDAY = "sun", _("Sunday")


# Position in the week, Monday first, as date.weekday() counts.
WEEKDAY_INDEX = {code: index for index, code in enumerate(Weekday.values)}


class OverrideState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
