import os
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from contactcenter.choices import Role
from contactcenter.models import Organization
from contactcenter.services import membership_create

from .create_organization import _messages

PASSWORD_ENV = "DJANGO_USER_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a user who is a member of an organization. The password is --password, else "
        f"{PASSWORD_ENV}, else generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("organization", help="The organization's name.")
        parser.add_argument("--role", default=Role.VIEWER, help="admin or viewer (default: viewer).")
        parser.add_argument("--password", default=None, help=f"The password (otherwise {PASSWORD_ENV}).")
        parser.add_argument("--email", default="")

    def handle(
        self, *args, username: str, organization: str, role: str, password: str | None, email: str, **options
    ):
        if role not in Role.values:
            raise CommandError(f"Unknown role “{role}”: use {' or '.join(Role.values)}.")
        org = Organization.objects.filter(name=organization).first()
        if org is None:
            names = Organization.objects.values_list("name", flat=True)
            known = ", ".join(f"“{name}”" for name in names) or "none yet"
            raise CommandError(f"There is no organization named “{organization}” (existing: {known}).")
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise CommandError(f"A user named “{username}” already exists.")
        password = password or os.environ.get(PASSWORD_ENV) or None
        generated = password is None
        if generated:
            password = secrets.token_urlsafe(12)
        try:
            membership_create(organization=org, username=username, password=password, role=role, email=email)
        except ValidationError as error:
            raise CommandError(_messages(error)) from error
        self.stdout.write(f"Created {role} “{username}” in “{org.name}”.")
        if generated:
            self.stdout.write(f"Password (shown only now): {password}")
