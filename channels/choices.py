from django.db import models
from django.utils.translation import gettext_lazy as _

from contactcenter.choices import ChannelKind


class ChannelType(models.TextChoices):
    CHAT = "chat", _("Chat")
    EMAIL = "email", _("Email")
    SOCIAL = "social", _("Social")
    INBOUND_TELEPHONY = "inbound_telephony", _("Inbound telephony")
    OUTBOUND_TELEPHONY = "outbound_telephony", _("Outbound telephony")


class SocialChannelType(models.TextChoices):
    FACEBOOK_MESSENGER = "facebook_messenger", _("Facebook Messenger")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")


# The kind of media of each channel type: it decides the service level maximum (MAX_SECONDS).
CHANNEL_KIND = {
    ChannelType.CHAT: ChannelKind.CHAT,
    ChannelType.EMAIL: ChannelKind.EMAIL,
    ChannelType.SOCIAL: ChannelKind.SOCIAL,
    ChannelType.INBOUND_TELEPHONY: ChannelKind.TELEPHONY,
    ChannelType.OUTBOUND_TELEPHONY: ChannelKind.TELEPHONY,
}

SYSTEM_CHANNEL_NAME = "Outdial Transfer to Queue"
