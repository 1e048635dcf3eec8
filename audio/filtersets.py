import django_filters

from contactcenter.filtersets import UsageFilter

from .models import AudioFile


class AudioFileFilterSet(django_filters.FilterSet):
    """The audio files' filters, as `/api/v1/audio-files/` takes them: none beyond search and ordering."""

    class Meta:
        model = AudioFile
        fields: list[str] = []


class AudioFileConsoleFilterSet(AudioFileFilterSet):
    """The Audio files page: whether a queue or a channel plays the file."""

    usage = UsageFilter()
