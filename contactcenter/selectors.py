"""Reads every list shares: counts of related rows that stop at the page, and pagination that does too.

A list of 25 rows out of 10,000 must cost what 25 rows cost. `Count(..., distinct=True)` over a join
groups every row of the organization before the sort and the limit (and its inflated estimate makes
PostgreSQL JIT-compile the query); `related_count` is a correlated subquery instead, evaluated for the
rows the page shows (and for the rows it sorts, when the list is ordered by that count).
`IdFirstPaginator` reads a page's ids first (an index-only scan of the organization's slice in the
list's order), then only those rows with their joins and annotations.
"""

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property


def related_count(model: type[models.Model], relation: str) -> Coalesce:
    """How many rows refer to each `model` row through the reverse relation `relation` (`"flows"` of a
    Queue): `(SELECT COUNT(*) FROM flow WHERE flow.queue_id = queue.id)`, by name, so no app imports another."""
    rel = model._meta.get_field(relation)
    rows = (
        rel.related_model._default_manager.filter(**{rel.field.name: models.OuterRef("pk")})
        .order_by()
        .annotate(count=models.Func(models.F("pk"), function="COUNT"))
        .values("count")
    )
    return Coalesce(models.Subquery(rows, output_field=models.IntegerField()), 0)


class IdFirstPaginator(Paginator):
    """A paginator whose page reads the ids first, then only those rows, in the ids' order (the first page,
    which has no rows before it, reads its rows at once, unless its order needs what the rows do not have).

    The ids come from the list's own queryset (its filters and order), so it is the same page. The
    count is Django's: it drops the order, the joins and the annotations no filter uses, so it counts
    the plain table.
    """

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, rows=None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        #: The same rows without what only their order needs (a sort expression, a grouping): counted,
        #: and the page's rows read from it. By default the list itself.
        self.rows = object_list if rows is None else rows

    @cached_property
    def count(self) -> int:
        return self.rows.count()

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if number == 1 and self.rows is self.object_list:
            # No rows before the first page: its rows are read at once, through the same index.
            return self._get_page(list(self.object_list[: self.per_page]), number, self)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        by_pk = {row.pk: row for row in self.rows.order_by().filter(pk__in=ids)} if ids else {}
        return self._get_page([by_pk[pk] for pk in ids if pk in by_pk], number, self)
