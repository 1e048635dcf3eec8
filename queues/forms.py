from django import forms
from django.utils.translation import gettext_lazy as _

from contactcenter.choices import ChannelKind
from contactcenter.forms import OrganizationModelForm
from contactcenter.pickers import use_picker

from .choices import QueueType
from .models import QUEUE_SECONDS, Queue


class QueueForm(OrganizationModelForm):
    """A queue; the channel types on offer and the music field follow the chosen queue type."""

    class Meta:
        model = Queue
        fields = [
            "name",
            "description",
            "queue_type",
            "channel_type",
            "routing_type",
            "service_level_threshold",
            "max_time_in_queue",
            "music_in_queue",
            "active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "queue_type": forms.RadioSelect(attrs={"class": "segmented", "data-refresh": ""}),
            "channel_type": forms.Select(attrs={"data-refresh": ""}),
            "service_level_threshold": forms.NumberInput(
                attrs={"min": 1, "step": 1, "inputmode": "numeric", "data-duration-input": ""}
            ),
            "max_time_in_queue": forms.NumberInput(
                attrs={"min": 1, "step": 1, "inputmode": "numeric", "data-duration-input": ""}
            ),
        }
        help_texts = {
            "name": _("Letters, digits, _ and - only; at most 80 characters."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self, "music_in_queue", "audio-files")
        self.queue_type = self.current("queue_type") or QueueType.INBOUND
        self.channel_type = self.current("channel_type") or ChannelKind.TELEPHONY
        if self.queue_type == QueueType.OUTBOUND:
            # Offer only what an outbound queue can be; a forged value still meets the model's message.
            telephony = ChannelKind.TELEPHONY
            self.fields["channel_type"].widget.choices = [(telephony.value, telephony.label)]
            self.fields["channel_type"].help_text = _("Outbound queues are telephony only.")
            if not self.is_bound:
                self.channel_type = ChannelKind.TELEPHONY
                self.initial["channel_type"] = ChannelKind.TELEPHONY
        # Music plays only on telephony queues; elsewhere the field is not shown and saved empty.
        self.music_applies = self.channel_type == ChannelKind.TELEPHONY
        if not self.music_applies:
            del self.fields["music_in_queue"]
        limit = QUEUE_SECONDS.maximum(self.channel_type)
        purposes = {
            "service_level_threshold": _(
                "How long a contact may wait before it counts as outside the service level."
            ),
            "max_time_in_queue": _("How long a contact may wait in this queue at most."),
        }
        for name, purpose in purposes.items():
            field = self.fields[name]
            field.widget.attrs["aria-describedby"] = f"{self.auto_id % name}_hint"
            field.help_text = purpose
            if limit:
                field.widget.attrs["max"] = limit
                field.help_text = f"{purpose} {QUEUE_SECONDS.help_text(self.channel_type)}"

    def current(self, name: str) -> str:
        """The value the user chose (typed data when bound, else the stored or initial value)."""
        if self.is_bound:
            return self.data.get(self.add_prefix(name), "") or ""
        value = self.initial.get(name, "")
        return str(value) if value is not None else ""

    def clean(self):
        cleaned = super().clean()
        if not self.music_applies:
            # The field is not offered for this channel type: what was typed means "no music".
            cleaned["music_in_queue"] = None
        return cleaned
