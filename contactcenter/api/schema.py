"""OpenAPI: every status code an operation can answer, the error bodies, the auth schemes and headers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from contactcenter.errors import ChannelActive, ChannelHasNumbers, Referenced, SystemChannel, VersionConflict

from .serializers import ReferenceSerializer

SINGLE_OBJECT_ACTIONS = {"retrieve", "create", "update", "partial_update"}
CONFLICT_CODES = [
    c.code for c in (VersionConflict, ChannelActive, ChannelHasNumbers, Referenced, SystemChannel)
]

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_(
        'The ETag of the version you read, for example "3". If the object has changed since, '
        "the request is refused with 412 and nothing is changed."
    ),
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    required=True,
    description=_("The object's version, quoted; send it back in If-Match."),
)
LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[201],
    required=True,
    description=_("URL of the created object."),
)
WWW_AUTHENTICATE = OpenApiParameter(
    "WWW-Authenticate",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[401],
    required=True,
    description=_("The authentication scheme to use: Bearer."),
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    required=True,
    description=_("Seconds to wait before the next request."),
)


class ErrorSerializer(serializers.Serializer):
    """Every error other than 400 and 409."""

    code = serializers.CharField(
        help_text=_("Machine-readable, for example `not_authenticated`, `not_found`.")
    )
    detail = serializers.CharField(help_text=_("Human-readable explanation."))


class ConflictSerializer(serializers.Serializer):
    """A guard refused the change (409)."""

    code = serializers.ChoiceField(choices=CONFLICT_CODES)
    detail = serializers.CharField()
    numbers = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=_("channel_has_numbers: the support numbers (E.164) the channel still holds."),
    )
    referrers = ReferenceSerializer(
        many=True, required=False, help_text=_("referenced: the objects that refer to this one.")
    )


MESSAGES_SCHEMA = {"type": "array", "items": {"type": "string"}}

# The errors under a nested list's name: DRF's shape for a nested list serializer.
ROW_ERRORS_SCHEMA = {
    "type": "object",
    "title": "RowErrors",
    "description": str(
        _(
            "The errors of a nested list (shifts, holidays, overrides): under a row's index in the array "
            'sent ("0", "1", …) the errors of that row by field, `non_field_errors` for the row as a '
            "whole (two overlapping shifts: in both rows); `non_field_errors` beside them for the list as "
            "a whole (no shift, too many rows, two rows with one name)."
        )
    ),
    "properties": {"non_field_errors": MESSAGES_SCHEMA},
    "additionalProperties": {"type": "object", "additionalProperties": MESSAGES_SCHEMA},
    "example": {
        "1": {
            "non_field_errors": [
                "Shift “Late” (22:00–02:00) overlaps shift “Early” (01:00–05:00) on Saturday."
            ]
        },
        "2": {
            "non_field_errors": [
                "Shift “Late” (22:00–02:00) overlaps shift “Early” (01:00–05:00) on Saturday."
            ]
        },
    },
}

VALIDATION_ERROR_SCHEMA = {
    "description": str(
        _(
            "Bad input (400): for each field, its messages; `non_field_errors` for the object as a whole. "
            "A nested list (shifts, holidays, overrides) has its errors row by row, keyed by the row's index "
            "(RowErrors). "
            "A body that cannot be read at all (not valid JSON, not UTF-8) is a `parse_error`."
        )
    ),
    "oneOf": [
        {
            "type": "object",
            "title": "FieldErrors",
            "additionalProperties": {"oneOf": [MESSAGES_SCHEMA, ROW_ERRORS_SCHEMA]},
        },
        {
            "type": "object",
            "title": "ParseError",
            "properties": {
                "code": {"type": "string", "enum": ["parse_error"]},
                "detail": {"type": "string"},
            },
            "required": ["code", "detail"],
            "additionalProperties": False,
        },
    ],
}

ERROR_DESCRIPTIONS = {
    400: _("Bad input: field errors with the console's messages (or an unknown query parameter)."),
    401: _("No credentials, or invalid, expired or revoked ones."),
    403: _("Not allowed: a viewer, a read-only token or a missing CSRF token for a write."),
    404: _("No such object in your organization (another organization's objects answer the same)."),
    409: _(
        "A guard refused the change: version_conflict, channel_active, channel_has_numbers, referenced, "
        "system_channel."
    ),
    412: _("If-Match does not match the object's current ETag."),
    415: _("The body is not JSON (or multipart, for audio uploads)."),
    429: _("Too many requests for this token; retry after Retry-After seconds."),
}


class ApiAutoSchema(AutoSchema):
    """Adds the errors, the concurrency headers and the auth challenge to every operation."""

    def _action(self) -> str | None:
        return getattr(self.view, "action", None)

    def _is_single_object(self) -> bool:
        return self._action() in SINGLE_OBJECT_ACTIONS

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method in ("PUT", "PATCH", "DELETE"):
            parameters.append(IF_MATCH)
        if self._is_single_object():
            parameters.append(ETAG)
            if self._action() == "create":
                parameters.append(LOCATION)
        parameters.extend([WWW_AUTHENTICATE, RETRY_AFTER])
        return parameters

    def error_codes(self) -> set[int]:
        # 400 everywhere: an unknown query parameter is refused on every operation.
        codes = {400, 401, 403, 429}
        if self.method == "GET":
            codes.add(404)
        elif self.method == "POST":
            codes |= {415} if self._is_create_operation() else {404, 409, 415}
        elif self.method in ("PUT", "PATCH"):
            codes |= {404, 409, 412, 415}
        elif self.method == "DELETE":
            codes |= {404, 409, 412}
        return codes

    def _error_component(self, name: str, schema_or_serializer) -> dict:
        if isinstance(schema_or_serializer, dict):
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema_or_serializer
            )
            self.registry.register_on_missing(component)
            return component.ref
        return self.resolve_serializer(schema_or_serializer, "response").ref

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in sorted(self.error_codes()):
            key = str(code)
            if key in responses:
                continue
            if code == 400:
                schema = self._error_component("ValidationError", VALIDATION_ERROR_SCHEMA)
            elif code == 409:
                schema = self._error_component("Conflict", ConflictSerializer)
            else:
                schema = self._error_component("Error", ErrorSerializer)
            headers = self._get_response_headers_for_code(key, direction)
            responses[key] = {
                **({"headers": headers} if headers else {}),
                "content": {"application/json": {"schema": schema}},
                "description": str(ERROR_DESCRIPTIONS[code]),
            }
        return responses


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "contactcenter.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _(
                    "A personal API token, created on the console's API tokens page (user menu): "
                    "`Authorization: Bearer cc_…`. Tokens of viewers, and read-only tokens, can only read."
                )
            ),
        }


# Which field of another resource's body takes the id of a created object: the stateful links.
BODY_LINKS = {
    "queues": [("flows", "queue")],
    "business-hours": [("flows", "business_hours")],
    "holiday-lists": [("business-hours", "holiday_list")],
    "override-lists": [("business-hours", "override_list")],
    "flows": [("entry-points", "flow")],
    "audio-files": [("queues", "music_in_queue")],
    "entry-points": [("support-numbers", "entry_point")],
}


def add_links(result, generator, request, public):
    """Postprocessing hook: OpenAPI links from each create to the operations on the created object.

    They let clients (and schemathesis' stateful tests) chain calls: create a queue, then read,
    change or delete it, or create a flow routing to it.
    """
    paths = result.get("paths", {})
    operation_ids = {}
    for path, item in paths.items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                operation_ids[(path, method)] = operation["operationId"]
    for path, item in paths.items():
        create = item.get("post")
        if not create or "{" in path or "201" not in create.get("responses", {}):
            continue
        resource = path.rstrip("/").rsplit("/", 1)[-1]
        links = {}
        detail = f"{path}{{id}}/"
        for method in ("get", "put", "patch", "delete"):
            target = operation_ids.get((detail, method))
            if target:
                links[target] = {"operationId": target, "parameters": {"id": "$response.body#/id"}}
        for suffix in ("references/", "history/"):
            target = operation_ids.get((f"{detail}{suffix}", "get"))
            if target:
                links[target] = {"operationId": target, "parameters": {"id": "$response.body#/id"}}
        for other, field in BODY_LINKS.get(resource, []):
            target = operation_ids.get((path.replace(f"/{resource}/", f"/{other}/"), "post"))
            if target:
                links[f"{target}_{field}"] = {
                    "operationId": target,
                    "requestBody": {field: "$response.body#/id"},
                }
        if links:
            create["responses"]["201"]["links"] = links
    return result
