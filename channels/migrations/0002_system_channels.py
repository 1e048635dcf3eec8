"""Give every organization that existed before this migration its system channel."""

import uuid

from django.db import migrations
from django.utils import timezone

SYSTEM_CHANNEL_NAME = "Outdial Transfer to Queue"


def create_system_channels(apps, schema_editor):
    Organization = apps.get_model("contactcenter", "Organization")
    EntryPoint = apps.get_model("channels", "EntryPoint")
    now = timezone.now()
    for organization in Organization.objects.exclude(
        pk__in=EntryPoint.objects.filter(is_system=True).values("organization")
    ):
        EntryPoint.objects.create(
            id=uuid.uuid4(),
            organization=organization,
            name=SYSTEM_CHANNEL_NAME,
            description="Created by the system: transfers outbound calls to a queue.",
            channel_type="outbound_telephony",
            timezone=organization.timezone,
            service_level_threshold=30,
            is_system=True,
            active=True,
            version=1,
            created_at=now,
            updated_at=now,
        )


class Migration(migrations.Migration):
    dependencies = [("channels", "0001_initial"), ("contactcenter", "0001_initial")]

    operations = [migrations.RunPython(create_system_channels, migrations.RunPython.noop)]
