import uuid

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, router, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import Language, Role, choices_check
from .errors import VersionConflict
from .fields import NameField, TimeZoneField
from .transactions import in_all_or_nothing
from .validators import validate_text_name


class VersionedModel(models.Model):
    """Opaque id, timestamps, and a version that grows on every save.

    An update is written only if the row still has the version the object was loaded with
    (`UPDATE ... WHERE id = %s AND version = %s`), so a stale or concurrent save raises
    VersionConflict instead of silently overwriting someone else's change.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    # Bookkeeping, not content: a save that changes only these has changed nothing.
    UNTRACKED = frozenset({"id", "version", "created_at", "updated_at"})

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.version = 1
        else:
            self._expected_version = self.version
            self.version = self.version + 1
        try:
            # A savepoint: Django's own save does not make one, so a refused update would
            # otherwise leave an enclosing transaction unusable for the caller who handles it
            # (none inside all_or_nothing(), where nobody handles it: contactcenter.transactions).
            using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
            with transaction.atomic(using=using, savepoint=not in_all_or_nothing()):
                super().save(*args, **kwargs)
        except VersionConflict:
            self.version = self._expected_version
            raise
        self._loaded = {field.attname: getattr(self, field.attname) for field in self._meta.concrete_fields}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = dict(zip(field_names, values, strict=True))
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        # What is stored now (a queryset update may have changed the row): changed_fields() and
        # the audit trail compare with this.
        loaded = getattr(self, "_loaded", {})
        for model_field in self._meta.concrete_fields:
            if fields is None or model_field.name in fields or model_field.attname in fields:
                loaded[model_field.attname] = getattr(self, model_field.attname)
        self._loaded = loaded

    def changed_fields(self) -> set[str] | None:
        """The fields set to another value than the one loaded; None when the object was not loaded."""
        loaded = getattr(self, "_loaded", None)
        if loaded is None or self._state.adding:
            return None
        return {
            field.attname
            for field in self._meta.concrete_fields
            if field.attname in loaded
            and field.attname not in self.UNTRACKED
            and getattr(self, field.attname) != loaded[field.attname]
        }

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is not None:
            base_qs = base_qs.filter(version=expected)
        updated = super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if not updated and expected is not None:
            # Never fall through to an INSERT: that would resurrect a deleted row.
            raise VersionConflict(self)
        return updated

    # Integer fields whose range clean() reports with a specific message; Django's generic
    # "greater than or equal to 0" / "less than or equal to 2147483647" would only repeat it.
    range_checked_in_clean: tuple[str, ...] = ()

    def clean_fields(self, exclude=None):
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            for field in self.range_checked_in_clean:
                kept = [
                    e
                    for e in errors.get(field, [])
                    if getattr(e, "code", None) not in ("min_value", "max_value")
                ]
                if kept:
                    errors[field] = kept
                else:
                    errors.pop(field, None)
            if errors:
                raise ValidationError(errors) from None

    def validate_unique_constraints(self, exclude=None) -> None:
        """validate_constraints() without the CheckConstraints (one query each): their rules are clean()'s
        and the fields' own, and the database enforces them (see services.model_clean)."""
        self.validate_constraints(exclude=exclude, checks=False)

    def get_constraints(self):
        constraints = super().get_constraints()
        if not getattr(self, "_without_checks", False):
            return constraints
        changed = self.changed_fields()  # None for a new object: every constraint is checked
        names = (
            None if changed is None else {f.name for f in self._meta.concrete_fields if f.attname in changed}
        )

        def needed(constraint) -> bool:
            if isinstance(constraint, models.CheckConstraint):
                return False
            # A stored row that changes none of a constraint's fields cannot come to violate it.
            return names is None or bool(constraint_fields(constraint) & names)

        return [(model, [c for c in found if needed(c)]) for model, found in constraints]

    def validate_constraints(self, exclude=None, *, checks: bool = True):
        """Report a case-insensitive name clash on the name field rather than on the form."""
        self._without_checks = not checks
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            for item in list(errors.get(NON_FIELD_ERRORS, [])):
                if getattr(item, "code", None) == "name_taken":
                    errors[NON_FIELD_ERRORS].remove(item)
                    errors.setdefault("name", []).append(item)
            if not errors.get(NON_FIELD_ERRORS):
                errors.pop(NON_FIELD_ERRORS, None)
            raise ValidationError(errors) from None
        finally:
            self._without_checks = False


def constraint_fields(constraint) -> set[str]:
    """The names of the fields a unique constraint reads: its fields, expressions and condition."""
    names = set(getattr(constraint, "fields", ()) or ())

    def walk(node) -> None:
        if isinstance(node, models.Q):
            for child in node.children:
                if isinstance(child, tuple):
                    names.add(child[0].split("__")[0])
                    walk(child[1])
                else:
                    walk(child)
        elif isinstance(node, models.F):
            names.add(node.name.split("__")[0])
        elif hasattr(node, "get_source_expressions"):
            for source in node.get_source_expressions():
                walk(source)

    for expression in getattr(constraint, "expressions", ()):
        walk(expression)
    walk(getattr(constraint, "condition", None))
    return names


def unique_name_per_organization(model_name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        Lower("name"),
        "organization",
        name=f"{model_name}_unique_name_per_org",
        violation_error_code="name_taken",
        violation_error_message=gettext_lazy(
            "This name is already used in your organization (names are compared without regard to case)."
        ),
    )


def sort_indexes(model_name: str, *fields: str) -> list[models.Index]:
    """One index per sort order a list offers, within an organization: `(organization, field, id)`, the
    order the console and the API sort by (`id` breaks ties), so a page reads only the rows it shows."""
    return [
        models.Index(fields=["organization", field, "id"], name=f"{model_name[:12]}_{field[:10]}_ord")
        for field in fields
    ]


class Organization(VersionedModel):
    name = models.CharField(gettext_lazy("name"), max_length=120, unique=True)
    timezone = TimeZoneField(
        gettext_lazy("default time zone"),
        default="Europe/Copenhagen",
        help_text=gettext_lazy("IANA time zone name, for example Europe/Copenhagen."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = gettext_lazy("organization")
        verbose_name_plural = gettext_lazy("organizations")

    def __str__(self):
        return self.name


class OrganizationOwned(VersionedModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    def check_same_organization(self, **related) -> dict[str, str]:
        """Field errors for any related object that belongs to another organization."""
        errors = {}
        for field, obj in related.items():
            if obj is not None and obj.organization_id != self.organization_id:
                errors[field] = _("Choose one of your organization's objects.")
        return errors


class Membership(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(gettext_lazy("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    # The console's language the member chose; empty until they choose (then Accept-Language decides).
    language = models.CharField(
        gettext_lazy("language"), max_length=8, choices=Language.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "user__username"]
        constraints = [
            models.CheckConstraint(condition=choices_check("role", Role), name="membership_role_valid"),
            models.CheckConstraint(
                condition=choices_check("language", Language, blank=True), name="membership_language_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.organization})"

    def can_write(self) -> bool:
        """The one check of the role: administrators change the configuration, viewers only read it."""
        return self.role == Role.ADMIN


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash of the secret is stored; the secret is shown once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = NameField(gettext_lazy("name"), validators=[validate_text_name])
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(gettext_lazy("prefix"), max_length=16, editable=False)
    read_only = models.BooleanField(
        gettext_lazy("read-only"), default=False, help_text=gettext_lazy("A read-only token can only read.")
    )
    created_at = models.DateTimeField(gettext_lazy("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(gettext_lazy("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(gettext_lazy("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(gettext_lazy("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = gettext_lazy("API token")
        verbose_name_plural = gettext_lazy("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        from django.utils import timezone

        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired
