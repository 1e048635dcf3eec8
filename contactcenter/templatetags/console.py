from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import translation
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contactcenter import tables
from contactcenter.formats import weekday_and_date
from contactcenter.validators import available_timezones, duration_hint
from contactcenter.vocabulary import CANCEL, DISCARD_CHANGES, SAVE_CHANGES, vocabulary_of

register = template.Library()


@register.simple_tag
def timezone_options() -> str:
    """The `<option>`s of every IANA time zone, for a time-zone field's `<datalist>`: about 600 of them,
    the same on every page and in every language, so rendered once per process, not once per request."""
    return _timezone_options()


@lru_cache(maxsize=1)
def _timezone_options() -> str:
    return format_html_join(
        "", '<option value="{}"></option>', ((name,) for name in sorted(available_timezones()))
    )


@register.simple_tag
def type_icon(channel_type: str) -> str:
    """channels/includes/type_icon.html for one channel type, rendered once per type and process (it is
    the same SVG on every page, in every language): a list draws one in each row."""
    return _type_icon(str(channel_type))


@lru_cache(maxsize=16)
def _type_icon(channel_type: str) -> str:
    return render_to_string("channels/includes/type_icon.html", {"type": channel_type})  # safe already


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str):
    """A column header that sorts by `key`, toggling the direction, keeping search and filters."""
    return tables.sort_header(context["request"], context.get("sort", ""), key, label)


@register.filter
def wrap_at_slashes(value) -> str:
    """ "Europe/Copenhagen" that may wrap after each slash (`/<wbr>`), so that a narrow column fits it."""
    # escape() leaves "/" alone, so each slash of the escaped text is one of the value's.
    return mark_safe(conditional_escape(str(value)).replace("/", "/<wbr>"))  # noqa: S308


@register.filter
def duration(seconds):
    """ "5 min" for 300; "" for anything that is not a positive whole number (typed input can be junk)."""
    try:
        value = int(seconds)
    except (TypeError, ValueError):
        return ""
    return duration_hint(value) if value > 0 else ""


register.filter("ago", tables.ago)
register.filter("changed_at", tables.changed_at)


@register.filter
def absolute_url(obj) -> str:
    """The object's page, or "" while its console does not exist yet (so templates can link safely)."""
    try:
        return obj.get_absolute_url() if obj is not None else ""
    except (AttributeError, NoReverseMatch):
        return ""


@register.filter
def linked(obj, css_class: str = "") -> str:
    """The object's name, a link to its page where it has one (with `css_class`: the link's class, or a
    span of that class where there is no page): one node where `{% with url=…|absolute_url %}` and its
    `{% if %}` were five, for each thing a side panel lists."""
    url = absolute_url(obj)
    if url:
        if css_class:
            return format_html('<a class="{}" href="{}">{}</a>', css_class, url, obj)
        return tables.link(url, obj)
    return format_html('<span class="{}">{}</span>', css_class, obj) if css_class else conditional_escape(obj)


@register.inclusion_tag("includes/field.html")
def field(bound_field, hint: str = "", required=None, **attrs):
    """One form row: label, input, help and the errors beside the field.

    `required=True` marks a field the model requires although the form field is optional (the
    model's message then explains it); other keyword arguments become attributes of the input.
    The input points at its hint and errors (aria-describedby) and says when it is invalid.
    """
    hint = hint or bound_field.help_text
    described = []
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        attrs.setdefault("aria-invalid", "true")
    if hint:
        described.append(f"{bound_field.auto_id}_hint")
    if described and bound_field.widget_type not in ("checkboxselectmultiple", "radioselect"):
        attrs.setdefault("aria-describedby", " ".join(described))
    return {
        "field": bound_field,
        "widget": bound_field.as_widget(attrs=attrs) if attrs else bound_field,
        "hint": hint,
        "required": bound_field.field.required if required is None else required,
    }


def _field_anchor(bound_field) -> str:
    """The id of the input a summary link moves to (the first box of a group of choices)."""
    if bound_field.widget_type in ("checkboxselectmultiple", "radioselect"):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


def _form_errors(form, prefix: str = "") -> list[tuple[str, str]]:
    items = []
    first_visible = next((bf for bf in form.visible_fields()), None)
    for error in form.non_field_errors():
        items.append((f"{prefix}{error}", _field_anchor(first_visible) if prefix and first_visible else ""))
    for bound_field in form:
        if bound_field.is_hidden:
            continue
        for error in bound_field.errors:
            items.append((f"{prefix}{bound_field.label}: {error}", _field_anchor(bound_field)))
    return items


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form, intro: str = ""):
    """The GOV.UK error summary above a refused form: every error, each a link to its field.

    It also lists a form's rows (`form.rows`, the inline formset of shifts, holidays or overrides)
    and their checks (`form.rows_errors`), naming the row by its number. console.js moves the focus
    to it when the page or swap arrives.
    """
    items = _form_errors(form) if form.is_bound else []
    rows = getattr(form, "rows", None)
    if rows is not None and form.is_bound:
        section = "rows-section"
        for error in getattr(form, "rows_errors", ()):
            items.append((str(error), section))
        for error in rows.non_form_errors():
            items.append((str(error), section))
        for number, row in enumerate(rows.forms, start=1):
            if row.errors:
                items += _form_errors(row, prefix=_("Row %(number)d: ") % {"number": number})
    return {"items": items, "intro": intro}


@register.filter
def described(bound_field):
    """A row's input (a formset cell) that says when it is invalid and points at its message."""
    if not bound_field.errors:
        return bound_field
    attrs = {"aria-invalid": "true"}
    if bound_field.widget_type not in ("checkboxselectmultiple", "radioselect"):
        attrs["aria-describedby"] = f"{bound_field.auto_id}_error"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def weekday_date(day) -> str:
    """A day with its weekday, in the language: "Thu 24 Dec 2026" / "torsdag 24. dec. 2026"."""
    return weekday_and_date(day) if day else ""


# One vocabulary of pages (contactcenter/vocabulary.py): the title, heading, breadcrumbs and buttons
# of every object type's list, create and edit pages, from the `vocabulary` in the context.


def _page(context) -> tuple[str, object]:
    """("list" | "create" | "edit", the object edited)."""
    if "creating" not in context:
        return "list", None
    if context["creating"]:
        return "create", None
    return "edit", context.get("object")


@register.simple_tag(takes_context=True)
def page_title(context) -> str:
    """ "Channels", "Create channel", "Chat_DK · Channels"."""
    vocabulary = context["vocabulary"]
    mode, obj = _page(context)
    if mode == "list":
        return str(vocabulary.plural)
    if mode == "create":
        return str(vocabulary.create)
    return f"{obj} · {vocabulary.plural}"


@register.simple_tag(takes_context=True)
def page_heading(context):
    """ "Channels", "Create channel" or the object's name."""
    vocabulary = context["vocabulary"]
    mode, obj = _page(context)
    if mode == "list":
        return vocabulary.plural
    if mode == "create":
        return vocabulary.create
    if vocabulary.heading_class:
        return format_html('<span class="{}">{}</span>', vocabulary.heading_class, obj)
    return str(obj)


@register.simple_tag(takes_context=True)
def page_breadcrumbs(context, current: str = ""):
    """<section> / [parents /] <Plural> [/ Create <object> | / <name> | / `current`, another page under
    the list]; the current page is marked aria-current, every page above it is a link."""
    mode, obj = _page(context)
    here = current or (
        None if mode == "list" else context["vocabulary"].create if mode == "create" else str(obj)
    )
    return _breadcrumbs(context["vocabulary"], [] if here is None else [(here, None)])


@register.simple_tag
def object_breadcrumbs(obj, current: str):
    """The breadcrumbs of a page under an object's page (its history, its calendar):
    <section> / <Plural> / <name> / `current`."""
    vocabulary = vocabulary_of(type(obj))
    if vocabulary is None:
        return format_html('<span aria-current="page">{}</span>', current)
    return _breadcrumbs(vocabulary, [(str(obj), obj.get_absolute_url()), (current, None)])


def _breadcrumbs(vocabulary, below: list[tuple[str, str | None]]):
    """The section, the parents, the list, then `below` ((label, url)); the last is the current page."""
    separator = mark_safe('<span class="sep">/</span>')
    crumbs = [format_html("<span>{}</span>", vocabulary.section)]
    crumbs += [format_html('<a href="{}">{}</a>', reverse(name), label) for label, name in vocabulary.parents]
    *above, (here, _url) = [(vocabulary.plural, reverse(vocabulary.list_url_name)), *below]
    crumbs += [format_html('<a href="{}">{}</a>', url, label) for label, url in above]
    crumbs.append(format_html('<span aria-current="page">{}</span>', here))
    return format_html_join(separator, "{}", ((crumb,) for crumb in crumbs))


@register.simple_tag(takes_context=True)
def create_button(context):
    """The list's "Create <object>" button, for members who may write."""
    vocabulary = context.get("vocabulary")
    if not context.get("can_edit") or vocabulary is None:
        return ""
    return format_html(
        '<a class="btn btn-primary create-button" href="{}"><span aria-hidden="true">+</span> {}</a>',
        reverse(vocabulary.create_url_name),
        vocabulary.create,
    )


@register.inclusion_tag("includes/form_actions.html", takes_context=True)
def form_actions(context, submit: str = ""):
    """ "Create <object>" and "Cancel" on a create page, "Save changes" and "Discard changes" on an edit page."""
    vocabulary = context["vocabulary"]
    mode, _obj = _page(context)
    creating = mode == "create"
    return {
        "submit": submit or (vocabulary.create if creating else SAVE_CHANGES),
        "back": CANCEL if creating else DISCARD_CHANGES,
        "back_url": reverse(vocabulary.list_url_name) if creating else context["request"].path,
    }


@register.simple_tag
def reference_items(references, kind_class: str = "badge badge-grey", gap: str = " ") -> str:
    """The `<li>` of each reference (a Used by panel, a delete dialog): its kind, then its name, linked to
    its page where it has one. In Python: a flow used by forty channels lists them twice on its page."""
    return format_html_join(
        "\n",
        '<li><span class="{}">{}</span>{}{}</li>',
        (
            (
                kind_class,
                capfirst(ref.kind),
                gap,
                tables.link(ref.url, ref.name) if ref.url else ref.name,
            )
            for ref in references
        ),
    )


@register.simple_tag
def blocked_reasons(references=(), *reasons):
    """Why a delete is refused, one sentence each: `reasons` given (empty ones left out), then what uses
    the object ("Used by flow “Sales”, channel “Chat” and 2 more: …")."""
    found = [str(reason) for reason in reasons if reason]
    references = list(references or ())
    if references:
        shown = ", ".join(f"{ref.kind} “{ref.name}”" for ref in references[:USED_BY_NAMED])
        more = len(references) - USED_BY_NAMED
        if more > 0:
            found.append(
                ngettext(
                    "Used by %(names)s and %(count)d more: it cannot be deleted until nothing uses it.",
                    "Used by %(names)s and %(count)d more: it cannot be deleted until nothing uses it.",
                    more,
                )
                % {"names": shown, "count": more}
            )
        else:
            found.append(
                _("Used by %(names)s: it cannot be deleted until nothing uses it.") % {"names": shown}
            )
    return found


USED_BY_NAMED = 3


@register.simple_tag(takes_context=True)
def pagination(context):
    """Below a list's rows: the count, the pages and the page size (contactcenter.tables.pagination)."""
    return tables.pagination(
        context["request"], context["page_obj"], context.get("page_sizes", ()), context.get("page_size", 0)
    )


@register.simple_tag
def main_navigation(nav: str = "") -> str:
    """The side navigation (includes/main_nav.html): the same for every member of every organization, so
    drawn once per language, section and process, not on every page."""
    return _main_navigation(translation.get_language(), str(nav or ""), get_script_prefix())


@lru_cache(maxsize=64)
def _main_navigation(language: str, nav: str, script_prefix: str) -> str:
    return render_to_string("includes/main_nav.html", {"nav": nav})  # safe already


@register.simple_tag
def filter_options(bound_field) -> str:
    """A list toolbar's filter `<select>` options, the chosen one selected; a refused value stays selected as
    typed (its message is in list_errors.html) until another is chosen."""
    chosen = bound_field.value()
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if chosen == value else "", label)
            for value, label in bound_field.field.choices
        ),
    )
    if bound_field.errors:
        options += format_html('<option value="{}" selected>{}</option>', chosen, chosen)
    return options
