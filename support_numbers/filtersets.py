import django_filters
from django.utils.translation import gettext_lazy as _

from contactcenter.filtersets import StrictBooleanFilter

from .models import SupportNumber


class SupportNumberFilterSet(django_filters.FilterSet):
    """The support numbers' filters, as `/api/v1/support-numbers/` takes them."""

    assigned = StrictBooleanFilter(field_name="entry_point", lookup_expr="isnull", exclude=True)
    entry_point = django_filters.UUIDFilter()

    class Meta:
        model = SupportNumber
        fields: list[str] = []  # every filter is declared above


class SupportNumberConsoleFilterSet(SupportNumberFilterSet):
    """The Support numbers page: free or assigned, in the words of its select."""

    state = SupportNumberFilterSet.declared_filters["assigned"].in_words(
        [("free", _("Free"), False), ("assigned", _("Assigned to a channel"), True)],
        label=_("Assignment"),
        empty_label=_("Free and assigned"),
    )
    # Not offered on the page.
    assigned = entry_point = None
