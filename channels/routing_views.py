"""Customer Experience > Test routing: a GET form (so an answer has a shareable URL) and the answer card."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from contactcenter.views import MemberMixin, add_errors
from support_numbers.models import SupportNumber

from .models import EntryPoint
from .routing import RoutingResult, routing_resolve, utc_offset

# The service names its fields as the API does; the form's own names differ for these.
_FORM_FIELD = {"local_time": "date"}


class RoutingTestForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Support number"),
        required=False,
        max_length=40,
        help_text=gettext_lazy("Any common form: +45 33 12 34 56, +4533123456, 0045 33 12 34 56."),
        widget=forms.TextInput(
            attrs={"list": "routing-numbers", "autocomplete": "off", "placeholder": "+45 33 12 34 56"}
        ),
    )
    entry_point = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("No such channel in your organization.")},
    )
    date = forms.DateField(
        label=gettext_lazy("Local date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": gettext_lazy("Enter a date as YYYY-MM-DD.")},
    )
    time = forms.TimeField(
        label=gettext_lazy("Local time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={"invalid": gettext_lazy("Enter a time as HH:MM.")},
    )
    fold = forms.TypedChoiceField(
        label=gettext_lazy("If the time happens twice"),
        choices=[
            (0, gettext_lazy("First time (before the clocks go back)")),
            (1, gettext_lazy("Second time (after the clocks go back)")),
        ],
        coerce=int,
        required=False,
        empty_value=0,
        initial=0,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Only matters in the hour the clocks go back in autumn, which happens twice."),
    )

    def __init__(self, *args, channels: list[EntryPoint], **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["entry_point"].choices = [("", _("— or choose a channel —"))] + [
            (str(channel.pk), channel_label(channel)) for channel in channels
        ]

    def clean(self):
        cleaned = super().clean()
        day, moment = cleaned.get("date"), cleaned.get("time")
        if (day is None) != (moment is None) and not self.errors:
            missing = "time" if moment is None else "date"
            self.add_error(missing, _("Enter both a date and a time, or leave both empty for now."))
        return cleaned

    def local(self) -> datetime.datetime | None:
        day, moment = self.cleaned_data.get("date"), self.cleaned_data.get("time")
        return datetime.datetime.combine(day, moment) if day and moment else None


def channel_label(channel: EntryPoint) -> str:
    label = f"{channel.name} · {channel.get_channel_type_display()}"
    return label if channel.active else _("%(channel)s (inactive)") % {"channel": label}


def _field_errors(error: ValidationError) -> ValidationError:
    """The service's errors under the form's field names."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({_FORM_FIELD.get(name, name): errors for name, errors in error.error_dict.items()})


def _moment_url(result: RoutingResult, query: dict, fold: int | None = None) -> str:
    """This question at the exact local time answered (a link that stays true tomorrow)."""
    local = result.at.replace(tzinfo=None)
    params = {key: value for key, value in query.items() if key in ("number", "entry_point") and value}
    params.update(date=local.strftime("%Y-%m-%d"), time=local.strftime("%H:%M"))
    chosen = result.fold if fold is None else fold
    if result.ambiguous:
        params["fold"] = chosen
    return f"{reverse('routing-test')}?{urlencode(params)}"


class RoutingTestView(MemberMixin, View):
    """Read-only for everyone: the form asks, nothing is changed."""

    model = EntryPoint
    template_name = "channels/routing_test.html"

    def get(self, request, *args, **kwargs):
        channels = list(self.get_queryset().only("id", "name", "channel_type", "active").order_by("name"))
        submitted = any(name in request.GET for name in RoutingTestForm.base_fields)
        typed = None
        if submitted:
            typed = request.GET.copy()
            typed.setdefault("fold", "0")  # so that the first time stays marked when no pass was chosen
        form = RoutingTestForm(typed, channels=channels)
        result = None
        if submitted and form.is_valid():
            data = form.cleaned_data
            try:
                result = routing_resolve(
                    organization=self.organization,
                    number=data["number"] or None,
                    entry_point=data["entry_point"] or None,
                    local=form.local(),
                    fold=data["fold"],
                )
            except ValidationError as error:
                add_errors(form, _field_errors(error))
        context = {
            "nav": "routing",
            "form": form,
            "result": result,
            "numbers": SupportNumber.objects.filter(organization=self.organization)
            .select_related("entry_point")
            .order_by("number"),
        }
        if result is not None:
            context.update(self.answer_context(result, request.GET.dict()))
        return render(request, self.template_name, context)

    def answer_context(self, result: RoutingResult, query: dict) -> dict:
        context = {"permalink": _moment_url(result, query)}
        status = result.status
        if status is not None and status.until is not None:
            context["until_offset"] = utc_offset(status.until)
            # By timestamp: within one zone, datetimes compare by wall clock and ignore `fold`.
            if status.next_change is not None and status.next_change.timestamp() < status.until.timestamp():
                context["rule_change"] = status.next_change
        if result.ambiguous:
            context["occurrences"] = [
                {
                    "fold": fold,
                    "offset": utc_offset(moment),
                    "url": _moment_url(result, query, fold),
                    "current": fold == result.fold,
                }
                for fold, moment in sorted(
                    [(result.fold, result.at), (1 - result.fold, result.other_occurrence)],
                    key=lambda pair: pair[0],
                )
            ]
        return context
