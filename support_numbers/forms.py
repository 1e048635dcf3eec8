from django import forms
from django.utils.translation import gettext_lazy as _

from contactcenter.forms import OrganizationModelForm

from .models import SupportNumber


class SupportNumberForm(OrganizationModelForm):
    # No length limit here: "+1 (800) 555-0199" is longer than its E.164 form, which the model checks.
    number = forms.CharField(
        label=_("Number"),
        help_text=_("In international form, starting with + and the country code: +45 33 12 34 56."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel", "spellcheck": "false"}),
    )

    class Meta:
        model = SupportNumber
        fields = ["number", "description"]
        widgets = {"description": forms.TextInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding and not self.is_bound:
            self.initial["number"] = self.instance.info.international


class BulkNumbersForm(forms.Form):
    text = forms.CharField(
        label=_("Numbers, one per line"),
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "class": "numbers-box",
                "spellcheck": "false",
                "placeholder": "+45 33 12 34 56\n+45 80 20 30 40\n0045 70 10 20 30",
            }
        ),
        help_text=_(
            "Any common written form: spaces, dashes, dots and parentheses are fine, and 00 may replace +. "
            "Each line is checked on its own."
        ),
        error_messages={"required": _("Paste at least one number.")},
        strip=False,
    )
