from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.choices import Action, Via
from audit.models import AuditEntry
from audit.presentation import change_rows
from audit.registry import all_tracked


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField(
        help_text=_(
            "The API's field name; `shifts`, `holidays`, `overrides`, `support_numbers` for rows and numbers."
        )
    )
    label = serializers.CharField(help_text=_("The field's label, or the row's (“Shift “Day””)."))
    before = serializers.CharField(
        allow_null=True, help_text=_("The value before, as a person reads it; null: none.")
    )
    after = serializers.CharField(
        allow_null=True, help_text=_("The value after; null: none (a row removed).")
    )


class EntryObjectSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=[], help_text=_("As the references endpoint names it: entrypoint, queue, flow, …")
    )
    id = serializers.CharField()
    name = serializers.CharField(help_text=_("Its name at the time of the change."))

    def get_fields(self):
        fields = super().get_fields()
        fields["type"].choices = sorted(t.type_name for t in all_tracked())
        return fields


class AuditEntrySerializer(serializers.ModelSerializer):
    """One change: when (UTC), who, via what, the object, the version it produced and what changed."""

    action = serializers.ChoiceField(choices=Action.choices)
    via = serializers.ChoiceField(choices=Via.choices)
    actor = serializers.SerializerMethodField(help_text=_("The user's username; null for the system."))
    token = serializers.SerializerMethodField(
        help_text=_("The API token's name, when the change came with one.")
    )
    object = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "action", "actor", "token", "via", "object", "version", "changes"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, entry) -> str | None:
        return entry.actor_name or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_token(self, entry) -> str | None:
        return entry.token_name or None

    @extend_schema_field(EntryObjectSerializer)
    def get_object(self, entry) -> dict:
        return {"type": entry.object_type, "id": entry.object_id, "name": entry.object_name}

    @extend_schema_field(ChangeSerializer(many=True))
    def get_changes(self, entry) -> list[dict]:
        return [
            {"field": row.field, "label": str(row.label), "before": row.before, "after": row.after}
            for row in change_rows(entry)
        ]
