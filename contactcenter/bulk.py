"""Bulk actions: one service applied to many rows, each row in its own transaction, each outcome reported.

The console's confirmation and the API share this: a preview runs the very same services inside a
transaction that is then rolled back, so "what will happen" is decided by the rules that will
decide it, not by a second copy of them.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from contactcenter.errors import DomainConflict, VersionConflict

DONE, UNCHANGED, REFUSED, NOT_FOUND = "done", "unchanged", "refused", "not_found"
STATUS_LABELS = {
    DONE: _("Done"),
    UNCHANGED: _("Nothing to do"),
    REFUSED: _("Refused"),
    NOT_FOUND: _("Not found"),
}

#: An operation does its row's change through the services, on the version given (None: any), and
#: says whether anything changed.
Operation = Callable[[models.Model, int | None], bool]


@dataclass(frozen=True)
class BulkOutcome:
    id: UUID
    name: str
    status: str
    code: str = ""
    detail: str = ""
    #: The version the row had when it was read: a confirmation applies the action to that version only.
    version: int | None = None

    @property
    def token(self) -> str:
        """The row as a confirmation posts it back: "<id>@<version>"."""
        return f"{self.id}@{self.version}" if self.version is not None else str(self.id)

    def to_dict(self) -> dict:
        return {
            "id": str(self.id),
            "name": self.name,
            "status": self.status,
            "code": self.code,
            "detail": self.detail,
        }


@dataclass
class BulkReport:
    outcomes: list[BulkOutcome] = field(default_factory=list)

    def of(self, status: str) -> list[BulkOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == status]

    @property
    def counts(self) -> dict[str, int]:
        return {status: len(self.of(status)) for status in STATUS_LABELS}


def bulk_max_rows() -> int:
    return settings.BULK_MAX_ROWS


class _Preview(Exception):
    """Raised inside a row's transaction to roll its change back after the services accepted it."""

    def __init__(self, changed: bool):
        super().__init__()
        self.changed = changed


def _refusal(error: Exception) -> tuple[str, str]:
    if isinstance(error, DomainConflict):
        return error.code, error.detail
    if isinstance(error, ValidationError):
        return "invalid", " ".join(error.messages)
    raise error


def bulk_apply(
    queryset: models.QuerySet,
    ids: Sequence[UUID],
    operation: Operation,
    *,
    versions: Mapping[UUID, int] | None = None,
    name_of: Callable[[models.Model], str] = str,
    preview: bool = False,
) -> BulkReport:
    """Apply `operation` to each of `ids` found in `queryset` (the caller's organization scope), in order.

    Each row is read afresh and changed in its own transaction: a refused row changes nothing and
    leaves the others as they went. A row named with a version (`versions`) is changed only if it
    still has it. With `preview`, every row's transaction is rolled back.
    """
    unique = list(dict.fromkeys(ids))
    found = {obj.pk: obj for obj in queryset.filter(pk__in=unique)}
    versions = versions or {}
    report = BulkReport()
    for pk in unique:
        obj = found.get(pk)
        if obj is None:
            report.outcomes.append(BulkOutcome(pk, "", NOT_FOUND, "not_found", str(_("Not found."))))
            continue
        outcome = _apply_one(obj, operation, name_of(obj), versions.get(pk), preview=preview)
        report.outcomes.append(outcome)
    return report


def _apply_one(
    obj: models.Model, operation: Operation, name: str, version: int | None, *, preview: bool
) -> BulkOutcome:
    read = getattr(obj, "version", None)
    try:
        with transaction.atomic():
            changed = operation(obj, version)
            if preview:
                raise _Preview(changed)
    except _Preview as rolled_back:
        changed = rolled_back.changed
    except ObjectDoesNotExist:
        return BulkOutcome(obj.pk, name, NOT_FOUND, "not_found", str(_("It was deleted meanwhile.")))
    except VersionConflict:
        detail = str(_("Someone else changed it after the action was reviewed, so it was left as it is."))
        return BulkOutcome(obj.pk, name, REFUSED, VersionConflict.code, detail, read)
    except (DomainConflict, ValidationError) as error:
        code, detail = _refusal(error)
        return BulkOutcome(obj.pk, name, REFUSED, code, detail, read)
    return BulkOutcome(obj.pk, name, DONE if changed else UNCHANGED, version=read)


def bulk_tokens(values: Iterable[str]) -> tuple[list[UUID], dict[UUID, int]]:
    """The rows a form posted, as "<id>" or "<id>@<version>": their ids in order, and the versions
    given. A value that names no row cannot be acted on and is dropped."""
    ids: list[UUID] = []
    versions: dict[UUID, int] = {}
    for value in values:
        text, _at, version = str(value).partition("@")
        try:
            pk = UUID(text)
        except ValueError:
            continue
        ids.append(pk)
        if version.isdigit() and len(version) < 12:
            versions[pk] = int(version)
    return ids, versions
