"""Which objects refer to an object: the one query behind every "Used by" panel and delete guard."""

from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.urls import NoReverseMatch


@dataclass(frozen=True)
class Reference:
    # Cached: a page shows each reference in its panel and in its delete dialog (the url twice each).
    obj: models.Model

    @cached_property
    def kind(self) -> str:
        return str(self.obj._meta.verbose_name)

    @property
    def type(self) -> str:
        return self.obj._meta.model_name

    @property
    def id(self):
        return self.obj.pk

    @cached_property
    def name(self) -> str:
        return str(self.obj)

    @cached_property
    def url(self) -> str | None:
        try:
            return self.obj.get_absolute_url()
        except (AttributeError, NoReverseMatch):
            return None

    def to_dict(self) -> dict:
        return {"type": self.type, "kind": self.kind, "id": str(self.id), "name": self.name}


def references(obj: models.Model, loaded: dict[str, list] | None = None) -> list[Reference]:
    """Objects that refer to `obj` through a RESTRICT/PROTECT foreign key (not owned children).

    `loaded` gives, by the relation's accessor (`"support_numbers"`), the rows that refer to `obj` which
    the caller has already read (a channel's numbers, for its own panel), instead of a query."""
    found: list[Reference] = []
    for relation in obj._meta.related_objects:
        if relation.on_delete not in (models.RESTRICT, models.PROTECT) or relation.many_to_many:
            continue
        if loaded and relation.get_accessor_name() in loaded:
            found.extend(Reference(item) for item in loaded[relation.get_accessor_name()])
            continue
        manager = relation.related_model._default_manager
        found.extend(Reference(item) for item in manager.filter(**{relation.field.name: obj}).order_by("pk"))
    holders = getattr(obj, "reference_holders", None)
    if holders:
        found.extend(Reference(item) for item in holders())
    return sorted(found, key=lambda ref: (ref.kind, ref.name.lower()))
