"""The form renderer draws Django's widget templates in Python: the same characters as the templates."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from contactcenter.renderers import ConsoleFormRenderer

TEMPLATES, DRAWN = DjangoTemplates(), ConsoleFormRenderer()

# Every kind of value an attribute or a label may hold: text to escape, a safe string, a lazy
# translation, numbers, True (a bare attribute) and False (left out).
TRICKY = "<b>\"Ann\" & 'Bo'</b>"
ATTRS = {
    "class": TRICKY,
    "required": True,
    "disabled": False,
    "data-zero": 0,
    "min": 1,
    "placeholder": gettext_lazy("Search"),
    "data-safe": mark_safe("a&amp;b"),
    "aria-describedby": "id_x_hint id_x_error",
}
CHOICES = [
    ("", gettext_lazy("None")),
    ("a", TRICKY),
    (1, "One"),
    (mark_safe("<s>"), mark_safe("<em>safe</em>")),
    ("Group <1>", [("g1", "First"), ("g2", gettext_lazy("Active"))]),
    (2.5, 1234567),
]

INPUTS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.ColorInput,
    forms.SearchInput,
    forms.TelInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.FileInput,
    forms.Textarea,
    forms.CheckboxInput,
]
VALUES = [
    None,
    "",
    "plain",
    TRICKY,
    mark_safe("<i>safe</i>"),
    0,
    12.5,
    1234567,
    True,
    False,
    datetime.date(2026, 12, 24),
    datetime.datetime(2026, 12, 24, 10, 30),
    datetime.time(7, 5),
    gettext_lazy("Active"),
]


def _both(widget: forms.Widget, value, attrs) -> tuple[str | None, str | None]:
    """The widget through Django's templates and through the renderer (both None for a value the
    widget itself cannot take, such as a list for a yes/no select)."""
    try:
        expected = widget.render("field", value, attrs=attrs, renderer=TEMPLATES)
    except (TypeError, ValueError, AttributeError):
        return None, None
    return expected, widget.render("field", value, attrs=attrs, renderer=DRAWN)


def test_the_console_uses_it():
    assert settings.FORM_RENDERER == "contactcenter.renderers.ConsoleFormRenderer"
    assert isinstance(get_default_renderer(), ConsoleFormRenderer)


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_field"}, {**ATTRS, "id": "id_<field>"}])
@pytest.mark.parametrize("widget_class", INPUTS, ids=lambda cls: cls.__name__)
def test_an_input_is_drawn_as_its_template(widget_class, attrs, language):
    with translation.override(language):
        for value in VALUES:
            for widget in (widget_class(), widget_class(attrs={"rows": 3, "data-x": TRICKY})):
                expected, drawn = _both(widget, value, attrs)
                assert drawn == expected, (value, expected, drawn)


def test_a_password_is_drawn_as_its_template_with_or_without_its_value():
    for render_value in (True, False):
        expected, drawn = _both(forms.PasswordInput(render_value=render_value), TRICKY, {"id": "id_p"})
        assert drawn == expected


CHOICE_WIDGETS = [
    forms.Select,
    forms.SelectMultiple,
    forms.RadioSelect,
    forms.CheckboxSelectMultiple,
    forms.NullBooleanSelect,
]


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_field"}, {**ATTRS, "id": "id_field"}])
@pytest.mark.parametrize("widget_class", CHOICE_WIDGETS, ids=lambda cls: cls.__name__)
def test_a_choice_widget_is_drawn_as_its_template(widget_class, attrs, language):
    with translation.override(language):
        for value in [None, "", "a", ["a", "g2"], 1, "1", [2.5], "<s>", "unknown", True, "true"]:
            for choices in ([], CHOICES, [("x", "X")]):
                widget = (
                    widget_class()
                    if widget_class is forms.NullBooleanSelect
                    else widget_class(choices=choices)
                )
                expected, drawn = _both(widget, value, attrs)
                assert drawn == expected, (value, expected, drawn)


def test_a_widget_with_a_template_of_its_own_is_left_to_django():
    class Stars(forms.RadioSelect):
        option_template_name = "django/forms/widgets/select_option.html"  # drawn as well

    class Odd(forms.RadioSelect):
        option_template_name = "django/forms/widgets/attrs.html"  # not drawn: its template renders it

    for widget in (Stars(choices=CHOICES), Odd(choices=CHOICES)):
        expected, drawn = _both(widget, "a", {"id": "id_s"})
        assert drawn == expected
    for widget in (
        forms.ClearableFileInput(),
        forms.SplitDateTimeWidget(),
        forms.MultipleHiddenInput(),
        forms.SelectDateWidget(),
    ):
        for value in (None, ["a", "b"], datetime.datetime(2026, 12, 24, 10, 30)):
            expected, drawn = _both(widget, value, None)
            assert drawn == expected


def test_a_bound_form_with_errors_renders_the_same():
    class Form(forms.Form):
        name = forms.CharField(max_length=3, help_text=TRICKY)
        kind = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
        when = forms.DateField()

    data = {"name": "<too long>", "kind": "zz", "when": "never"}
    drawn, expected = Form(data, renderer=DRAWN), Form(data, renderer=TEMPLATES)
    assert str(drawn) == str(expected)
    for name in ("name", "kind", "when"):
        assert str(drawn[name]) == str(expected[name])
