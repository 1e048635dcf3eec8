"""The form renderer: Django's widget templates, drawn in Python for the widgets the console uses.

Django renders every widget through its own templates (django/forms/widgets/*.html): an input is
`text.html`, which includes `input.html`, which includes `attrs.html`, each a template render with its
context and a dozen nodes; a select renders `select_option.html` once per option. On the channel page
that was a fifth of its rendering. `ConsoleFormRenderer` produces the same characters (whitespace
included) in Python for those templates and hands any other template (a widget with its own, a form's or
an error list's) to Django's renderer; tests/contactcenter/test_renderers.py compares the two on every
widget of django.forms.
"""

from collections.abc import Callable
from types import SimpleNamespace

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.html import escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
# What render_value_in_context reads of a template's context: the settings' time zone and formats, escaping.
_CONTEXT = SimpleNamespace(use_tz=None, use_l10n=None, autoescape=True)


class _NotDrawn(Exception):
    """A widget whose option uses a template this module does not draw."""


def _out(value) -> str:
    """`{{ value }}`."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}` (the filter keeps a safe string safe)."""
    text = stringformat(value, "s")
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(widget: dict) -> str:
    """attrs.html."""
    return "".join(
        f" {_out(name)}" if value is True else f' {_out(name)}="{_formatted(value)}"'
        for name, value in widget["attrs"].items()
        if value is not False
    )


def _input(widget: dict) -> str:
    """input.html."""
    value = widget.get("value")
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return f'<input type="{_out(widget.get("type", ""))}" name="{_out(widget["name"])}"{shown}{_attrs(widget)}>\n'


def _input_option(widget: dict) -> str:
    """input_option.html."""
    if not widget.get("wrap_label"):
        return f"{_input(widget)}\n"
    target = widget["attrs"].get("id")
    label_for = f' for="{_out(target)}"' if target else ""
    return f"<label{label_for}>{_input(widget)} {_out(widget['label'])}</label>\n"


def _option(widget: dict) -> str:
    """One option of a choice widget, by its own template."""
    draw = _DRAWN.get(widget["template_name"])
    if draw is None:
        raise _NotDrawn
    return draw(widget)


def _select(widget: dict) -> str:
    """select.html."""
    parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget)}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        parts += [f"\n  {_option(option)}" for option in group_choices]
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _select_option(widget: dict) -> str:
    """select_option.html."""
    return f'<option value="{_formatted(widget["value"])}"{_attrs(widget)}>{_out(widget["label"])}</option>\n'


def _multiple_input(widget: dict) -> str:
    """multiple_input.html (radio buttons, checkboxes)."""
    box_id, css_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{_out(box_id)}"' if box_id else "",
        f' class="{_out(css_class)}"' if css_class else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_out(group)}</label>")
        parts += [f"<div>\n    {_option(option)}</div>" for option in options]
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    """textarea.html."""
    value = widget.get("value")
    return f'<textarea name="{_out(widget["name"])}"{_attrs(widget)}>\n{_out(value) if value else ""}</textarea>\n'


def _including(draw: Callable[[dict], str]) -> Callable[[dict], str]:
    """A template that only includes another: `{% include "…" %}` and its own final newline."""
    return lambda widget: f"{draw(widget)}\n"


# The templates that only include input.html.
_INPUTS = ("checkbox", "color", "date", "datetime", "email", "file", "hidden", "number", "password", "search", "tel", "text", "time", "url")  # fmt: skip

_DRAWN: dict[str, Callable[[dict], str]] = {
    f"{WIDGETS}input.html": _input,
    **{f"{WIDGETS}{name}.html": _including(_input) for name in _INPUTS},
    f"{WIDGETS}input_option.html": _input_option,
    f"{WIDGETS}radio_option.html": _including(_input_option),
    f"{WIDGETS}checkbox_option.html": _including(_input_option),
    f"{WIDGETS}multiple_input.html": _multiple_input,
    f"{WIDGETS}radio.html": _including(_multiple_input),
    f"{WIDGETS}checkbox_select.html": _including(_multiple_input),
    f"{WIDGETS}select.html": _select,
    f"{WIDGETS}select_option.html": _select_option,
    f"{WIDGETS}textarea.html": _textarea,
}


class ConsoleFormRenderer(DjangoTemplates):
    """Django's templates renderer (settings.FORM_RENDERER), with the common widgets drawn in Python."""

    def render(self, template_name, context, request=None):
        draw = _DRAWN.get(template_name)
        widget = context.get("widget") if draw is not None else None
        if isinstance(widget, dict):
            try:
                return draw(widget).strip()
            except _NotDrawn:
                pass
        return super().render(template_name, context, request=request)
