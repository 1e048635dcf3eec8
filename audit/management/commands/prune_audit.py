import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision

from audit.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Delete audit entries (and their stored versions) older than AUDIT_RETENTION_DAYS (730 by default)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Keep this many days instead of AUDIT_RETENTION_DAYS.")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.AUDIT_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("Keep at least one day.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        old = AuditEntry.objects.filter(at__lt=cutoff)
        count = old.count()
        if not dry_run:
            with transaction.atomic():
                # A revision's versions and its entry go with it (CASCADE); entries without one go alone.
                Revision.objects.filter(audit_entry__in=old).delete()
                old.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {count} audit entries older than {days} days (before {cutoff:%Y-%m-%d %H:%M} UTC)."
        )
