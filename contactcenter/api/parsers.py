"""The API's JSON parser: a body is read within its limit and is one JSON object, or it is refused.

DRF's own parser lets a deeply nested document raise RecursionError (a 500), accepts NUL
characters that PostgreSQL then refuses to store (another 500), and hands a list or a string to
serializers that expect an object. Every such body is a 400 `parse_error` here, and a body over
`API_MAX_BODY_BYTES` a 413, whatever its Content-Length claimed.
"""

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status

MAX_DEPTH = 32


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "payload_too_large"


def body_too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        _("The request body is larger than %(limit)d bytes, the most this endpoint accepts.")
        % {"limit": limit}
    )


def _refuse(message) -> exceptions.ParseError:
    return exceptions.ParseError(message)


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _check_shape(document) -> None:
    """NUL characters and nesting deeper than MAX_DEPTH are refused; iterative, so no recursion."""
    pending = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise _refuse(
                _("The JSON document is nested more than %(max)d levels deep.") % {"max": MAX_DEPTH}
            )
        if isinstance(value, str):
            if "\x00" in value:
                raise _refuse(
                    _("The JSON document contains a NUL character (\\u0000), which no field accepts.")
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    raise _refuse(
                        _("The JSON document contains a NUL character (\\u0000), which no field accepts.")
                    )
                pending.append((item, depth + 1))
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)


class StrictJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        if stream is None:
            return {}
        limit = settings.API_MAX_BODY_BYTES
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise body_too_large(limit)
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as error:
            raise _refuse(
                _("The body is not valid %(encoding)s text (byte %(position)d).")
                % {"encoding": encoding.upper(), "position": error.start}
            ) from None
        try:
            document = json.loads(text, parse_constant=_reject_constant)
        except RecursionError:
            raise _refuse(
                _("The JSON document is nested more than %(max)d levels deep.") % {"max": MAX_DEPTH}
            ) from None
        except ValueError as error:
            # Also a number of more than 4,300 digits (Python's int limit): not a value any field takes.
            raise _refuse(_("JSON parse error - %(error)s") % {"error": error}) from None
        _check_shape(document)
        if not isinstance(document, dict):
            raise _refuse(
                _("The body must be a JSON object ({…}); it is a JSON %(kind)s.")
                % {
                    "kind": {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
                        type(document), "number"
                    )
                }
            )
        return document
