"""The OpenAPI document and the Swagger UI that renders it, served without any CDN."""

import json
import re

import pytest
from django.contrib.staticfiles import finders


@pytest.fixture
def schema(client, db):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_swagger_ui_loads_only_local_static_files(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    # Its start-up script is served by the page itself (no inline script under the CSP).
    script = "/api/docs/?script="
    assert script in assets
    for asset in assets:
        if asset == script:
            continue
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not shipped"
    start_up = client.get(script)
    assert start_up.status_code == 200
    assert "/api/schema/" in start_up.content.decode()


def test_bearer_tokens_are_the_documented_scheme(schema):
    scheme = schema["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert {"bearerAuth": []} in schema["paths"]["/api/v1/queues/"]["post"]["security"]


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/api/v1/entry-points/", "get", {"200", "400", "401", "429"}),
        ("/api/v1/entry-points/", "post", {"201", "400", "401", "403", "415", "429"}),
        ("/api/v1/entry-points/{id}/", "delete", {"204", "401", "403", "404", "409", "412", "429"}),
        ("/api/v1/queues/{id}/", "patch", {"200", "400", "401", "403", "404", "409", "412", "415", "429"}),
        ("/api/v1/audio-files/", "post", {"201", "400", "401", "403", "415", "429"}),
    ],
)
def test_operations_document_their_error_statuses(schema, path, method, statuses):
    responses = schema["paths"][path][method]["responses"]
    assert statuses <= set(responses), sorted(statuses - set(responses))
    for code in statuses - {"204"}:
        assert "content" in responses[code], f"{method.upper()} {path} {code} has no body schema"


def test_read_only_fields_are_marked(schema):
    properties = schema["components"]["schemas"]["EntryPoint"]["properties"]
    for name in ("id", "direction", "version", "created_at", "updated_at"):
        assert properties[name].get("readOnly") is True, name
