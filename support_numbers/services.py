"""The number inventory: registering, assigning to a channel, releasing, deleting."""

from contextlib import nullcontext
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import Action
from audit.recording import audit_change, is_recording
from contactcenter.bulk import BulkReport, bulk_apply
from contactcenter.errors import VersionConflict
from contactcenter.models import Organization
from contactcenter.services import check_version, lock_row, object_create, object_delete, object_update
from contactcenter.transactions import atomic

from .models import SupportNumber
from .phone import normalize_number


def support_number_create(
    *, organization: Organization, number: str, description: str = "", entry_point=None
) -> SupportNumber:
    return object_create(
        SupportNumber,
        organization=organization,
        number=number,
        description=description,
        entry_point=entry_point,
    )


def support_number_update(*, support_number: SupportNumber, version: int | None, **fields) -> SupportNumber:
    return object_update(support_number, version=version, **fields)


def support_number_assign(*, support_number: SupportNumber, entry_point) -> SupportNumber:
    """Give a free number to a channel that may hold numbers; race-safe against a second claimant."""
    if entry_point.organization_id != support_number.organization_id:
        raise ValidationError({"entry_point": _("Choose one of your organization's channels.")})
    if not entry_point.may_hold_numbers:
        raise ValidationError(
            {
                "entry_point": _(
                    "Support numbers can only be assigned to inbound telephony channels or to the "
                    "system channel; “%(channel)s” is a %(type)s channel."
                )
                % {"channel": entry_point.name, "type": entry_point.get_channel_type_display().lower()}
            }
        )
    with (
        atomic(),
        audit_change(support_number, Action.UPDATED),
        audit_change(entry_point, Action.UPDATED),
    ):
        # The channel stays until this commits, or it is gone already (deleted meanwhile): one of the
        # two, never a number pointing at a deleted channel (see contactcenter.services.lock_references).
        if not lock_row(type(entry_point), entry_point.pk):
            raise ValidationError({"entry_point": _("Choose one of your organization's channels.")})
        claimed = SupportNumber.objects.filter(
            Q(entry_point__isnull=True) | Q(entry_point=entry_point), pk=support_number.pk
        ).update(entry_point=entry_point, version=F("version") + 1, updated_at=timezone.now())
        if not claimed:
            holder = SupportNumber.objects.filter(pk=support_number.pk).select_related("entry_point").first()
            if holder is None:
                raise VersionConflict(support_number)
            raise ValidationError(
                {
                    "entry_point": _("%(number)s is already assigned to channel “%(channel)s”.")
                    % {"number": holder, "channel": holder.entry_point.name}
                }
            )
        support_number.refresh_from_db()
    return support_number


def support_number_release(*, support_number: SupportNumber) -> SupportNumber:
    holder = None
    channel_model = SupportNumber._meta.get_field("entry_point").related_model
    if support_number.entry_point_id is not None and not is_recording(
        channel_model, support_number.entry_point_id
    ):
        holder = support_number.entry_point
    with atomic(), audit_change(support_number, Action.UPDATED):
        # The channel's own record says it no longer holds the number (unless it is being saved).
        channel_change = audit_change(holder, Action.UPDATED) if holder is not None else nullcontext()
        with channel_change:
            SupportNumber.objects.filter(pk=support_number.pk).update(
                entry_point=None, version=F("version") + 1, updated_at=timezone.now()
            )
            support_number.refresh_from_db()
    return support_number


def support_number_delete(*, support_number: SupportNumber, version: int | None = None) -> None:
    """Delete a number; an assigned number is refused with the channel that holds it."""
    object_delete(support_number, version=version)


@dataclass
class BulkResult:
    added: list[SupportNumber] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (line as typed, why)

    @property
    def refused_text(self) -> str:
        return "\n".join(line for line, _why in self.refused)


def support_numbers_bulk_create(*, organization: Organization, text: str) -> BulkResult:
    """Register one number per line; each line succeeds or is refused on its own."""
    result = BulkResult()
    seen = set()
    for line in text.splitlines():
        raw = line.strip()
        if not raw:
            continue
        try:
            normalized = normalize_number(raw)
            if normalized in seen:
                raise ValidationError({"number": _("This number appears twice in the list.")})
            seen.add(normalized)
            result.added.append(support_number_create(organization=organization, number=normalized))
        except ValidationError as error:
            result.refused.append((raw, " ".join(error.messages)))
    return result


#: What the Support numbers list and `POST /api/v1/support-numbers/bulk/` can do to many numbers.
BULK_ACTIONS = ("release", "delete")


def support_numbers_bulk(
    *,
    organization: Organization,
    action: str,
    ids: list,
    versions: dict | None = None,
    preview: bool = False,
) -> BulkReport:
    """Release or delete each of the organization's numbers named by `ids`, row by row, through the
    one-number services (an assigned number is not deleted: release it first)."""
    if action not in BULK_ACTIONS:
        raise ValueError(f"Not a bulk action: {action}")

    def operation(support_number: SupportNumber, version: int | None) -> bool:
        check_version(support_number, version)
        if action == "release":
            if support_number.entry_point_id is None:
                return False
            support_number_release(support_number=support_number)
            return True
        support_number_delete(support_number=support_number, version=version)
        return True

    return bulk_apply(
        SupportNumber.objects.filter(organization=organization),
        ids,
        operation,
        versions=versions,
        name_of=str,
        preview=preview,
    )
