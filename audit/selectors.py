"""Reads of the audit trail, always scoped to one organization."""

from django.db import models

from contactcenter.models import Organization

from .models import AuditEntry
from .registry import Tracked


def entries_of(organization: Organization) -> models.QuerySet[AuditEntry]:
    # The changes are read from the entry itself: no join, so a page is one query whatever it shows.
    return AuditEntry.objects.filter(organization=organization).defer("revision")


def history_of(organization: Organization, tracked: Tracked, object_id) -> models.QuerySet[AuditEntry]:
    return entries_of(organization).filter(object_type=tracked.type_name, object_id=str(object_id))
