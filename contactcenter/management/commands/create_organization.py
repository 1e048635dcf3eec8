from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from contactcenter.models import Organization
from contactcenter.services import organization_create


class Command(BaseCommand):
    help = "Create an organization (its system channel is created with it)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The organization's name, for example “Acme Support”.")
        parser.add_argument(
            "--timezone",
            default="Europe/Copenhagen",
            help="Default IANA time zone (default: Europe/Copenhagen).",
        )

    def handle(self, *args, name: str, timezone: str, **options):
        name = name.strip()
        if Organization.objects.filter(name__iexact=name).exists():
            raise CommandError(f"An organization named “{name}” already exists.")
        try:
            organization = organization_create(name=name, timezone=timezone)
        except ValidationError as error:
            raise CommandError(_messages(error)) from error
        self.stdout.write(f"Created organization “{organization.name}” ({organization.timezone}).")


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)
