"""The services' transactions: a savepoint only where someone could recover from a failure (issue 16).

A service opens `atomic()` so that its write and its audit entry land together. Nested in another
transaction, Django makes each such block a savepoint (a SAVEPOINT and a RELEASE statement), so that
a caller who catches the service's error can go on in its own transaction: a console view inside a
test's transaction, a bulk action that reports one row's refusal and writes the next. A PATCH went
through four of them (the view, the service, model_save, the versioned save): eight of its queries.

Where nobody recovers (an API write: any exception rolls the whole request's change back and becomes
the answer), the outermost block says so with `all_or_nothing()`, and the blocks inside it make no
savepoints. The one recovery inside a write, a clashing row saved by a concurrent request between
validation and write (model_save), is then judged after the rollback instead of at a savepoint
(`WriteRace`), with the same message.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

_all_or_nothing: ContextVar[bool] = ContextVar("contactcenter_all_or_nothing", default=False)


class WriteRace(Exception):
    """A write refused by a constraint after validation passed (a concurrent change), inside
    all_or_nothing(): the transaction is unusable until it is rolled back, so the object is judged
    after that."""

    def __init__(self, obj: models.Model):
        super().__init__(obj)
        self.obj = obj


def in_all_or_nothing() -> bool:
    return _all_or_nothing.get()


def race_refusal(obj: models.Model) -> ValidationError:
    """What a write refused by a constraint says: the constraint's own message (validate_constraints()
    raises it), or that another change got there first."""
    obj.validate_constraints()
    return ValidationError(_("This change conflicts with another change saved at the same time; try again."))


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """One transaction for a whole write whose every failure rolls all of it back and is not caught
    inside: the services' blocks within it (`atomic()`) make no savepoints."""
    token = _all_or_nothing.set(True)
    try:
        with transaction.atomic():
            yield
    except WriteRace as race:
        # Rolled back now (to this block's savepoint, or entirely): the database can answer again.
        raise race_refusal(race.obj) from None
    finally:
        _all_or_nothing.reset(token)


def atomic():
    """A service's transaction: a savepoint when nested (so a caller may catch its error and go on),
    none inside all_or_nothing()."""
    return transaction.atomic(savepoint=not _all_or_nothing.get())
