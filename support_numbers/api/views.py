from contactcenter.api.viewsets import OrganizationModelViewSet
from support_numbers.filtersets import SupportNumberFilterSet
from support_numbers.models import SupportNumber
from support_numbers.services import support_number_delete

from .serializers import SupportNumberSerializer


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
