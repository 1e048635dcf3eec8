from django import forms
from django.utils.translation import gettext_lazy as _


class OrganizationModelForm(forms.ModelForm):
    """A model form bound to one organization: choices list only that organization's objects.

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
            if queryset is not None and hasattr(queryset.model, "organization"):
                field.queryset = queryset.filter(organization=organization)
        self.label_suffix = ""

    def data_for_service(self, *names: str) -> dict:
        """The cleaned values of the named fields, as keyword arguments for a service."""
        return {name: self.cleaned_data.get(name) for name in names if name in self.cleaned_data}


class DeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    confirm = forms.BooleanField(required=False, label=_("I understand"))
