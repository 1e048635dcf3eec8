"""A console list's table: each column declared once, its header and its rows drawn in Python.

Django's template engine spends 10–25 µs on a node, and a list row is some fifty nodes: 25 rows were
half of a list page's time (issue 16, benchmarks/README.md). A table declares its columns as NetBox and
django-tables2 do (the header, the sort key, the phone layout's label, a `render_<name>` method for the
cell), but draws each cell with `format_html` instead of a template, so a row costs what its values do.
The list's template keeps the page around it: `<thead>{{ table.header }}</thead><tbody>{{ table.body }}</tbody>`.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Column:
    """One column: `name` picks the table's `render_<name>` method for its cells."""

    name: str
    label: Any
    #: The list's sort key (its `sort_fields`), or "" when the column does not sort.
    sort: str = ""
    #: The cells' class (`num`, `nowrap`, …).
    css: str = ""
    #: The header's tooltip.
    title: Any = ""
    #: Whether the phone layout labels the cell (`data-label`); the first column, the row's title, is not.
    labelled: bool = True
    #: The header is read by screen readers only (a column of buttons).
    hidden_header: bool = False
    #: A table attribute that must be true for the column to show (`show_open_now`, `can_edit`).
    when: str = ""
    #: The row's attribute shown whole as the cell's tooltip (where the cell may shorten or wrap it).
    cell_title: str = ""


class Table:
    """Declare `columns`; for chosen rows, `select_all_label` and `select_label()`."""

    columns: tuple[Column, ...] = ()
    #: The header checkbox's label when rows can be chosen ("Choose every channel on this page").
    select_all_label: Any = ""

    def __init__(self, rows, *, request: HttpRequest, sort: str = "", bulk: bool = False, **options):
        self.rows = rows
        self.request = request
        self.sort = sort
        self.bulk = bulk
        for key, value in options.items():
            setattr(self, key, value)

    def select_label(self, row) -> str:
        return _("Choose %(name)s") % {"name": row.name}

    @cached_property
    def shown_columns(self) -> list[Column]:
        return [column for column in self.columns if not column.when or getattr(self, column.when)]

    @cached_property
    def header(self) -> SafeString:
        cells = []
        if self.bulk:
            cells.append(
                format_html(
                    '<th scope="col" class="select-col"><input type="checkbox" data-bulk-page aria-label="{}"></th>',
                    self.select_all_label,
                )
            )
        for column in self.shown_columns:
            if column.sort:
                cells.append(sort_header(self.request, self.sort, column.sort, column.label))
            elif column.hidden_header:
                cells.append(
                    format_html('<th scope="col"><span class="sr-only">{}</span></th>', column.label)
                )
            elif column.title:
                cells.append(format_html('<th scope="col" title="{}">{}</th>', column.title, column.label))
            else:
                cells.append(format_html('<th scope="col">{}</th>', column.label))
        # Every cell is format_html's.
        return format_html('<tr data-label="{}">{}</tr>', _("Sort by"), mark_safe("".join(cells)))  # noqa: S308

    @cached_property
    def body(self) -> SafeString:
        # Each cell's opening tag, its class and translated label, is made once per page, not per row.
        cells = []
        for column in self.shown_columns:
            attributes = format_html(' class="{}"', column.css) if column.css else ""
            if column.labelled:
                attributes += format_html(' data-label="{}"', column.label)
            cells.append((f"<td{attributes}", column.cell_title, getattr(self, f"render_{column.name}")))
        rows = []
        for row in self.rows:
            parts = ["<tr>"]
            if self.bulk:
                parts.append(
                    format_html(
                        '<td class="select-col"><input type="checkbox" name="ids" value="{}" form="bulk-form"'
                        ' aria-label="{}"></td>',
                        row.pk,
                        self.select_label(row),
                    )
                )
            for opening, cell_title, render in cells:
                parts.append(opening)
                if cell_title:
                    parts.append(format_html(' title="{}"', getattr(row, cell_title)))
                parts.append(">")
                parts.append(conditional_escape(render(row)))
                parts.append("</td>")
            parts.append("</tr>")
            rows.append("".join(parts))
        # Every part is a literal tag, format_html's, or a cell passed through conditional_escape.
        return mark_safe("\n".join(rows))  # noqa: S308


def sort_header(request: HttpRequest, current: str, key: str, label) -> SafeString:
    """A column header that sorts by `key`, toggling the direction, keeping search and filters."""
    params = {name: value for name, value in _list_params(request).items() if name != "page"}
    descending = current == key
    params["sort"] = f"-{key}" if descending else key
    state = "ascending" if current == key else "descending" if current == f"-{key}" else "none"
    arrow = {"ascending": "▲", "descending": "▼", "none": ""}[state]
    url = f"?{urlencode(sorted(params.items()))}"
    return format_html(
        '<th scope="col" aria-sort="{}"><a href="{}" hx-get="{}" hx-target="#results" hx-push-url="true">{} '
        '<span class="sort-arrow" aria-hidden="true">{}</span></a></th>',
        state,
        url,
        url,
        label,
        arrow,
    )


def _list_params(request: HttpRequest) -> dict[str, str]:
    """The list URL's parameters (the last value of each, as QueryDict.items() gives them), read once per
    request rather than copied for every column header."""
    params = getattr(request, "_list_params", None)
    if params is None:
        params = request._list_params = dict(request.GET.items())
    return params


def ago(moment) -> str:
    """ "3 minutes ago", or "just now" within the first minute (timesince alone says "0 minutes")."""
    if not moment:
        return ""
    if (timezone.now() - moment).total_seconds() < 60:
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(moment)}


def changed_at(moment) -> SafeString:
    """When a row last changed: "3 minutes ago", the date and time in full on hover, ISO 8601 for machines."""
    if moment is None:
        return SafeString()
    iso, full = _moment_texts(moment, str(timezone.get_current_timezone()), translation.get_language())
    return format_html('<time datetime="{}" title="{}">{}</time>', iso, full, ago(moment))


@lru_cache(maxsize=20_000)
def _moment_texts(moment, zone: str, language: str | None) -> tuple[str, str]:
    """A moment in ISO 8601 and in full, in `zone` and `language`: it never changes, and a row's moment is
    shown on every view of its list (Django's date format costs about 20 µs, half of a row's cells), so it
    is formatted once per process. `zone` and `language` are the current ones, named for the cache."""
    local = timezone.localtime(moment)
    return local.isoformat(), formats.date_format(local, "DATETIME_FORMAT")


def link(url: str, text) -> SafeString:
    return format_html('<a href="{}">{}</a>', url, text)


def muted(text="—") -> SafeString:
    return format_html('<span class="muted">{}</span>', text)


def active_badge(active: bool) -> SafeString:
    if active:
        return format_html('<span class="badge badge-green badge-dot">{}</span>', _("Active"))
    return format_html('<span class="badge badge-grey badge-dot">{}</span>', _("Inactive"))


def row_title(url: str, name, description: str = "", css: str = "row-title") -> SafeString:
    """The first cell: the row's name as a link to its page, its description below."""
    title = format_html('<a class="{}" href="{}">{}</a>', css, url, name)
    if description:
        title += format_html('<div class="row-sub" title="{}">{}</div>', description, description)
    return title


def choice_labels(choices) -> dict[str, str]:
    """{value: label} translated once per page, not once per row (`get_FOO_display()` translates each call)."""
    return {value: str(label) for value, label in choices}


def object_urls(model, viewname: str = "") -> Callable[[Any], str]:
    """`url(pk)`: the page of each row of one model (or its view `viewname`, which takes the pk), from
    its `get_absolute_url()` or `reverse()` called once per page.

    reverse() costs about 15 µs; a list called it for every row and every linked column."""
    marker = uuid.UUID("91827364-5abc-4def-8123-456789abcdef")
    if model._meta.pk.get_internal_type() != "UUIDField":
        marker = 918273645
    url = reverse(viewname, args=[marker]) if viewname else model(pk=marker).get_absolute_url()
    prefix, found, suffix = url.rpartition(str(marker))
    if not found:
        if viewname:
            return lambda pk: reverse(viewname, args=[pk])
        return lambda pk: model(pk=pk).get_absolute_url()
    return lambda pk: f"{prefix}{pk}{suffix}"


def pagination(request: HttpRequest, page, page_sizes=(), page_size: int = 0) -> SafeString:
    """Below a list's rows: the count, numbered pages (elided around the current one) and the page size;
    every link keeps the search, filters and sort (the URL holds all of it)."""
    paginator = page.paginator

    params = request.GET.copy()

    def page_url(number: int) -> str:
        params["page"] = number  # in the place the URL has it, or last
        return f"?{params.urlencode()}"

    def swapped(number: int, text, rel: str = "", label: str = "") -> SafeString:
        url = page_url(number)
        return format_html(
            '<a href="{}" hx-get="{}" hx-target="#results" hx-push-url="true"{}{}>{}</a>',
            url,
            url,
            format_html(' rel="{}"', rel) if rel else "",
            format_html(' aria-label="{}"', label) if label else "",
            text,
        )

    count = paginator.count
    parts = [
        format_html(
            '<div class="list-footer">\n  <p class="list-count muted">{}</p>',
            ngettext("%(counter)s item", "%(counter)s items", count) % {"counter": count},
        )
    ]
    if paginator.num_pages > 1:
        previous_word = format_html('<span class="pagination-word">{}</span>', _("Previous"))
        next_word = format_html('<span class="pagination-word">{}</span>', _("Next"))
        parts.append(format_html('\n  <nav class="pagination" aria-label="{}">', _("Pages")))
        if page.has_previous():
            parts.append(swapped(page.previous_page_number(), format_html("‹ {}", previous_word), rel="prev"))
        else:
            parts.append(format_html('<span class="disabled" aria-hidden="true">‹ {}</span>', previous_word))
        parts.append('\n    <ul class="page-numbers">')
        for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
            label = _("Page %(number)s") % {"number": number}
            if number == paginator.ELLIPSIS:
                item = SafeString('<span class="page-gap" aria-hidden="true">…</span>')
            elif number == page.number:
                item = format_html(
                    '<a class="current" aria-current="page" href="{}" aria-label="{}">{}</a>',
                    page_url(number),
                    label,
                    number,
                )
            else:
                item = swapped(number, number, label=label)
            parts.append(format_html("\n      <li>{}</li>", item))
        parts.append("\n    </ul>\n    ")
        if page.has_next():
            parts.append(swapped(page.next_page_number(), format_html("{} ›", next_word), rel="next"))
        else:
            parts.append(format_html('<span class="disabled" aria-hidden="true">{} ›</span>', next_word))
        parts.append("\n  </nav>")
    if page_sizes and (count > page_sizes[0] or page_size != page_sizes[0]):
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((size, SafeString(" selected") if size == page_size else "", size) for size in page_sizes),
        )
        parts.append(
            format_html(
                '\n  <label class="page-size">{}\n    <select name="page_size" form="list-filters" hx-get="{}"'
                ' hx-include="#list-filters" hx-target="#results" hx-push-url="true">\n      {}\n    </select>'
                "\n  </label>",
                _("Rows per page"),
                request.path,
                options,
            )
        )
    parts.append("\n</div>")
    # Every part is a literal tag or format_html's.
    return mark_safe("".join(parts))  # noqa: S308
