import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from reversion.models import Revision, Version

from audit.models import AuditEntry
from tests.factories import make_queue

pytestmark = pytest.mark.django_db


def test_prune_deletes_entries_older_than_the_retention_with_their_versions(org, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    old, recent = make_queue(org), make_queue(org)
    AuditEntry.objects.filter(object_id=str(old.pk)).update(at=timezone.now() - datetime.timedelta(days=31))
    kept_entries = AuditEntry.objects.exclude(object_id=str(old.pk)).count()
    out = StringIO()
    call_command("prune_audit", "--dry-run", stdout=out)
    assert "Would delete 1 audit entries older than 30 days" in out.getvalue()
    assert AuditEntry.objects.filter(object_id=str(old.pk)).exists()
    call_command("prune_audit", stdout=StringIO())
    assert not AuditEntry.objects.filter(object_id=str(old.pk)).exists()
    assert AuditEntry.objects.count() == kept_entries
    assert not Version.objects.filter(object_id=str(old.pk)).exists()
    assert Version.objects.filter(object_id=str(recent.pk)).exists()
    assert Revision.objects.count() == AuditEntry.objects.count()


def test_prune_refuses_to_keep_nothing(db):
    with pytest.raises(CommandError):
        call_command("prune_audit", "--days", "0")
