"""Snapshots of every row the product owns, to prove that a refused change wrote nothing."""

from contextlib import contextmanager

from django.apps import apps

PROJECT_APPS = (
    "contactcenter",
    "audit",
    "reversion",
    "audio",
    "queues",
    "flows",
    "channels",
    "support_numbers",
)


def db_state() -> dict[str, list[tuple[str, ...]]]:
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS or model._meta.label == "auth.User":
            rows = model._default_manager.values_list()
            state[model._meta.label] = sorted(tuple(str(value) for value in row) for row in rows)
    return state


@contextmanager
def unchanged():
    """Assert that the block leaves every row exactly as it was (put it outside pytest.raises)."""
    before = db_state()
    yield
    after = db_state()
    changed = {label: (before[label], after[label]) for label in before if before[label] != after[label]}
    assert not changed, f"rows changed: {changed}"
