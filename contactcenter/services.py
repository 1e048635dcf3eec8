"""Generic create/update/delete that every app's services build on."""

import copy
import re
from contextlib import nullcontext
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.choices import Action
from audit.recording import audit_change

from .choices import Language, Role
from .errors import Referenced, VersionConflict
from .models import Membership, Organization
from .references import references
from .transactions import WriteRace, atomic, in_all_or_nothing, race_refusal

M = TypeVar("M", bound=models.Model)


def check_version(obj: models.Model, version: int | None) -> None:
    """Refuse a change that was based on an older version than the one loaded now."""
    if version is not None and int(version) != obj.version:
        raise VersionConflict(obj)


def model_save(
    obj: M, *, version: int | None = None, exclude: list[str] | None = None, also_changed: bool = False
) -> M:
    """Validate with full_clean() and save; a stale version or a racing duplicate is refused.

    A change that alters nothing is not written, so the version (the ETag) stays; `also_changed`
    says that something the object's representation includes changed elsewhere (its rows, its
    numbers), so it is saved and its version grows all the same.
    """
    if not obj._state.adding:
        check_version(obj, version)
        if not also_changed and obj.changed_fields() == set():
            # Nothing differs from what is stored: no write, so the version and ETag stay.
            return obj
    # Its own transaction, so that the locks hold until the write; none when the caller has one already:
    # what fails before the write has written nothing, and the write has its own savepoint (or, inside
    # all_or_nothing(), the whole change is rolled back).
    with transaction.atomic() if not transaction.get_connection().in_atomic_block else nullcontext():
        lock_references(obj)
        model_clean(obj, exclude=exclude)
        try:
            obj.save()  # VersionedModel.save() makes a savepoint: a refused write leaves this transaction usable
        except IntegrityError:
            # Another request saved a clashing row between our validation and our write.
            if in_all_or_nothing():
                raise WriteRace(obj) from None  # judged once the transaction is rolled back
            raise race_refusal(obj) from None
    return obj


def model_clean(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """full_clean() in a handful of queries, for a save that lock_references() has prepared.

    Every error in one answer, as full_clean() gives it, without the queries that only repeat a check:
    the references' existence (lock_references() has just locked each one), the primary key's
    uniqueness (a fresh UUID), and one query per CheckConstraint, whose rules clean() and the fields'
    choices report with their own messages. The database still enforces every constraint; a violation
    that gets through is judged by validate_constraints() in model_save, with the same message.
    """
    exclude = set(exclude or ())
    references = {field.name for field in obj._meta.concrete_fields if field.many_to_one}
    errors: dict = {}
    for step in (lambda: obj.clean_fields(exclude=exclude | references), obj.clean):
        try:
            step()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
    try:
        obj.validate_unique(exclude=exclude | {obj._meta.pk.name})
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        if hasattr(obj, "validate_unique_constraints"):
            obj.validate_unique_constraints(exclude=exclude)
        else:
            obj.validate_constraints(exclude=exclude)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def lock_row(model: type[models.Model], pk) -> bool:
    """Lock one row against deletion until the transaction commits; False if it is gone already."""
    rows = model._default_manager.select_for_update(no_key=True).filter(pk=pk)
    return bool(list(rows.values_list("pk", flat=True)[:1]))


def lock_references(obj: models.Model) -> None:
    """Lock every object `obj` refers to until the change commits, or refuse the change if one is gone.

    A delete locks its row too (object_delete), so a delete and a change that starts to use the
    object take turns: either the delete comes first and the change is refused as a reference to
    something that no longer exists (400), or the change comes first and the delete is refused
    because something now uses the object (409). Never both through, never a database error.
    """
    for field in obj._meta.concrete_fields:
        if not field.many_to_one or field.name == "organization":
            continue
        value = getattr(obj, field.attname)
        if value is None:
            continue
        rows = field.related_model._default_manager.select_for_update(no_key=True).filter(pk=value)
        if field.is_cached(obj) and getattr(obj, field.name) is not None:
            found = lock_row(field.related_model, value)
        else:
            # The locked row itself, so that clean() reads it without a query of its own.
            row = rows.order_by().first()
            found = row is not None
            if found:
                field.set_cached_value(obj, row)
        if not found:
            raise ValidationError(
                {field.name: _("Choose one of your organization's objects.")}, code="invalid_choice"
            )


def model_verdict(obj: models.Model, values: dict) -> dict[str, list[ValidationError]]:
    """The model's validation errors on `values`, set on a copy of `obj`, for those fields only.

    For a submission of which some other value could not even be parsed, so its service will not
    run: what did parse is still judged by the model's one set of rules, and the form or the API
    can report every error in one answer. Nothing is saved and `obj` is left as it was.
    """
    probe = copy.copy(obj)
    for name, value in values.items():
        setattr(probe, name, value)
    try:
        probe.full_clean()
    except ValidationError as error:
        return {name: errors for name, errors in error.error_dict.items() if name in values}
    return {}


def service_keyword(model: type[models.Model]) -> str:
    """The keyword an entity's services take it by: EntryPoint → `entry_point`, AudioFile → `audio_file`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()


def object_create(model: type[M], *, organization: Organization, **fields) -> M:
    obj = model(organization=organization, **fields)
    with atomic(), audit_change(obj, Action.CREATED):
        model_save(obj)
    return obj


def object_update(obj: M, *, version: int | None, **fields) -> M:
    with atomic(), audit_change(obj, Action.UPDATED):
        for name, value in fields.items():
            setattr(obj, name, value)
        model_save(obj, version=version)
    return obj


def refuse_if_referenced(obj: models.Model) -> None:
    found = references(obj)
    if found:
        names = ", ".join(f"{ref.kind} “{ref.name}”" for ref in found)
        raise Referenced(
            ngettext(
                "“%(name)s” cannot be deleted because it is used by %(count)d object: %(names)s.",
                "“%(name)s” cannot be deleted because it is used by %(count)d objects: %(names)s.",
                len(found),
            )
            % {"name": obj, "count": len(found), "names": names},
            referrers=[ref.to_dict() for ref in found],
        )


def object_delete(obj: models.Model, *, version: int | None = None) -> None:
    """Delete an object nothing refers to; the row is locked so no reference can appear meanwhile."""
    model = type(obj)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().filter(pk=obj.pk).first()
        if locked is None:
            raise model.DoesNotExist
        check_version(locked, version)
        refuse_if_referenced(locked)
        with audit_change(locked, Action.DELETED):
            locked.delete()


def organization_create(*, name: str, timezone: str = "Europe/Copenhagen") -> Organization:
    """Create an organization; its system channel is created with it (see channels.signals)."""
    with transaction.atomic():
        return model_save(Organization(name=name, timezone=timezone))


def organization_update(*, organization: Organization, version: int | None, **fields) -> Organization:
    return object_update(organization, version=version, **fields)


def membership_create(
    *,
    organization: Organization,
    username: str,
    password: str | None,
    role: str = Role.VIEWER,
    email: str = "",
) -> Membership:
    """Create a user who is a member of `organization` with `role`."""
    user_model = get_user_model()
    if role not in Role.values:
        raise ValidationError({"role": _("Choose admin or viewer.")})
    with transaction.atomic():
        user = user_model(username=username, email=email)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        membership = Membership(user=user, organization=organization, role=role)
        membership.full_clean()
        with audit_change(membership, Action.CREATED):
            membership.save()
    return membership


def membership_save(*, membership: Membership) -> Membership:
    """Save a membership as edited (the operators' admin), recorded like any change."""
    action = Action.CREATED if membership._state.adding else Action.UPDATED
    with transaction.atomic(), audit_change(membership, action):
        membership.full_clean()
        membership.save()
    return membership


def membership_delete(*, membership: Membership) -> None:
    with transaction.atomic(), audit_change(membership, Action.DELETED):
        membership.delete()


def membership_set_language(*, membership: Membership, language: str) -> Membership:
    """Remember the console language `membership` chose ("" forgets it: Accept-Language decides)."""
    if language not in Language.values and language != "":
        raise ValidationError({"language": _("Choose one of the listed languages.")})
    membership.language = language
    membership.save(update_fields=["language"])
    return membership
