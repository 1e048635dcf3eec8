"""Generic create/update/delete that every app's services build on."""

import copy
import re
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import Language, Role
from .errors import Referenced, VersionConflict
from .models import Membership, Organization
from .references import references

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
    with transaction.atomic():
        lock_references(obj)
        obj.full_clean(exclude=exclude)
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            # Another request saved a clashing row between our validation and our write.
            obj.validate_constraints()
            raise ValidationError(
                _("This change conflicts with another change saved at the same time; try again.")
            ) from None
    return obj


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
        if not lock_row(field.related_model, value):
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
    return model_save(model(organization=organization, **fields))


def object_update(obj: M, *, version: int | None, **fields) -> M:
    for name, value in fields.items():
        setattr(obj, name, value)
    return model_save(obj, version=version)


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
        membership.save()
    return membership


def membership_set_language(*, membership: Membership, language: str) -> Membership:
    """Remember the console language `membership` chose ("" forgets it: Accept-Language decides)."""
    if language not in Language.values and language != "":
        raise ValidationError({"language": _("Choose one of the listed languages.")})
    membership.language = language
    membership.save(update_fields=["language"])
    return membership
