"""The API's OpenAPI document: generated from the routes, served by the API, kept in the repo."""

from __future__ import annotations

import json

from local import openapi
from local.handlers import handler_module

from .conftest import Api

ERROR_CODES = {"401", "422", "500", "503"}


def test_the_checked_in_copy_is_current():
    assert openapi.DOCUMENT.read_text(encoding="utf-8") == openapi.render(), \
        "docs/openapi.json is stale: run `make openapi`"


def test_every_route_is_documented_with_its_errors_and_who_may_call():
    document = openapi.document()
    app = handler_module("chat_handler").app
    routes = {(route.method.lower(), route.openapi_path) for route in app._static_routes + app._dynamic_routes
              if route.include_in_schema}
    documented = {(method, path) for path, operations in document["paths"].items() for method in operations}
    assert routes == documented and len(routes) >= 14
    schemes = document["components"]["securitySchemes"]
    assert schemes["person"]["scheme"] == "bearer" and schemes["apiKey"]["name"] == "x-api-key"
    assert "awning-api/query" in schemes["integration"]["flows"]["clientCredentials"]["scopes"]
    assert [s["url"] for s in document["servers"]] == ["/api", "/integrations"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert "200" in codes and operation["responses"]["200"]["content"], (method, path)
            public = operation.get("security") == [{}]
            assert (codes >= ERROR_CODES) or (public and codes >= ERROR_CODES - {"401"}), (method, path)
            for code in codes - {"200"}:
                schema = operation["responses"][code]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, code)


def test_the_api_serves_the_document_and_swagger_ui(api: Api):
    status, served = api.call("GET", "/api/openapi.json")
    assert status == 200 and served == openapi.document()
    status, html = api.call_raw("GET", "/api/docs")
    assert status == 200 and "SwaggerUIBundle" in html and "Awning Assistant API" in html


def test_error_bodies_match_the_documented_schema(api: Api):
    api.login("staffnorth")
    for method, path, body in (("GET", "/api/records/invoice/1", None), ("POST", "/api/chat/query", {"q": 1}),
                               ("GET", "/api/chat/sessions/nope", None),
                               ("POST", "/api/documents/upload-url", {"filename": "x.pdf"})):
        status, reply = api.call(method, path, body)
        assert 400 <= status < 500 and set(reply) == {"error", "message"}, (path, reply)
    assert json.loads(json.dumps(reply))["error"] == "forbidden"
