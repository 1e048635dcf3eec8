"""`POST /api/v1/<resource>/bulk/`: one action on many rows, answered row by row (contactcenter.bulk)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from contactcenter.bulk import STATUS_LABELS, BulkReport, bulk_max_rows

from .serializers import StrictBooleanField, StrictUUIDField


class IdListField(serializers.ListField):
    """A list of ids whose bad items are named in flat messages ("Item 2: …"), as every field error is."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            if not isinstance(error.detail, dict):
                raise
            raise serializers.ValidationError(
                [
                    _("Item %(position)d: %(message)s") % {"position": int(index) + 1, "message": message}
                    for index, messages in error.detail.items()
                    for message in messages
                ]
            ) from None


class BulkRequestSerializer(serializers.Serializer):
    """Subclasses set `action`'s choices."""

    action = serializers.ChoiceField(choices=())
    ids = IdListField(
        child=StrictUUIDField(),
        allow_empty=False,
        help_text=_(
            "The rows to act on, in the order the results are wanted; a repeated id counts once. "
            "An id that is not one of your organization's rows is answered `not_found`."
        ),
    )
    preview = StrictBooleanField(
        required=False,
        default=False,
        help_text=_("Only say what would happen to each row: the rules run and nothing is changed."),
    )

    def validate_ids(self, ids):
        limit = bulk_max_rows()
        if len(set(ids)) > limit:
            raise serializers.ValidationError(
                _("One bulk action changes at most %(limit)d rows; send fewer ids.") % {"limit": limit}
            )
        return ids


class BulkOutcomeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(help_text=_("The row's name when it was acted on; empty when not found."))
    status = serializers.ChoiceField(
        choices=list(STATUS_LABELS),
        help_text=_(
            "`done`: changed (or, with `preview`, would be); `unchanged`: already so; `refused`: a rule "
            "refused it, nothing changed (see `code` and `detail`); `not_found`: no such row."
        ),
    )
    code = serializers.CharField(
        help_text=_("Why it was refused, for programs: the code a single request answers.")
    )
    detail = serializers.CharField(help_text=_("Why it was refused, for people."))


class BulkCountsSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    refused = serializers.IntegerField()
    not_found = serializers.IntegerField()


class BulkResponseSerializer(serializers.Serializer):
    action = serializers.CharField()
    preview = serializers.BooleanField()
    counts = BulkCountsSerializer()
    results = BulkOutcomeSerializer(many=True)


def bulk_response_data(action: str, preview: bool, report: BulkReport) -> dict:
    return {
        "action": action,
        "preview": preview,
        "counts": report.counts,
        "results": [outcome.to_dict() for outcome in report.outcomes],
    }
