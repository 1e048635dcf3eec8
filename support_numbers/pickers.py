"""What the console's pickers offer of this app: the free numbers, and those of one channel."""

import contextlib
import uuid

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactcenter.pickers import Option, Picker, number_digits, register

from .models import SupportNumber


@register
class SupportNumberPicker(Picker):
    """Free numbers, plus the numbers of the channel `entry_point` (a number belongs to one channel)."""

    key = "support-numbers"
    model = SupportNumber
    params = ("entry_point",)
    order_by = ("number", "pk")
    fields = ("number", "description")
    noun_plural = gettext_lazy("free numbers")

    def candidates(self, organization, params):
        offered = Q(entry_point__isnull=True)
        # A malformed id in a hand-made query string offers the free numbers only.
        with contextlib.suppress(ValueError):
            offered |= Q(entry_point=uuid.UUID(params.get("entry_point") or ""))
        return self.base(organization).filter(offered)

    def search(self, queryset, query):
        condition = Q(description__icontains=query)
        digits = number_digits(query)
        if digits:
            condition |= Q(number__contains=digits)
        return queryset.filter(condition)

    def option(self, number: SupportNumber) -> Option:
        info = number.info
        return Option(
            str(number.pk), info.international, detail=number.description, badges=[info.number_type]
        )

    def count_label(self, total, query):
        if query:
            return super().count_label(total, query)
        if cap := self.past_count(total):
            return _("More than %(count)s numbers to choose from (free or this channel's)") % {"count": cap}
        return _("%(count)s numbers to choose from (free or this channel's)") % {"count": f"{total:,}"}
