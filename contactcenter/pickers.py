"""Searchable pickers: choosing one of 100,000 objects costs what choosing one of ten does.

A `<select>` of every flow renders the whole table on every form. A picker renders the current value
(always) and about twenty matches as radio buttons (or checkboxes), a count, and a search box; typing
asks `/pick/<kind>/` (htmx) for the matches, and without JavaScript the *Search* button re-renders the
form with everything typed (`_refresh`). Validation stays the form field's: one `pk IN (…)` query.

Each app declares what may be picked in its `pickers.py` (`register(Picker subclass)`), so this module
imports no app; the form field names the picker by its key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SHOWN = 20
#: Matches are counted up to this many; past it a picker says "more than 1,000". Counting every match costs
#: what the table does (a tenth of the channel page for 10,000 flows), not what the page shows.
COUNTED = 1_000
_REGISTRY: dict[str, type[Picker]] = {}
_NOT_DIGITS = re.compile(r"\D")


_discovered = False


def _discover() -> None:
    global _discovered
    autodiscover_modules("pickers")
    _discovered = True


def register(picker: type[Picker]) -> type[Picker]:
    _REGISTRY[picker.key] = picker
    return picker


def get_picker(key: str) -> type[Picker]:
    if not _discovered:
        _discover()
    try:
        return _REGISTRY[key]
    except KeyError:
        raise Http404 from None


@dataclass
class Option:
    value: str
    label: str
    detail: str = ""
    badges: list[str] = field(default_factory=list)
    checked: bool = False


class Picker:
    """What can be picked of one kind: the organization's rows, narrowed by `params`, searched, labelled."""

    key: str
    model: type[models.Model]
    search_fields: tuple[str, ...] = ("name",)
    order_by: tuple[str, ...] = ("name", "pk")
    #: Matches shown group by group, each in `order_by` (recommended flows first): one query per group,
    #: each served by an `(organization, name, id)` index, where one sort by "group, then name" would sort
    #: every match of the organization on every form. Together they hold every match, each once (the
    #: count of matches is read with the first rows: groups that return none mean no match).
    groups: tuple[models.Q, ...] = (models.Q(),)
    #: Query parameters that narrow the candidates (sent back by the search requests).
    params: tuple[str, ...] = ()
    #: The columns `option()` reads (None: every column). The matches are read with only these: twenty
    #: rows of every column (timestamps parsed) cost more than the rest of the query.
    fields: tuple[str, ...] | None = None
    noun_plural: str = ""
    #: The choice of nothing, on an optional field.
    empty_label = gettext_lazy("None")

    def base(self, organization) -> models.QuerySet:
        return self.model._default_manager.filter(organization=organization)

    def candidates(self, organization, params: dict) -> models.QuerySet:
        return self.base(organization)

    def search(self, queryset: models.QuerySet, query: str) -> models.QuerySet:
        condition = models.Q()
        for name in self.search_fields:
            condition |= models.Q(**{f"{name}__icontains": query})
        return queryset.filter(condition)

    def option(self, obj) -> Option:
        return Option(value=str(obj.pk), label=str(obj))

    @staticmethod
    def past_count(total: int) -> str:
        """COUNTED, written out, when the count stopped there (`total` is past it); "" otherwise."""
        return f"{COUNTED:,}" if total > COUNTED else ""

    def count_label(self, total: int, query: str) -> str:
        if cap := self.past_count(total):
            if query:
                return _("More than %(count)s matches for “%(query)s”") % {"count": cap, "query": query}
            return _("More than %(count)s %(things)s") % {"count": cap, "things": self.noun_plural}
        if query:
            return _("%(count)s matches for “%(query)s”") % {"count": f"{total:,}", "query": query}
        return _("%(count)s %(things)s") % {"count": f"{total:,}", "things": self.noun_plural}

    def results(
        self, organization, params: dict, selected: list[str], query: str, known: dict | None = None
    ) -> dict:
        """The chosen objects first (always shown), then up to SHOWN matches; a count of the matches (up to
        COUNTED and one).

        `known` ({id: object}) are objects the form already holds (the edited object's current values,
        loaded with it), which are not read again; they count only if they are this organization's."""
        chosen_ids = [pk for pk in selected if _is_uuid(pk)]
        by_pk = {
            pk: obj
            for pk in chosen_ids
            if isinstance(obj := (known or {}).get(pk), self.model)
            and organization is not None
            and obj.organization_id == organization.pk
        }
        missing = [pk for pk in chosen_ids if pk not in by_pk]
        if missing:
            by_pk.update((str(obj.pk), obj) for obj in self.base(organization).filter(pk__in=missing))
        chosen = [self.option(by_pk[pk]) for pk in dict.fromkeys(chosen_ids) if pk in by_pk]
        for option in chosen:
            option.checked = True
        matches = self.candidates(organization, params)
        if query:
            matches = self.search(matches, query)
        if self.fields is not None:
            matches = matches.only(*self.fields)
        # The count of every match comes with the first rows, an uncorrelated subquery the database
        # computes once: one query where the count and the rows were two. The chosen objects are read
        # among the rows and left out here (room is made for them), so a group that returns fewer rows
        # than asked has been read whole, and groups that return none hold no match at all.
        # Counted up to COUNTED and one, so the database stops there (an index-only scan of a thousand
        # entries, whatever the organization holds); Django has no expression that counts a sliced subquery.
        # The SQL is Django's own for the queryset, every value (the search too) a parameter.
        sql, sql_params = matches.order_by().values("pk")[: COUNTED + 1].query.sql_with_params()
        capped = f"SELECT COUNT(*) FROM ({sql}) picker_matches"  # noqa: S608
        counted = matches.annotate(picker_total=RawSQL(capped, sql_params))  # noqa: S611
        total = None
        shown = []
        for group in self.groups:
            room = SHOWN - len(shown)
            if room <= 0:
                break
            page = (counted if total is None else matches).filter(group).order_by(*self.order_by)
            rows = list(page[: room + len(by_pk)])
            if rows and total is None:
                total = rows[0].picker_total
            fresh = [obj for obj in rows if str(obj.pk) not in by_pk]
            shown += [self.option(obj) for obj in fresh[:room]]
        if total is None:
            total = 0
        return {
            "options": chosen + shown,
            "shown": len(shown),
            "total": total,
            "count_label": self.count_label(total, query),
            "more": max(0, total - len(shown) - sum(1 for pk in by_pk if pk)),
        }


def _is_uuid(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F-]{32,36}", value or ""))


class PickerWidget(forms.Widget):
    """Renders a picker; the form sets `organization`, `params`, `search` and `optional` per instance."""

    allow_multiple_selected = False

    def __init__(self, key: str, attrs=None):
        super().__init__(attrs)
        self.key = key
        self.organization = None
        self.params: dict = {}
        self.search = ""
        #: Offer "none" (the picker's `empty_label`): an optional field.
        self.optional = False
        self.disabled = False
        #: Attributes of the results' fieldset (a choice other fields depend on: the htmx refresh).
        self.results_attrs: dict = {}
        #: {id: object} the form already holds (bind_pickers: the edited object's current value).
        self.known: dict = {}

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        # An unticked set of checkboxes sends nothing; that means "none", not "unchanged".
        return False if self.allow_multiple_selected else name not in data

    def id_for_label(self, id_):
        return f"{id_}__q" if id_ else id_

    def selected(self, value) -> list[str]:
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        return picker_html(picker_context(self, name, value, attrs))


class PickerMultipleWidget(PickerWidget):
    allow_multiple_selected = True


# The picker's markup is drawn in Python, as a widget's is (contactcenter.renderers): a page has two or
# three pickers, each a search box, a count and twenty-odd options, and the template engine cost more than
# the picker's query. Every value is escaped where it is put in.


def picker_html(context: dict) -> str:
    """A picker: its search box (unless disabled) and its results (`results_html`)."""
    pid = conditional_escape(context["id"])
    search = ""
    if not context["disabled"]:
        described = context["described_by"]
        button = conditional_escape(_("Search"))  # outside the f-string, where makemessages finds it
        search = (
            f'\n  <div class="picker-search">\n    <input type="search" name="{conditional_escape(context["search_name"])}" '
            f'id="{pid}__q" value="{conditional_escape(context["search"])}" autocomplete="off" spellcheck="false"\n'
            f'      placeholder="{conditional_escape(context["search_label"])}…" aria-controls="{pid}_results"'
            + (f' aria-describedby="{conditional_escape(described)}"' if described else "")
            + (' aria-invalid="true"' if context["invalid"] else "")
            + "\n      data-picker-search\n"
            f'      hx-get="{conditional_escape(context["url"])}" hx-trigger="input changed delay:300ms, search" '
            f'hx-target="#{pid}_results" hx-swap="innerHTML"\n      hx-include="#{pid}_picker" hx-sync="this:replace">\n'
            f'    <noscript><button type="submit" name="_refresh" value="1" class="btn btn-small">{button}'
            "</button></noscript>\n  </div>"
        )
    multiple = context["multiple"]
    label = _("Choose any") if multiple else _("Choose one")
    results_attrs = "".join(
        f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in context["results_attrs"].items()
    )
    return mark_safe(  # noqa: S308 (every value escaped)
        f'<div class="picker{" picker-multiple" if multiple else ""}" id="{pid}_picker" data-picker>{search}\n'
        f'  <fieldset class="picker-results" id="{pid}_results"{" disabled" if context["disabled"] else ""} '
        f'aria-label="{conditional_escape(label)}"{results_attrs}>{results_html(context)}</fieldset>\n</div>'
    )


def results_html(context: dict) -> str:
    """A picker's results, which a search swaps in (PickerView): the count, "none" on an optional field,
    the options, or why there are none."""
    pid, name = conditional_escape(context["id"]), conditional_escape(context["name"])
    parts = [
        f'\n    <p class="picker-count muted" role="status">{conditional_escape(context["count_label"])}'
    ]
    if context["more"]:
        parts.append(
            " · "
            + _translated(
                _("the first %(shown)s are listed; type to narrow the list"), shown=context["shown"]
            )
        )
    parts.append("</p>")
    if context["empty_label"] and not context["multiple"]:
        parts.append(
            f'\n    <label class="picker-option" for="{pid}_empty"><input type="radio" name="{name}" value="" '
            f'id="{pid}_empty"{" checked" if context["empty_checked"] else ""}{" disabled" if context["disabled"] else ""}> '
            f'<span class="picker-label">{conditional_escape(context["empty_label"])}</span></label>'
        )
    if context["options_html"]:
        parts.append(f"\n    {context['options_html']}")
    if not context["options"]:
        why = (
            _translated(_("Nothing matches “%(search)s”."), search=context["search"])
            if context["search"]
            else conditional_escape(_("There is nothing to choose yet."))
        )
        parts.append(f'\n    <p class="muted picker-empty">{why}</p>')
    parts.append("\n  ")
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped)


def _translated(message: str, **values) -> str:
    """What `{% blocktranslate %}` makes of a message: the translation as it is, its values escaped."""
    return mark_safe(message % {key: conditional_escape(value) for key, value in values.items()})  # noqa: S308


def options_html(options: list[Option], *, base_id: str, name: str, multiple: bool, disabled: bool) -> str:
    """The options of a picker's results, each a label around its input."""
    kind = "checkbox" if multiple else "radio"
    off = " disabled" if disabled else ""
    base_id, name = conditional_escape(base_id), conditional_escape(name)
    lines = []
    # Plain strings joined, each value escaped: twenty-odd options a picker, where format_html's own
    # escaping and marking of every piece cost as much as the picker's query.
    for index, option in enumerate(options):
        chosen, checked = (" is-chosen", " checked") if option.checked else ("", "")
        detail = conditional_escape(option.detail)
        lines.append(
            f'<label class="picker-option{chosen}" for="{base_id}_{index}"><input type="{kind}" name="{name}" '
            f'value="{conditional_escape(option.value)}" id="{base_id}_{index}"{checked}{off}> '
            f'<span class="picker-label">{conditional_escape(option.label)}</span>'
            + (
                f' <span class="muted picker-detail" title="{detail}">{detail}</span>'
                if option.detail
                else ""
            )
            + "".join(
                f' <span class="badge badge-grey">{conditional_escape(badge)}</span>'
                for badge in option.badges
            )
            + "</label>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 (every value escaped above)


def picker_context(widget: PickerWidget, name: str, value, attrs: dict) -> dict:
    picker = get_picker(widget.key)()
    selected = widget.selected(value)
    query = (widget.search or "").strip()
    base_id = attrs.get("id") or f"id_{name}"
    query_string = QueryDict(mutable=True)
    query_string["name"] = name
    query_string["id"] = base_id
    for key in picker.params:
        if widget.params.get(key):
            query_string[key] = widget.params[key]
    if widget.optional:
        query_string["empty"] = "1"
    if widget.allow_multiple_selected:
        query_string["multiple"] = "1"
    results = picker.results(widget.organization, widget.params, selected, query, known=widget.known)
    results["options_html"] = options_html(
        results["options"],
        base_id=base_id,
        name=name,
        multiple=widget.allow_multiple_selected,
        disabled=widget.disabled,
    )
    return {
        "name": name,
        "id": base_id,
        "search_name": f"{name}__q",
        "search": query,
        "multiple": widget.allow_multiple_selected,
        "empty_label": picker.empty_label if widget.optional else None,
        "empty_checked": not selected,
        "disabled": widget.disabled,
        "url": f"{reverse('picker', kwargs={'key': widget.key})}?{query_string.urlencode()}",
        "described_by": attrs.get("aria-describedby", ""),
        "invalid": attrs.get("aria-invalid") == "true",
        "results_attrs": widget.results_attrs,
        "search_label": _("Search %(things)s") % {"things": picker.noun_plural},
        **results,
    }


class PickerChoiceField(forms.ModelChoiceField):
    """One object, picked; a malformed id reads like an unknown one ("choose one of yours")."""

    widget_class = PickerWidget

    def __init__(self, queryset, *, picker: str, **kwargs):
        kwargs.setdefault("widget", self.widget_class(picker))
        super().__init__(queryset, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "invalid_choice":
                raise
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class PickerMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget_class = PickerMultipleWidget

    def __init__(self, queryset, *, picker: str, **kwargs):
        kwargs.setdefault("widget", self.widget_class(picker))
        super().__init__(queryset, **kwargs)


def use_picker(form, name: str, key: str, *, optional: bool = True) -> None:
    """Show the form's model choice field `name` as the picker `key` instead of a select of every row."""
    form_field = form.fields[name]
    widget = (
        PickerMultipleWidget if isinstance(form_field, forms.ModelMultipleChoiceField) else PickerWidget
    )(key)
    widget.organization = form.organization
    widget.optional = optional
    widget.is_required = form_field.required
    form_field.widget = widget


def bind_pickers(form, request: HttpRequest | None) -> None:
    """Give each picker of `form` its organization and the search typed (kept through a refresh or a
    failed submit)."""
    data = request.POST if request is not None and request.method == "POST" else {}
    instance = getattr(form, "instance", None)
    for name, form_field in form.fields.items():
        widget = form_field.widget
        if isinstance(widget, PickerWidget):
            widget.organization = form.organization
            widget.search = data.get(f"{form.add_prefix(name)}__q", "") if data else ""
            widget.disabled = form_field.disabled
            if instance is not None:
                widget.known = {**held_object(instance, name), **widget.known}


def held_object(instance: models.Model, name: str) -> dict:
    """{id: object} of the object `instance` holds in its foreign key `name`, if it was loaded with it
    (select_related), so that a picker of that field shows it without reading it again."""
    try:
        model_field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return {}
    if not model_field.many_to_one or not model_field.is_cached(instance):
        return {}
    obj = model_field.get_cached_value(instance)
    return {} if obj is None else {str(obj.pk): obj}


def number_digits(query: str) -> str:
    return _NOT_DIGITS.sub("", query)
