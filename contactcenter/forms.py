from django import forms
from django.utils.translation import gettext_lazy as _

from .services import model_verdict


class OrganizationModelForm(forms.ModelForm):
    """A model form bound to one organization: it parses what was typed; the service decides.

    Choices list only that organization's objects. The form never validates or changes the model
    instance: the view hands `service_fields()` to `<entity>_create/update(**fields)`, whose
    `full_clean()` and cross-object rules run once. When a value cannot even be parsed (so the
    service will not run), the model's verdict on the values that did parse is reported at once,
    so one submit names every mistake.

    `version` carries the version the user opened, so a save based on an outdated page is
    refused by the service instead of overwriting someone else's change.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        if not self.instance._state.adding:
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            # A picker's `none()` stays empty (its form sets the queryset it validates with), and a
            # filter costs as much as the rest of building the form.
            if (
                queryset is not None
                and hasattr(queryset.model, "organization")
                and not queryset.query.is_empty()
            ):
                field.queryset = queryset.filter(organization=organization)
            if hasattr(field.widget, "organization"):  # a picker: it reads this organization's objects
                field.widget.organization = organization
        self.label_suffix = ""

    def _post_clean(self):
        # Parsing only: no construct_instance(), no full_clean() (the service runs it).
        if self._errors:
            for name, errors in model_verdict(self.instance, self.verdict_values()).items():
                if name not in self._errors:
                    self.add_error(name, errors)

    def verdict_values(self) -> dict:
        """The parsed values the model judges when the service cannot run."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}

    def service_fields(self) -> dict:
        """The parsed values as keyword arguments for the entity's create/update service."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class DeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    confirm = forms.BooleanField(required=False, label=_("I understand"))
