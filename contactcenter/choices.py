from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    VIEWER = "viewer", _("Viewer (read-only)")


class Language(models.TextChoices):
    """The console's languages (settings.LANGUAGES), each named in itself so anyone can find theirs."""

    ENGLISH = "en", "English"
    DANISH = "da", "Dansk"


class ChannelKind(models.TextChoices):
    """The media a queue or channel serves; it decides the service-level maxima."""

    TELEPHONY = "telephony", _("Telephony")
    CHAT = "chat", _("Chat")
    EMAIL = "email", _("Email")
    SOCIAL = "social", _("Social")


# Upper bound, in seconds, of a service level threshold or time in queue, per kind of media: the one
# table of maxima, applied by contactcenter.validators.PerTypeSecondsValidator.
MAX_SECONDS = {
    ChannelKind.TELEPHONY: 86_400,
    ChannelKind.CHAT: 86_400,
    ChannelKind.SOCIAL: 604_800,
    ChannelKind.EMAIL: 1_209_600,
}


def choices_check(field: str, choices: type[models.TextChoices], *, blank: bool = False) -> models.Q:
    values = list(choices.values) + ([""] if blank else [])
    return models.Q(**{f"{field}__in": values})
