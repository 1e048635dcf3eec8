"""The channel form: it parses what the administrator typed; the services decide what is allowed."""

import uuid

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from audio.models import AudioFile
from contactcenter.forms import DeleteForm, OrganizationModelForm
from contactcenter.pickers import PickerChoiceField, PickerMultipleChoiceField
from flows.choices import FlowKind
from flows.models import Flow
from queues.choices import QueueType
from queues.models import Queue
from support_numbers.models import SupportNumber

from .choices import ChannelType, SocialChannelType
from .models import EMPTY_WHEN_NOT_APPLICABLE, SERVICE_LEVEL_SECONDS, TYPE_DEPENDENT_FIELDS, EntryPoint
from .selectors import held_numbers

# The system channel keeps what the system made: the console changes only its description and numbers.
SYSTEM_CHANNEL_FIELDS = frozenset({"description", "support_numbers"})

# Every htmx attribute the two "refresh the dependent fields" selects share. An empty hx-post
# posts to the page's own URL, which answers `_refresh` with the partial named by HX-Target.
REFRESH_ATTRS = {
    "hx-post": "",
    "hx-trigger": "change",
    "hx-target": "#type-fields",
    "hx-swap": "outerHTML",
    "hx-include": "closest form",
    "hx-vals": '{"_refresh": "1"}',
    "hx-sync": "closest form:replace",
    "hx-indicator": "#type-fields-indicator",
}


def _pk(value) -> str | None:
    """A submitted id as a canonical UUID string, or None for anything else."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if value in (None, ""):
        return None
    try:
        return str(uuid.UUID(str(getattr(value, "pk", value))))
    except (ValueError, AttributeError, TypeError):
        return None


class EntryPointForm(OrganizationModelForm):
    channel_type = forms.ChoiceField(
        label=_("Channel type"),
        choices=[("", _("Choose a channel type…")), *ChannelType.choices],
        error_messages={
            "required": _("Choose the channel type."),
            "invalid_choice": _("Choose one of the listed channel types."),
        },
    )
    # Pickers, not selects: the page shows the current value and about twenty matches, whatever the
    # number of flows, queues, audio files or numbers (contactcenter/pickers.py).
    flow = PickerChoiceField(
        Flow.objects.none(),
        picker="flows",
        required=False,
        error_messages={"invalid_choice": _("Choose one of your organization's flows.")},
    )
    music_on_hold = PickerChoiceField(
        AudioFile.objects.none(),
        picker="audio-files",
        required=False,
        error_messages={"invalid_choice": _("Choose one of your organization's audio files.")},
    )
    outdial_queue = PickerChoiceField(
        Queue.objects.none(),
        picker="queues",
        required=False,
        error_messages={"invalid_choice": _("Choose one of your organization's queues.")},
    )
    support_numbers = PickerMultipleChoiceField(
        SupportNumber.objects.none(),
        picker="support-numbers",
        label=_("Support numbers"),
        required=False,
        error_messages={
            "invalid_choice": _("%(value)s is not one of your free support numbers; choose from the list."),
            "invalid_pk_value": _("“%(pk)s” is not a support number."),
        },
        help_text=_(
            "The numbers customers call to reach this channel: its own numbers first, then the free ones."
        ),
    )

    class Meta:
        model = EntryPoint
        fields = (
            "name",
            "description",
            "social_channel_type",
            "timezone",
            "service_level_threshold",
            "flow",
            "music_on_hold",
            "outdial_queue",
        )
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "description": forms.Textarea(attrs={"rows": 2}),
            "timezone": forms.TextInput(
                attrs={"list": "timezone-options", "autocomplete": "off", "spellcheck": "false"}
            ),
            "service_level_threshold": forms.NumberInput(
                attrs={"min": 1, "step": 1, "inputmode": "numeric", "data-duration-input": ""}
            ),
        }
        help_texts = {
            "name": _("Up to 80 characters: letters, digits, underscores and hyphens; no spaces."),
            "description": _("Optional, up to 255 characters."),
        }
        error_messages = {
            "service_level_threshold": {"invalid": _("Enter a whole number of seconds, for example 30.")},
        }

    field_order = ("name", "description", "channel_type", *TYPE_DEPENDENT_FIELDS)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        instance: EntryPoint = self.instance
        # The id is a client-side UUID default, so `pk` is set even before the first save.
        self.editing = not instance._state.adding
        self.is_system = instance.is_system
        self.fields["name"].label = _("Name")
        self.fields["description"].label = _("Description")
        if self.editing:
            self.fields["channel_type"].initial = instance.channel_type
        elif not self.initial.get("timezone"):
            self.initial["timezone"] = organization.timezone
        self.fields["channel_type"].widget.attrs.update(REFRESH_ATTRS)

        # The model's own messages explain an out-of-range threshold (with the maximum for the
        # type); the form only turns the text into a number.
        threshold = self.fields["service_level_threshold"]
        threshold.validators = [
            v for v in threshold.validators if not isinstance(v, MinValueValidator | MaxValueValidator)
        ]
        threshold.min_value = None
        threshold.widget.attrs["min"] = 1
        # The page renders the threshold's hint itself, beside the live "= 5 min".
        threshold.widget.attrs["aria-describedby"] = f"{self.auto_id % 'service_level_threshold'}_hint"
        # An over-long paste is shown back with its error rather than cut off by the browser.
        self.fields["description"].widget.attrs.pop("maxlength", None)

        self.current_type = self._current_channel_type()
        self.flow_choice = self._current_flow()
        self.routed_by_strategy = bool(self.flow_choice and self.flow_choice.is_routing_strategy)
        self.applicable = EntryPoint.applicable_fields(
            self.current_type, routed_by_strategy=self.routed_by_strategy, is_system=self.is_system
        )
        if self.is_system:
            self.applicable &= SYSTEM_CHANNEL_FIELDS
            del self.fields["name"]

        for name in TYPE_DEPENDENT_FIELDS:
            if name not in self.applicable:
                del self.fields[name]
        self._configure_dependent_fields(organization)

    # -- what the form shows -------------------------------------------------------------

    def _typed(self, name: str):
        """The value shown for `name`: as posted, as typed (refresh) or as stored."""
        if self.is_bound:
            return self.data.get(self.add_prefix(name))
        if name in self.initial:
            return self.initial[name]
        field = self.fields.get(name)
        return field.initial if field is not None else None

    def _current_channel_type(self) -> str | None:
        if self.editing:
            return self.instance.channel_type
        value = self._typed("channel_type")
        return value if value in ChannelType.values else None

    def _current_flow(self) -> Flow | None:
        wanted = _pk(self._typed("flow"))
        if wanted is None:
            return None
        if self.instance.flow_id is not None and str(self.instance.flow_id) == wanted:
            return self.instance.flow  # loaded with the channel
        return Flow.objects.filter(organization=self.organization, pk=wanted).first()

    @cached_property
    def held_numbers(self) -> list[SupportNumber]:
        """The numbers the channel holds (as stored), by number: the picker's chosen ones and the page's
        panel read them once."""
        return held_numbers(self.instance)

    @property
    def current_type_label(self) -> str:
        return ChannelType(self.current_type).label if self.current_type else ""

    @property
    def is_outbound(self) -> bool:
        return self.current_type == ChannelType.OUTBOUND_TELEPHONY

    @property
    def service_level_max(self) -> int | None:
        return SERVICE_LEVEL_SECONDS.maximum(self.current_type)

    @property
    def shows_strategy_note(self) -> bool:
        return self.is_outbound and self.routed_by_strategy and not self.is_system

    def _configure_dependent_fields(self, organization) -> None:
        fields = self.fields
        if "social_channel_type" in fields:
            fields["social_channel_type"].label = _("Social channel type")
            fields["social_channel_type"].choices = [
                ("", _("Choose a social channel…")),
                *SocialChannelType.choices,
            ]
        if "timezone" in fields:
            fields["timezone"].label = _("Time zone")
            fields["timezone"].help_text = _(
                "Business hours of this channel are evaluated in this time zone. "
                "Your organization's default is %(tz)s."
            ) % {"tz": organization.timezone}
        if "service_level_threshold" in fields:
            field = fields["service_level_threshold"]
            field.label = _("Service level threshold (seconds)")
            field.widget.attrs["placeholder"] = _("for example 30")
            if self.service_level_max:
                field.widget.attrs["max"] = self.service_level_max
                field.help_text = f"{field.help_text} {SERVICE_LEVEL_SECONDS.help_text(self.current_type)}"
        if "flow" in fields:
            self._configure_flow(fields["flow"])
        if "music_on_hold" in fields:
            field = fields["music_on_hold"]
            field.label = _("Music on hold")
            field.queryset = AudioFile.objects.filter(organization=organization)
            field.widget.optional = True
        if "outdial_queue" in fields:
            field = fields["outdial_queue"]
            field.label = _("Outdial queue")
            field.help_text = _("The outbound telephony queue that places the calls of this channel.")
            field.queryset = Queue.objects.filter(organization=organization)
            field.widget.params = {"outbound": "1"}
            self.outdial_queue_count = int(
                self._holds_outbound_queue()
                or Queue.objects.filter(
                    organization=organization, queue_type=QueueType.OUTBOUND, channel_type="telephony"
                ).exists()
            )
        if "support_numbers" in fields:
            offered = Q(entry_point__isnull=True)
            if self.editing:
                offered |= Q(entry_point=self.instance)
            field = fields["support_numbers"]
            # Validation reads only the posted ids (`pk IN (…)`); the picker shows about twenty.
            field.queryset = SupportNumber.objects.filter(offered, organization=organization)
            if self.editing:
                field.widget.params = {"entry_point": str(self.instance.pk)}
            if self.editing:
                # The picker shows the channel's own numbers without reading them again.
                field.widget.known = {str(number.pk): number for number in self.held_numbers}
            if self.editing and not self.is_bound and "support_numbers" not in self.initial:
                field.initial = [str(number.pk) for number in self.held_numbers]

    def _holds_outbound_queue(self) -> bool:
        """Whether the channel's own outdial queue (loaded with it) is an outbound telephony queue: then
        the organization has one, and no query needs to ask."""
        queue_field = EntryPoint._meta.get_field("outdial_queue")
        if not self.editing or not queue_field.is_cached(self.instance):
            return False
        queue = self.instance.outdial_queue
        return (
            queue is not None
            and queue.organization_id == self.organization.pk
            and queue.queue_type == QueueType.OUTBOUND
            and queue.channel_type == "telephony"
        )

    def _configure_flow(self, field: PickerChoiceField) -> None:
        field.label = _("Routing flow")
        # Every flow is accepted, so the model refuses a strategy on an inbound channel with its own
        # message; an inbound channel is offered flows only.
        field.queryset = Flow.objects.filter(organization=self.organization)
        if self.is_outbound:
            # The flow's kind decides the outbound fields: choosing one refreshes them.
            field.widget.results_attrs = REFRESH_ATTRS
        else:
            field.widget.params = {"kind": FlowKind.FLOW}
        field.help_text = _(
            "Flows with business hours are recommended: the channel then follows your working hours, "
            "holidays and overrides."
        )

    # -- what the form hands to the service ------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        if not self.is_system:
            # A field that does not apply is not shown, and is handed on empty.
            for name, empty in EMPTY_WHEN_NOT_APPLICABLE.items():
                if name not in self.fields:
                    cleaned[name] = empty
        return cleaned

    def verdict_values(self) -> dict:
        values = super().verdict_values()
        if self.instance._state.adding:
            # A form field of its own (fixed once created), but the model judges the type too.
            values["channel_type"] = self.cleaned_data.get("channel_type") or ""
        return values

    def service_fields(self) -> dict:
        """Keyword arguments for entry_point_create/update from the cleaned data."""
        data = self.cleaned_data
        if self.is_system:
            names = ["description"]
        else:
            names = ["name", "description", "channel_type", *EMPTY_WHEN_NOT_APPLICABLE]
            names += [n for n in ("timezone", "service_level_threshold", "flow") if n in self.fields]
        fields = {name: data.get(name) for name in names}
        if "support_numbers" in self.fields:
            fields["support_numbers"] = list(data.get("support_numbers") or [])
        return fields


class EntryPointDeleteForm(DeleteForm):
    release_numbers = forms.BooleanField(required=False, label=_("Release these numbers"))
