import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactcenter.choices import choices_check
from contactcenter.fields import NameField
from contactcenter.models import OrganizationOwned, sort_indexes, unique_name_per_organization
from contactcenter.validators import validate_name, validate_spaced_name, validate_text_name

from .choices import WEEKDAY_INDEX, FlowKind, OverrideState, Weekday
from .fields import LocalDateTimeField
from .schedule import ShiftRule, shift_overlaps

MINUTES_PER_DAY = 24 * 60


def format_minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


class HolidayList(OrganizationOwned):
    name = NameField(gettext_lazy("name"), validators=[validate_spaced_name])
    description = models.CharField(gettext_lazy("description"), max_length=255, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = gettext_lazy("holiday list")
        verbose_name_plural = gettext_lazy("holiday lists")
        indexes = sort_indexes("holidaylist", "name", "updated_at")
        constraints = [unique_name_per_organization("holidaylist")]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("flows:holidaylist-detail", kwargs={"pk": self.pk})


class Holiday(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    holiday_list = models.ForeignKey(HolidayList, on_delete=models.CASCADE, related_name="holidays")
    name = NameField(gettext_lazy("name"), validators=[validate_text_name])
    start_date = models.DateField(gettext_lazy("start date"))
    end_date = models.DateField(gettext_lazy("end date"), help_text=gettext_lazy("Inclusive."))
    repeats_yearly = models.BooleanField(gettext_lazy("repeats every year"), default=False)

    class Meta:
        ordering = ["start_date", "name"]
        verbose_name = gettext_lazy("holiday")
        verbose_name_plural = gettext_lazy("holidays")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="holiday_end_not_before_start",
                violation_error_message=gettext_lazy("The end date cannot be before the start date."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
            # Inclusive of both ends: 1 Jan–31 Dec is already a whole year.
            if self.repeats_yearly and (self.end_date - self.start_date).days >= 364:
                raise ValidationError(
                    {"end_date": _("A holiday that repeats every year must be shorter than a year.")}
                )


class OverrideList(OrganizationOwned):
    name = NameField(gettext_lazy("name"), validators=[validate_spaced_name])
    description = models.CharField(gettext_lazy("description"), max_length=255, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = gettext_lazy("override list")
        verbose_name_plural = gettext_lazy("override lists")
        indexes = sort_indexes("overridelist", "name", "updated_at")
        constraints = [unique_name_per_organization("overridelist")]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("flows:overridelist-detail", kwargs={"pk": self.pk})


class Override(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    override_list = models.ForeignKey(OverrideList, on_delete=models.CASCADE, related_name="overrides")
    name = NameField(gettext_lazy("name"), validators=[validate_text_name])
    start = LocalDateTimeField(gettext_lazy("start (local time)"))
    end = LocalDateTimeField(gettext_lazy("end (local time)"))
    state = models.CharField(
        gettext_lazy("contact center is"),
        max_length=10,
        choices=OverrideState.choices,
        default=OverrideState.CLOSED,
    )

    class Meta:
        ordering = ["start", "name"]
        verbose_name = gettext_lazy("override")
        verbose_name_plural = gettext_lazy("overrides")
        constraints = [
            models.CheckConstraint(
                condition=choices_check("state", OverrideState), name="override_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="override_end_after_start",
                violation_error_message=gettext_lazy("The end must be after the start."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")})


class BusinessHours(OrganizationOwned):
    name = NameField(gettext_lazy("name"), validators=[validate_spaced_name])
    description = models.CharField(gettext_lazy("description"), max_length=255, blank=True)
    holiday_list = models.ForeignKey(
        HolidayList,
        verbose_name=gettext_lazy("holiday list"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="business_hours",
    )
    override_list = models.ForeignKey(
        OverrideList,
        verbose_name=gettext_lazy("override list"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="business_hours",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = gettext_lazy("business hours")
        verbose_name_plural = gettext_lazy("business hours")
        indexes = sort_indexes("businesshours", "name", "updated_at")
        constraints = [unique_name_per_organization("businesshours")]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("flows:businesshours-detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        errors = self.check_same_organization(
            holiday_list=self.holiday_list, override_list=self.override_list
        )
        if errors:
            raise ValidationError(errors)


def validate_weekdays(value) -> None:
    if not isinstance(value, list) or not value:
        # Codes that a field's own error_messages don't define, so Django keeps these messages.
        raise ValidationError(_("Choose at least one weekday."), code="no_weekday")
    unknown = [day for day in value if day not in WEEKDAY_INDEX]
    if unknown:
        raise ValidationError(
            _("Unknown weekday %(day)s; use mon, tue, wed, thu, fri, sat or sun.") % {"day": unknown[0]},
            code="unknown_weekday",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each weekday can be chosen only once."), code="duplicate")


class Shift(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    business_hours = models.ForeignKey(BusinessHours, on_delete=models.CASCADE, related_name="shifts")
    name = NameField(gettext_lazy("name"), validators=[validate_text_name])
    weekdays = models.JSONField(gettext_lazy("weekdays"), default=list, validators=[validate_weekdays])
    start_minute = models.PositiveSmallIntegerField(
        gettext_lazy("start (minutes after midnight)"), help_text=gettext_lazy("0–1439; 540 is 09:00.")
    )
    end_minute = models.PositiveSmallIntegerField(
        gettext_lazy("end (minutes after midnight)"),
        help_text=gettext_lazy("0–1439; at or before the start, the shift runs past midnight."),
    )
    # Where the shift stands among its schedule's shifts: the order they were entered in (the console's
    # rows, the API's array), written by the services. Only for showing them: the engine ignores it.
    position = models.PositiveSmallIntegerField(gettext_lazy("position"), default=0, editable=False)

    class Meta:
        # Rows written without a position (plain model code) fall back to the order of the day.
        ordering = ["position", "start_minute", "name"]
        verbose_name = gettext_lazy("shift")
        verbose_name_plural = gettext_lazy("shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_minute__gte=0, start_minute__lt=MINUTES_PER_DAY)
                & Q(end_minute__gte=0, end_minute__lt=MINUTES_PER_DAY),
                name="shift_minutes_in_day",
            ),
            models.UniqueConstraint(
                Lower("name"),
                "business_hours",
                name="shift_unique_name_per_schedule",
                violation_error_message=gettext_lazy("Another shift of this schedule has this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        for field in ("start_minute", "end_minute"):
            value = getattr(self, field)
            if value is not None and not 0 <= value < MINUTES_PER_DAY:
                errors[field] = _("Enter a time between 00:00 and 23:59.")
        if errors:
            raise ValidationError(errors)

    @property
    def rule(self) -> ShiftRule:
        """The engine's form of this shift, which decides what it covers (the overnight wrap)."""
        return ShiftRule(
            self.name, tuple(WEEKDAY_INDEX[day] for day in self.weekdays), self.start_minute, self.end_minute
        )

    @property
    def overnight(self) -> bool:
        return self.rule.overnight

    @property
    def duration_minutes(self) -> int:
        return self.rule.duration_minutes

    def week_intervals(self) -> list[tuple[int, int, str]]:
        """The minutes of the week this shift covers, as (start, end, weekday) with end exclusive."""
        return [(start, end, Weekday.values[day]) for start, end, day in self.rule.week_minutes()]

    @property
    def hours_label(self) -> str:
        return f"{format_minute(self.start_minute)}–{format_minute(self.end_minute)}"


@dataclass(frozen=True)
class ShiftOverlap:
    first: Shift
    second: Shift
    weekdays: tuple[str, ...]  # the days the clashes happen (see flows.schedule.shift_overlaps)

    def validation_error(self, **params) -> ValidationError:
        """The overlap as a form or API error; `params` may say where it belongs (the rows' positions)."""
        return ValidationError(
            _(
                "Shift “%(first)s” (%(first_hours)s) overlaps shift “%(second)s” (%(second_hours)s) on %(day)s."
            ),
            code="shift_overlap",
            params={
                "first": self.first.name,
                "first_hours": self.first.hours_label,
                "second": self.second.name,
                "second_hours": self.second.hours_label,
                "day": day_list(self.weekdays),
                **params,
            },
        )

    @property
    def message(self) -> str:
        return self.validation_error().messages[0]


def day_list(codes: Sequence[str]) -> str:
    """Weekday names as a sentence reads them: "Monday", "Monday and Friday", "Monday, Tuesday and Friday"."""
    names = [str(Weekday(code).label) for code in codes]
    if len(names) < 2:
        return "".join(names)
    return _("%(days)s and %(last)s") % {"days": ", ".join(names[:-1]), "last": names[-1]}


def find_shift_overlaps(shifts: list[Shift]) -> list[ShiftOverlap]:
    """Every pair of shifts that share a minute of the week, including overnight spill-over and the
    Sunday-to-Monday wrap, each pair once, in the order of the shifts, with the days the clashes happen
    (a sweep: ``shift_overlaps``)."""
    return [
        ShiftOverlap(shifts[first], shifts[second], tuple(Weekday.values[day] for day in weekdays))
        for first, second, weekdays in shift_overlaps([shift.rule for shift in shifts])
    ]


class Flow(OrganizationOwned):
    name = NameField(gettext_lazy("name"), validators=[validate_name])
    description = models.CharField(gettext_lazy("description"), max_length=255, blank=True)
    kind = models.CharField(
        gettext_lazy("kind"), max_length=20, choices=FlowKind.choices, default=FlowKind.FLOW
    )
    business_hours = models.ForeignKey(
        BusinessHours,
        verbose_name=gettext_lazy("business hours"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="flows",
        help_text=gettext_lazy("The schedule of the flow's Business Hours activity."),
    )
    queue = models.ForeignKey(
        "queues.Queue",
        verbose_name=gettext_lazy("queue"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="flows",
        help_text=gettext_lazy("Where the flow routes contacts while open."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = gettext_lazy("flow")
        verbose_name_plural = gettext_lazy("flows")
        indexes = sort_indexes("flow", "name", "kind", "updated_at")
        constraints = [
            unique_name_per_organization("flow"),
            models.CheckConstraint(condition=choices_check("kind", FlowKind), name="flow_kind_valid"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("flows:flow-detail", kwargs={"pk": self.pk})

    @property
    def is_routing_strategy(self) -> bool:
        return self.kind == FlowKind.ROUTING_STRATEGY

    @property
    def recommended(self) -> bool:
        """Flows with a Business Hours activity follow working hours, holidays and overrides."""
        return self.business_hours_id is not None

    def clean(self):
        super().clean()
        errors = self.check_same_organization(business_hours=self.business_hours, queue=self.queue)
        if errors:
            raise ValidationError(errors)
