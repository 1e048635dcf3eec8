"""Rules that guard a channel's life: creation, changes, activation, numbers, deletion."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.recording import audit_change
from contactcenter.bulk import BulkReport, bulk_apply
from contactcenter.errors import ChannelActive, ChannelHasNumbers, SystemChannel
from contactcenter.models import Organization
from contactcenter.services import check_version, model_save, refuse_if_referenced
from contactcenter.transactions import atomic
from support_numbers.models import SupportNumber
from support_numbers.services import support_number_assign, support_number_release

from .choices import SYSTEM_CHANNEL_NAME
from .models import EntryPoint

EDITABLE_FIELDS = (
    "name",
    "description",
    "channel_type",
    "social_channel_type",
    "timezone",
    "service_level_threshold",
    "flow",
    "music_on_hold",
    "outdial_queue",
)


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not channel fields: {', '.join(sorted(unknown))}")


def _check_numbers(entry_point: EntryPoint, numbers: list[SupportNumber]) -> None:
    if not numbers:
        return
    if not entry_point.may_hold_numbers:
        raise ValidationError(
            {"support_numbers": _("Support numbers can only be assigned to inbound telephony channels.")}
        )
    for number in numbers:
        if number.organization_id != entry_point.organization_id:
            raise ValidationError({"support_numbers": _("Choose one of your organization's numbers.")})
        if number.entry_point_id and number.entry_point_id != entry_point.pk:
            raise ValidationError(
                {
                    "support_numbers": _("%(number)s is already assigned to channel “%(channel)s”.")
                    % {"number": number, "channel": number.entry_point.name}
                }
            )


def _validate_and_save(
    entry_point: EntryPoint, numbers: list[SupportNumber] | None, version: int | None
) -> None:
    """full_clean() once, with the numbers' errors in the same answer; saved only if both pass.

    A change of the numbers alone is a change of the channel (its version grows); no change at
    all writes nothing.
    """
    try:
        _check_numbers(entry_point, numbers or [])
    except ValidationError as refused:
        errors = {}
        try:
            entry_point.full_clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        raise ValidationError(refused.update_error_dict(errors)) from None
    numbers_change = (
        numbers is not None
        and not entry_point._state.adding
        and {number.pk for number in numbers}
        != set(SupportNumber.objects.filter(entry_point=entry_point).values_list("pk", flat=True))
    )
    model_save(entry_point, version=version, also_changed=numbers_change)


def _set_numbers(entry_point: EntryPoint, numbers: list[SupportNumber]) -> None:
    wanted = {number.pk for number in numbers}
    for number in SupportNumber.objects.filter(entry_point=entry_point).exclude(pk__in=wanted):
        support_number_release(support_number=number)
    for number in numbers:
        if number.entry_point_id != entry_point.pk:
            support_number_assign(support_number=number, entry_point=entry_point)


def entry_point_create(
    *, organization: Organization, support_numbers: Iterable[SupportNumber] = (), **fields
) -> EntryPoint:
    """Create an active channel; the time zone defaults to the organization's."""
    _check_fields(fields)
    fields.setdefault("timezone", organization.timezone)
    entry_point = EntryPoint(organization=organization, **fields)
    numbers = list(support_numbers)
    with atomic(), audit_change(entry_point, Action.CREATED):
        _validate_and_save(entry_point, numbers, version=None)
        _set_numbers(entry_point, numbers)
    return entry_point


def entry_point_fixed_fields(*, entry_point: EntryPoint) -> tuple[str, ...]:
    """What no change may alter: a stored channel's type; the system channel's name and activity too."""
    if entry_point._state.adding:
        return ()
    if entry_point.is_system:
        return ("channel_type", "name", "active")
    return ("channel_type",)


def _refuse_changing_fixed_fields(entry_point: EntryPoint, changes: dict) -> None:
    for name in entry_point_fixed_fields(entry_point=entry_point):
        if name not in changes or changes[name] == getattr(entry_point, name):
            continue
        if name == "channel_type":
            raise ValidationError(
                {"channel_type": _("The channel type cannot be changed after the channel is created.")}
            )
        if name == "name":
            raise SystemChannel(
                _("The system channel “%(name)s” cannot be renamed.") % {"name": SYSTEM_CHANNEL_NAME}
            )
        raise SystemChannel(
            _("The system channel “%(name)s” cannot be deactivated.") % {"name": entry_point.name}
        )


def entry_point_update(
    *,
    entry_point: EntryPoint,
    version: int | None,
    support_numbers: Iterable[SupportNumber] | None = None,
    **fields,
) -> EntryPoint:
    """Change a channel; its type is fixed, and a change based on an old version is refused."""
    _check_fields(fields)
    check_version(entry_point, version)
    _refuse_changing_fixed_fields(entry_point, fields)
    numbers = list(support_numbers) if support_numbers is not None else None
    with atomic(), audit_change(entry_point, Action.UPDATED):
        for name, value in fields.items():
            setattr(entry_point, name, value)
        _validate_and_save(entry_point, numbers, version=version)
        if numbers is not None:
            _set_numbers(entry_point, numbers)
    return entry_point


def entry_point_set_active(
    *, entry_point: EntryPoint, active: bool, version: int | None = None
) -> EntryPoint:
    """Activate or deactivate; the write only lands on the version that was read (race-safe)."""
    _refuse_changing_fixed_fields(entry_point, {"active": active})
    check_version(entry_point, version)
    if entry_point.active == active:
        return entry_point
    try:
        with (
            atomic(),
            audit_change(entry_point, Action.ACTIVATED if active else Action.DEACTIVATED),
        ):
            entry_point.active = active
            entry_point.save(update_fields=["active", "version", "updated_at"])
    except Exception:
        entry_point.active = not active
        raise
    return entry_point


def entry_point_activate(*, entry_point: EntryPoint, version: int | None = None) -> EntryPoint:
    return entry_point_set_active(entry_point=entry_point, active=True, version=version)


def entry_point_deactivate(*, entry_point: EntryPoint, version: int | None = None) -> EntryPoint:
    return entry_point_set_active(entry_point=entry_point, active=False, version=version)


def _refuse_deleting_the_system_channel(entry_point: EntryPoint) -> None:
    if entry_point.is_system:
        raise SystemChannel(
            _("The system channel “%(name)s” cannot be deleted.") % {"name": entry_point.name}
        )


def _refuse_deleting_an_active_channel(entry_point: EntryPoint) -> None:
    if entry_point.active:
        raise ChannelActive(
            _("“%(name)s” is active. Deactivate it before deleting it.") % {"name": entry_point.name}
        )


def entry_point_check_delete(*, entry_point: EntryPoint) -> None:
    """Refuse what entry_point_delete refuses of the channel itself (for a page that offers deletion)."""
    _refuse_deleting_the_system_channel(entry_point)
    _refuse_deleting_an_active_channel(entry_point)


def entry_point_delete(
    *, entry_point: EntryPoint, release_numbers: bool = False, version: int | None = None
) -> None:
    """Delete an inactive channel, releasing its numbers only when asked to.

    One transaction: the row is locked (PostgreSQL) and the final DELETE is conditional on
    `active = false`, so a channel re-activated concurrently is never deleted.
    """
    _refuse_deleting_the_system_channel(entry_point)
    with transaction.atomic():
        locked = EntryPoint.objects.select_for_update().filter(pk=entry_point.pk).first()
        if locked is None:
            raise EntryPoint.DoesNotExist
        check_version(locked, version)
        _refuse_deleting_an_active_channel(locked)
        with audit_change(locked, Action.DELETED):
            numbers = list(SupportNumber.objects.filter(entry_point=locked).order_by("number"))
            if numbers and not release_numbers:
                raise ChannelHasNumbers(
                    _(
                        "“%(name)s” holds %(count)d support number(s): %(numbers)s. Release them to delete the channel."
                    )
                    % {
                        "name": locked.name,
                        "count": len(numbers),
                        "numbers": ", ".join(str(n) for n in numbers),
                    },
                    numbers=[number.number for number in numbers],
                )
            for number in numbers:
                support_number_release(support_number=number)
            refuse_if_referenced(locked)
            # A conditional raw DELETE: the collector's delete-by-primary-key would not re-check `active`.
            deleted = EntryPoint.objects.filter(pk=locked.pk, active=False)._raw_delete(
                using=EntryPoint.objects.db
            )
            if not deleted:
                raise ChannelActive(
                    _("“%(name)s” was activated while you were deleting it, so it was kept.")
                    % {"name": locked.name}
                )


def system_channel_ensure(*, organization: Organization) -> EntryPoint:
    """The organization's system channel "Outdial Transfer to Queue", created if missing."""
    existing = EntryPoint.objects.filter(organization=organization, is_system=True).first()
    if existing:
        return existing
    channel = EntryPoint(organization=organization, **EntryPoint.system_channel_defaults(organization))
    with transaction.atomic(), audit_change(channel, Action.CREATED):
        return model_save(channel)


#: What the Channels list and `POST /api/v1/entry-points/bulk/` can do to many channels at once.
BULK_ACTIONS = ("activate", "deactivate", "delete")


def entry_points_bulk(
    *,
    organization: Organization,
    action: str,
    ids: list,
    versions: dict | None = None,
    release_numbers: bool = False,
    preview: bool = False,
) -> BulkReport:
    """Activate, deactivate or delete each of the organization's channels named by `ids`, row by row,
    through the same services as one channel (system channel, active, numbers: the same guards)."""
    if action not in BULK_ACTIONS:
        raise ValueError(f"Not a bulk action: {action}")

    def operation(entry_point: EntryPoint, version: int | None) -> bool:
        check_version(entry_point, version)
        if action == "delete":
            entry_point_delete(entry_point=entry_point, release_numbers=release_numbers, version=version)
            return True
        active = action == "activate"
        if entry_point.active == active:
            return False
        entry_point_set_active(entry_point=entry_point, active=active, version=version)
        return True

    return bulk_apply(
        EntryPoint.objects.filter(organization=organization),
        ids,
        operation,
        versions=versions,
        name_of=lambda entry_point: entry_point.name,
        preview=preview,
    )
