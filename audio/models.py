import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy

from contactcenter.fields import NameField
from contactcenter.models import OrganizationOwned, sort_indexes, unique_name_per_organization
from contactcenter.validators import NameValidator

from .storage import audio_storage

validate_audio_name = NameValidator(wav=True)


def audio_upload_to(instance, filename: str) -> str:
    return f"audio/{instance.organization_id}/{uuid.uuid4().hex}.wav"


class AudioFile(OrganizationOwned):
    name = NameField(gettext_lazy("name"), validators=[validate_audio_name])
    description = models.CharField(gettext_lazy("description"), max_length=255, blank=True)
    file = models.FileField(
        gettext_lazy("file"), upload_to=audio_upload_to, storage=audio_storage, max_length=200
    )
    size = models.PositiveIntegerField(gettext_lazy("size in bytes"), default=0, editable=False)
    duration_seconds = models.FloatField(gettext_lazy("duration in seconds"), null=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = gettext_lazy("audio file")
        verbose_name_plural = gettext_lazy("audio files")
        indexes = sort_indexes("audiofile", "name", "size", "updated_at")
        constraints = [unique_name_per_organization("audiofile")]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("audio:audiofile-detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        # Only a new upload is inspected; a stored file was checked when it arrived.
        if self.file and not getattr(self.file, "_committed", True):
            from .validators import validate_wav_upload

            try:
                self.duration_seconds = validate_wav_upload(self.file)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from None
            self.size = self.file.size


class AudioBlob(models.Model):
    """The bytes of one stored recording (audio.storage): in the database, so every server reads them."""

    name = models.CharField(max_length=200, primary_key=True)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("stored recording")
        verbose_name_plural = gettext_lazy("stored recordings")

    def __str__(self):
        return self.name
