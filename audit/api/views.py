"""`/api/v1/activity/` and the History of every resource (`<resource>/<id>/history/`), with restore."""

import uuid

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.choices import Action
from audit.filtersets import AuditEntryFilterSet
from audit.models import AuditEntry
from audit.registry import for_model
from audit.restore import entry_restore
from audit.selectors import entries_of, history_of

from .serializers import AuditEntrySerializer

ENTRY_ID = OpenApiParameter(
    "entry_id",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description=_("The id of an entry of this object's history."),
)


def tracked_or_404(obj):
    tracked = for_model(type(obj))
    if tracked is None:
        raise Http404
    return tracked


def entry_or_404(queryset, entry_id):
    try:
        key = uuid.UUID(str(entry_id))
    except ValueError:
        raise Http404 from None
    entry = queryset.filter(pk=key).first()
    if entry is None:
        raise Http404
    return entry


class HistoryActionsMixin:
    """`history/` and `history/<entry_id>/restore/` on a resource's viewset (OrganizationModelViewSet)."""

    @extend_schema(
        summary="History of this object",
        description=(
            "Its recorded changes, newest first: when (UTC), who (and with which token), via what "
            "(console, api, admin, command), the action, the version it produced and each field's "
            "value before and after."
        ),
        responses={200: AuditEntrySerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], serializer_class=AuditEntrySerializer)
    def history(self, request, *args, **kwargs):
        obj = self.get_object()
        entries = history_of(self.organization, tracked_or_404(obj), obj.pk)
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(AuditEntrySerializer(page, many=True).data)

    @extend_schema(
        summary="Restore a version of this object",
        description=(
            "Applies the state an entry of this object's history recorded, as a new change through the "
            "same rules as any edit (recorded as `restored`). Refused with 400 and the reason when a "
            "current rule forbids it: a referenced object deleted since, a name taken meanwhile, a "
            "channel type that would change, or nothing to change. Administrators only."
        ),
        parameters=[ENTRY_ID],
        request=None,
        responses={200: AuditEntrySerializer},
        filters=False,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"history/(?P<entry_id>[^/.]+)/restore",
        filter_backends=[],
        serializer_class=AuditEntrySerializer,
    )
    def history_restore(self, request, *args, entry_id=None, **kwargs):
        obj = self.get_object()
        entry = entry_or_404(history_of(self.organization, tracked_or_404(obj), obj.pk), entry_id)
        if entry.action == Action.DELETED:
            raise exceptions.ValidationError({"entry": [_("A deletion is restored from Activity.")]})
        restored = entry_restore(entry=entry, organization=self.organization)
        return Response(AuditEntrySerializer(restored).data)


@extend_schema(tags=["activity"])
class ActivityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every change in the organization, newest first; filter by object, user, action and time."""

    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilterSet
    filter_backends = [DjangoFilterBackend]
    queryset = AuditEntry.objects.none()

    @property
    def organization(self):
        membership = getattr(self.request.user, "membership", None) if self.request else None
        return membership.organization if membership else None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or self.organization is None:
            return AuditEntry.objects.none()
        return entries_of(self.organization)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action is None:
            return  # a method this URL does not allow: 405 follows
        known = (
            ({"page", "page_size"} | set(AuditEntryFilterSet.base_filters))
            if self.action == "list"
            else set()
        )
        errors = {name: [_("Unknown query parameter.")] for name in request.query_params if name not in known}
        for name, values in request.query_params.lists():
            if name in known and any(value == "" for value in values):
                errors[name] = [_("Enter a value.")]
        if errors:
            raise exceptions.ValidationError(errors)

    def get_object(self):
        return entry_or_404(self.get_queryset(), self.kwargs.get("pk"))

    @extend_schema(summary="Activity: every change in the organization")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="One entry of the activity")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Restore a deleted object",
        description=(
            "Brings back the object a `deleted` entry recorded, with its id, through the same rules as "
            "any new object (recorded as `restored`); refused with 400 and the reason when a rule forbids "
            "it (a name taken since, a referenced object deleted). Administrators only."
        ),
        request=None,
        responses={200: AuditEntrySerializer},
        filters=False,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def restore(self, request, *args, **kwargs):
        entry = self.get_object()
        if entry.action != Action.DELETED:
            raise exceptions.ValidationError(
                {
                    "entry": [
                        _("Only a deletion is restored here; restore a version from the object's history.")
                    ]
                }
            )
        restored = entry_restore(entry=entry, organization=self.organization)
        return Response(AuditEntrySerializer(restored).data)
