"""The control flow of every resource, written once: scope, read, create, change, delete, references.

Organization scoping: every queryset is filtered by the user's organization, so another
organization's object answers 404 exactly like a missing one.

Optimistic concurrency: each single-object response carries `ETag: "<version>"`. PUT, PATCH and
DELETE honour `If-Match` (412 when it does not match); a `version` in the body is passed to the
service, which refuses a stale one with 409 `version_conflict`. The version the client named is
also what the service's conditional UPDATE checks, so two clients racing with the same ETag
cannot both win.
"""

from collections.abc import Mapping

from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.api.views import HistoryActionsMixin
from audit.recording import prefetched_after_write
from contactcenter.errors import VersionConflict
from contactcenter.models import Organization
from contactcenter.references import references

from ..transactions import all_or_nothing
from .exceptions import PreconditionFailed
from .serializers import ReferencesSerializer, ids_only_set, prefetch_ids


def etag_for(obj: models.Model) -> str:
    return f'"{obj.version}"'


class OrganizationModelViewSet(HistoryActionsMixin, viewsets.ModelViewSet):
    """List, create, retrieve, replace, partially update and delete one kind of organization-owned object.

    Subclasses set `queryset`, `serializer_class`, filters, and implement `perform_delete()`
    with their service; serializers' `create()`/`update()` call the create and update services.
    """

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    #: Prefetches for the nested or many-valued fields, so lists run a constant number of queries.
    prefetch_related: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()

    @property
    def organization(self) -> Organization | None:
        membership = getattr(self.request.user, "membership", None) if self.request else None
        return membership.organization if membership else None

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False) or self.organization is None:
            return queryset.none()
        queryset = queryset.filter(organization=self.organization)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        prefetch = self.prefetch_related
        if self.action == "list":
            prefetch = tuple(name for name in prefetch if name not in self.listed_as_ids())
        if prefetch:
            queryset = queryset.prefetch_related(*prefetch)
        return queryset

    #: listed_as_ids() by viewset class.
    _listed_as_ids: dict = {}

    def listed_as_ids(self) -> tuple[str, ...]:
        """The prefetched sets the list shows as ids only: it reads those ids (prefetch_ids), not the rows."""
        key = type(self)
        if key not in self._listed_as_ids:
            serializer = self.get_serializer_class()()
            model = serializer.Meta.model
            readable = [field for field in serializer.fields.values() if not field.write_only]
            sources = [field.source_attrs[:1] for field in readable]
            found = []
            for field in readable:
                name = ids_only_set(field, model)
                # Only when nothing else in the answer reads the same set.
                if name in self.prefetch_related and sources.count([name]) == 1:
                    found.append(name)
            self._listed_as_ids[key] = tuple(found)
        return self._listed_as_ids[key]

    def known_query_parameters(self) -> set[str]:
        if self.action == "list":
            known = {"page", "page_size"}
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                known |= set(filterset_class.base_filters)
            if getattr(self, "search_fields", None):
                known.add("search")
            if getattr(self, "ordering_fields", None):
                known.add("ordering")
            return known
        if self.action == "history":
            return {"page", "page_size"}
        if self.action == "destroy" and getattr(self, "destroy_query_serializer", None):
            return set(self.destroy_query_serializer().fields)
        return set()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action is None:
            return  # a method this URL does not allow: 405 follows
        # A misspelt filter must not silently return everything.
        known = self.known_query_parameters()
        errors = {name: [_("Unknown query parameter.")] for name in request.query_params if name not in known}
        for name, values in request.query_params.lists():
            # An empty value is refused too, rather than read as "no filter".
            if name in known and name != "search" and any(value == "" for value in values):
                errors[name] = [_("Enter a value.")]
        if errors:
            raise exceptions.ValidationError(errors)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["organization"] = None if getattr(self, "swagger_fake_view", False) else self.organization
        return context

    # --- concurrency -------------------------------------------------------------------------

    def if_match_version(self, instance) -> int | None:
        """The version named by If-Match, or None without the header; 412 if it does not match."""
        header = self.request.headers.get("If-Match")
        if header is None:
            return None
        tags = [tag.strip() for tag in header.split(",") if tag.strip()]
        if "*" in tags:
            return None
        current = etag_for(instance)
        if any(tag.removeprefix("W/") == current for tag in tags):
            return instance.version
        raise PreconditionFailed()

    def body_version(self) -> int | None:
        data = self.request.data
        if not isinstance(data, Mapping) or data.get("version") in (None, ""):
            return None
        value = data.get("version")
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise exceptions.ValidationError({"version": [_("A valid integer is required.")]})
        try:
            return int(value)
        except ValueError:
            raise exceptions.ValidationError({"version": [_("A valid integer is required.")]}) from None

    # --- responses -----------------------------------------------------------------------------

    def object_response(self, instance, status_code: int = status.HTTP_200_OK, headers=None) -> Response:
        """The answer to a write: what is stored now.

        The saved object is current already (model_save validated every field into its stored form, the
        save set the version and the timestamps), so only what the write may have changed beside it is
        read again: the prefetched sets (a schedule's shifts, a channel's numbers), in their order."""
        if self.prefetch_related:
            # The audit trail read the sets it records after the write (audit.recording); the others again.
            fresh = prefetched_after_write(instance) & {
                name for name in self.prefetch_related if isinstance(name, str)
            }
            cache = getattr(instance, "_prefetched_objects_cache", {})
            instance._prefetched_objects_cache = {name: rows for name, rows in cache.items() if name in fresh}
            prefetch_related_objects([instance], *self.prefetch_related)
        response = Response(self.get_serializer(instance).data, status=status_code, headers=headers)
        response["ETag"] = etag_for(instance)
        return response

    # --- actions -------------------------------------------------------------------------------

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(queryset) if page is None else page
        prefetch_ids(rows, self.listed_as_ids())
        serializer = self.get_serializer(rows, many=True)
        if page is None:
            return Response(serializer.data)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = etag_for(instance)
        return response

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with all_or_nothing():
            instance = serializer.save(organization=self.organization)
        location = self.reverse_action("detail", args=[instance.pk])
        return self.object_response(instance, status.HTTP_201_CREATED, headers={"Location": location})

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        expected = self.if_match_version(instance)
        stated = self.body_version()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            with all_or_nothing():
                instance = serializer.save(version=stated if stated is not None else expected)
        except VersionConflict:
            if stated is None and expected is not None:
                # The ETag matched when read but not when written: a concurrent change won.
                raise PreconditionFailed() from None
            raise
        return self.object_response(instance)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        expected = self.if_match_version(instance)
        try:
            self.perform_delete(instance, version=expected)
        except VersionConflict:
            if expected is not None:
                raise PreconditionFailed() from None
            raise
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_delete(self, instance, *, version: int | None) -> None:
        raise NotImplementedError

    @extend_schema(
        summary="What refers to this object",
        description="The objects that use this one; while there are any, it cannot be deleted (409 `referenced`).",
        responses={200: ReferencesSerializer},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def references(self, request, *args, **kwargs):
        found = references(self.get_object())
        return Response({"count": len(found), "results": [reference.to_dict() for reference in found]})
