from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contactcenter.models import OrganizationOwned, sort_indexes

from .phone import NumberInfo, describe_number, normalize_number


class SupportNumber(OrganizationOwned):
    number = models.CharField(
        gettext_lazy("number"),
        max_length=16,
        unique=True,
        error_messages={"unique": gettext_lazy("This number is already registered.")},
        help_text=gettext_lazy("International form, for example +45 33 12 34 56; stored as E.164."),
    )
    description = models.CharField(gettext_lazy("description"), max_length=255, blank=True)
    # A ForeignKey holds at most one channel per number by construction.
    entry_point = models.ForeignKey(
        "channels.EntryPoint",
        verbose_name=gettext_lazy("channel"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="support_numbers",
    )

    class Meta:
        ordering = ["number"]
        verbose_name = gettext_lazy("support number")
        verbose_name_plural = gettext_lazy("support numbers")
        indexes = sort_indexes("supportnumber", "number", "updated_at")
        constraints = [
            models.CheckConstraint(condition=models.Q(number__startswith="+"), name="supportnumber_e164"),
        ]

    def __str__(self):
        return self.info.international if self.number else ""

    def get_absolute_url(self) -> str:
        return reverse("support_numbers:supportnumber-detail", kwargs={"pk": self.pk})

    @cached_property
    def info(self) -> NumberInfo:
        return describe_number(self.number)

    def clean_fields(self, exclude=None):
        # Normalise first, so that uniqueness and length are judged on the E.164 form.
        if self.number and "number" not in (exclude or ()):
            try:
                self.number = normalize_number(self.number)
            except ValidationError as error:
                raise ValidationError({"number": error.messages}) from None
            self.__dict__.pop("info", None)
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        errors = self.check_same_organization(entry_point=self.entry_point)
        if not errors and self.entry_point_id and not self.entry_point.may_hold_numbers:
            errors["entry_point"] = _(
                "Support numbers can only be assigned to inbound telephony channels or to the "
                "system channel; “%(channel)s” is a %(type)s channel."
            ) % {
                "channel": self.entry_point.name,
                "type": self.entry_point.get_channel_type_display().lower(),
            }
        if errors:
            raise ValidationError(errors)

    def reference_holders(self) -> list:
        """An assigned number is held by its channel and cannot be deleted."""
        return [self.entry_point] if self.entry_point_id else []
