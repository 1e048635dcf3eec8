from django import forms
from django.utils.translation import gettext_lazy as _

from contactcenter.forms import OrganizationModelForm

from .models import AudioFile

WAV_TYPES = "audio/wav,audio/x-wav,audio/wave,.wav"


class AudioFileForm(OrganizationModelForm):
    """Upload a WAV (new file) or rename one; the model's clean() checks the bytes really are WAV."""

    class Meta:
        model = AudioFile
        fields = ["name", "description", "file"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "file": forms.FileInput(attrs={"accept": WAV_TYPES}),
        }
        labels = {"file": _("WAV file")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = self.instance._state.adding
        if self.creating:
            self.fields["name"].required = False
            self.fields["name"].help_text = _(
                "Ends in .wav; letters, digits, dots, underscores, hyphens and single spaces. "
                "Leave it empty to use the file's name."
            )
            self.fields["file"].help_text = _("A WAV audio file of at most 10 MB.")
        else:
            # A stored recording is renamed here, not replaced.
            del self.fields["file"]
            self.fields["name"].help_text = _(
                "Ends in .wav; letters, digits, dots, underscores, hyphens and single spaces."
            )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if self.creating and not cleaned.get("name") and upload is not None and "name" not in self.errors:
            cleaned["name"] = upload.name
        return cleaned
