import django_filters
from django.utils.translation import gettext_lazy as _

from contactcenter.filtersets import StrictBooleanFilter

from .choices import ChannelType, Direction, SocialChannelType
from .models import EntryPoint


class EntryPointFilterSet(django_filters.FilterSet):
    """The channels' filters, as `/api/v1/entry-points/` takes them."""

    # Labels are given, lazily: django-filter would join the model field's verbose name into a plain
    # string when the class is made, in whatever language was active then.
    channel_type = django_filters.ChoiceFilter(
        choices=ChannelType.choices, empty_label=_("All channel types"), label=_("Channel type")
    )
    social_channel_type = django_filters.ChoiceFilter(
        choices=SocialChannelType.choices, label=_("Social channel type")
    )
    direction = django_filters.ChoiceFilter(choices=Direction.choices, method="filter_direction")
    active = StrictBooleanFilter()
    is_system = StrictBooleanFilter()
    flow = django_filters.UUIDFilter()

    class Meta:
        model = EntryPoint
        fields: list[str] = []  # every filter is declared above

    def filter_direction(self, queryset, name, value):
        if value == Direction.OUTBOUND:
            return queryset.filter(channel_type=ChannelType.OUTBOUND_TELEPHONY)
        return queryset.exclude(channel_type=ChannelType.OUTBOUND_TELEPHONY)


class EntryPointConsoleFilterSet(EntryPointFilterSet):
    """The Channels page: the channel type, the social subtype, and the status in the words of its select."""

    status = EntryPointFilterSet.declared_filters["active"].in_words(
        [("active", _("Active"), True), ("inactive", _("Inactive"), False)],
        label=_("Status"),
        empty_label=_("Any status"),
    )
    social_channel_type = django_filters.ChoiceFilter(
        choices=SocialChannelType.choices,
        label=_("Social channel type"),
        empty_label=_("Any social channel"),
    )
    # Not offered on the page.
    direction = active = is_system = flow = None
