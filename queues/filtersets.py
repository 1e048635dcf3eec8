import django_filters
from django.utils.translation import gettext_lazy as _

from contactcenter.choices import ChannelKind
from contactcenter.filtersets import StrictBooleanFilter, UsageFilter

from .choices import QueueType, RoutingType
from .models import Queue


class QueueFilterSet(django_filters.FilterSet):
    """The queues' filters, as `/api/v1/queues/` takes them."""

    # Labels are given, lazily: django-filter would join the model field's verbose name into a plain
    # string when the class is made, in whatever language was active then.
    queue_type = django_filters.ChoiceFilter(
        choices=QueueType.choices, empty_label=_("Any queue type"), label=_("Queue type")
    )
    channel_type = django_filters.ChoiceFilter(
        choices=ChannelKind.choices, empty_label=_("Any channel"), label=_("Channel type")
    )
    routing_type = django_filters.ChoiceFilter(
        choices=RoutingType.choices, empty_label=_("Any routing"), label=_("Routing type")
    )
    active = StrictBooleanFilter()
    music_in_queue = django_filters.UUIDFilter()

    class Meta:
        model = Queue
        fields: list[str] = []  # every filter is declared above


class QueueConsoleFilterSet(QueueFilterSet):
    """The Queues page: the API's choices, the status in the words of its select, and the usage."""

    active = QueueFilterSet.declared_filters["active"].in_words(
        [("yes", _("Active"), True), ("no", _("Inactive"), False)],
        label=_("Status"),
        empty_label=_("Any status"),
    )
    usage = UsageFilter()
    music_in_queue = None  # not offered on the page
