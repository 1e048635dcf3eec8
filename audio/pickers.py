"""What the console's pickers offer of this app: audio files."""

from django.utils.translation import gettext_lazy

from contactcenter.pickers import Picker, register

from .models import AudioFile


@register
class AudioFilePicker(Picker):
    key = "audio-files"
    model = AudioFile
    fields = ("name",)
    noun_plural = gettext_lazy("audio files")
    empty_label = gettext_lazy("None (the system's default music)")
