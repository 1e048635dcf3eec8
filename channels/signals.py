from django.db.models.signals import post_save
from django.dispatch import receiver

from contactcenter.models import Organization


@receiver(post_save, sender=Organization, dispatch_uid="channels.system_channel")
def create_system_channel(sender, instance: Organization, created: bool, raw: bool = False, **kwargs):
    """Every organization gets its outbound system channel the moment it exists."""
    if created and not raw:
        from .services import system_channel_ensure

        system_channel_ensure(organization=instance)
