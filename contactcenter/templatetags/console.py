from django import template
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from contactcenter.formats import weekday_and_date
from contactcenter.validators import duration_hint

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str):
    """A column header that sorts by `key`, toggling the direction, keeping search and filters."""
    request = context["request"]
    current = context.get("sort", "")
    params = request.GET.copy()
    params.pop("page", None)
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


@register.filter
def duration(seconds):
    """ "5 min" for 300; "" for anything that is not a positive whole number (typed input can be junk)."""
    try:
        value = int(seconds)
    except (TypeError, ValueError):
        return ""
    return duration_hint(value) if value > 0 else ""


@register.filter
def ago(moment) -> str:
    """ "3 minutes ago", or "just now" within the first minute (timesince alone says "0 minutes")."""
    if not moment:
        return ""
    if (timezone.now() - moment).total_seconds() < 60:
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(moment)}


@register.filter
def absolute_url(obj) -> str:
    """The object's page, or "" while its console does not exist yet (so templates can link safely)."""
    try:
        return obj.get_absolute_url() if obj is not None else ""
    except (AttributeError, NoReverseMatch):
        return ""


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


@register.filter
def weekday_date(day) -> str:
    """A day with its weekday, in the language: "Thu 24 Dec 2026" / "torsdag 24. dec. 2026"."""
    return weekday_and_date(day) if day else ""
