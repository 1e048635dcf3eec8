import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy
from reversion.models import Revision

from contactcenter.choices import choices_check
from contactcenter.models import Organization

from .choices import Action, Via


class AuditEntry(models.Model):
    """One change of one object: who, when, via what, and each field's value before and after.

    Written in the transaction of the change itself. The object's state after the change (before
    it, for a deletion) is kept as a django-reversion revision, with its rows and numbers, so an
    earlier version can be restored; `changes` holds the readable differences computed at write time.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(gettext_lazy("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The username at the time: the entry still says who once the user is gone.
    actor_name = models.CharField(gettext_lazy("user"), max_length=150, blank=True)
    token_name = models.CharField(gettext_lazy("API token"), max_length=120, blank=True)
    via = models.CharField(gettext_lazy("via"), max_length=10, choices=Via.choices)
    object_type = models.CharField(gettext_lazy("object type"), max_length=40)
    object_id = models.CharField(gettext_lazy("object id"), max_length=64)
    object_name = models.CharField(gettext_lazy("object"), max_length=255)
    action = models.CharField(gettext_lazy("action"), max_length=12, choices=Action.choices)
    version = models.PositiveIntegerField(gettext_lazy("version"), null=True, blank=True)
    changes = models.JSONField(gettext_lazy("changes"), default=list, blank=True)
    revision = models.OneToOneField(
        Revision, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_entry"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = gettext_lazy("audit entry")
        verbose_name_plural = gettext_lazy("audit entries")
        indexes = [
            models.Index(fields=["organization", "-at"], name="audit_org_at"),
            models.Index(
                fields=["organization", "object_type", "object_id", "-at"], name="audit_org_object_at"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=choices_check("action", Action), name="auditentry_action_valid"),
            models.CheckConstraint(condition=choices_check("via", Via), name="auditentry_via_valid"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_type} “{self.object_name}”"
