from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from contactcenter.api.bulk import BulkRequestSerializer, BulkResponseSerializer, bulk_response_data
from contactcenter.api.viewsets import OrganizationModelViewSet
from support_numbers.filtersets import SupportNumberFilterSet
from support_numbers.models import SupportNumber
from support_numbers.services import BULK_ACTIONS, support_number_delete, support_numbers_bulk

from .serializers import SupportNumberSerializer


class SupportNumberBulkSerializer(BulkRequestSerializer):
    action = serializers.ChoiceField(
        choices=BULK_ACTIONS,
        help_text=_(
            "`release` each number from its channel, or `delete` it (an assigned number is refused: "
            "release it first)."
        ),
    )


class SupportNumberViewSet(OrganizationModelViewSet):
    """The organization's phone numbers, and the channel each is assigned to."""

    queryset = SupportNumber.objects.all()
    serializer_class = SupportNumberSerializer
    filterset_class = SupportNumberFilterSet
    search_fields = ["number", "description"]
    ordering_fields = ["number", "created_at", "updated_at"]
    ordering = ["number"]

    def perform_delete(self, instance, *, version):
        support_number_delete(support_number=instance, version=version)

    @extend_schema(
        summary="Release or delete many support numbers",
        description=_(
            "Each number is changed in its own transaction through the same rules as one request, and "
            "answered on its own. 200 with one result per id, in the order sent."
        ),
        request=SupportNumberBulkSerializer,
        responses={200: BulkResponseSerializer},
        filters=False,
    )
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def bulk(self, request, *args, **kwargs):
        query = SupportNumberBulkSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        report = support_numbers_bulk(
            organization=self.organization, action=data["action"], ids=data["ids"], preview=data["preview"]
        )
        return Response(bulk_response_data(data["action"], data["preview"], report))
