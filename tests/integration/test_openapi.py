"""The API's OpenAPI document: generated from the routes, served by the API, kept in the repo."""

from __future__ import annotations

import json
import re

import pytest

from awning_assistant.errors import AppError
from awning_assistant.records.store import ENTITIES
from local import openapi
from local.handlers import handler_module, invoke
from tests.builders import rest_request
from tests.integration.conftest import Api

ERROR_CODES = {"401", "422", "500", "503"}


def test_the_checked_in_copy_is_current():
    assert openapi.DOCUMENT.read_text(encoding="utf-8") == openapi.render(), (
        "docs/openapi.json is stale: run `make openapi`"
    )


def test_every_route_is_documented_with_its_errors_and_who_may_call():
    document = openapi.document()
    app = handler_module("chat_handler").app
    routes = {
        (route.method.lower(), route.openapi_path)
        for route in app._static_routes + app._dynamic_routes
        if route.include_in_schema
    }
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
    for method, path, body in (
        ("GET", "/api/records/invoice/1", None),
        ("POST", "/api/chat/query", {"q": 1}),
        ("GET", "/api/chat/sessions/nope", None),
        ("POST", "/api/documents/upload-url", {"filename": "x.pdf"}),
    ):
        status, reply = api.call(method, path, body)
        assert 400 <= status < 500 and set(reply) == {"error", "message"}, (path, reply)
    assert json.loads(json.dumps(reply))["error"] == "forbidden"


def post_as(content_type: str, path: str, body: str) -> tuple[int, dict]:
    """A POST sent with ``content_type`` (the Api helper always sends JSON)."""
    event = rest_request("POST", path, body, sample="api_chat_query.json", headers={"Content-Type": content_type})
    result = invoke("chat_handler", event)
    return result["statusCode"], json.loads(result["body"])


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "multipart/form-data", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"],
)
def test_a_body_that_is_not_json_gets_415(api: Api, content_type: str):
    """Found by make fuzz: text/plain and a multipart type without a boundary were 500s; form and multipart
    bodies were parsed, though the API documents JSON only."""
    status, reply = post_as(content_type, "/api/auth/dev-login", "username=staffnorth")
    assert status == 415 and reply["error"] == "unsupported_media_type" and set(reply) == {"error", "message"}
    status, reply = post_as("application/json; charset=utf-8", "/api/auth/dev-login", '{"username": "staffnorth"}')
    assert status == 200 and reply["token"]


def test_operations_with_a_body_document_415():
    for path, operations in openapi.document()["paths"].items():
        for method, operation in operations.items():
            assert ("415" in operation["responses"]) == ("requestBody" in operation), (method, path)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("TRACE", "/api/health", "GET"),
        ("DELETE", "/api/chat/query", "POST"),
        ("PUT", "/api/records/customer/C00001", "GET"),
        ("OPTIONS", "/api/documents/prices.pdf", "DELETE, GET"),
        ("GET", "/api/documents/upload-url", "POST"),
        ("DELETE", "/api/documents/upload-url", "POST"),
    ],
)
def test_a_method_a_path_does_not_take_gets_405_with_allow(api: Api, method: str, path: str, allowed: str):
    """Found by make fuzz: these were 404s, and GET or DELETE of /documents/upload-url reached
    /documents/{name} (a 422); OpenAPI matches a concrete path before a templated one."""
    result = invoke("chat_handler", rest_request(method, path, sample="api_chat_query.json"))
    allow = {k.lower(): v for k, v in result.get("multiValueHeaders", {}).items()}.get("allow")
    assert (result["statusCode"], allow) == (405, [allowed])
    assert json.loads(result["body"])["error"] == "method_not_allowed"
    api.login("staffnorth")
    assert api.call("GET", "/api/documents/upload-url.pdf")[0] == 404  # a document name, not the upload route
    assert api.call("TRACE", "/api/nowhere")[0] == 404


def test_the_api_knows_its_caller_before_a_route_runs_and_its_public_routes_need_none(api: Api):
    """Authentication is the resolver's middleware: an anonymous call of a route of the API is a 401 before the
    route runs; the liveness check, the OpenAPI document, Swagger UI and a 405 need no caller."""

    def anonymous(method: str, path: str) -> int:
        return int(invoke("chat_handler", rest_request(method, path))["statusCode"])

    assert [anonymous("GET", p) for p in ("/api/chat/sessions", "/api/auth/me", "/api/documents")] == [401] * 3
    assert [anonymous("GET", p) for p in ("/api/health", "/api/openapi.json", "/api/docs")] == [200] * 3
    assert anonymous("TRACE", "/api/health") == 405
    api.login("staffnorth")
    assert api.call("GET", "/api/auth/me")[1]["username"] == "staffnorth"


def test_a_line_feed_in_a_path_gets_a_json_404(api: Api):
    """What make fuzz leaves out locally (local.fuzz.filter_case): the function answers it in JSON."""
    api.login("admin1")
    for method, path in (("DELETE", "/api/documents/a\nb.pdf"), ("GET", "/api/records/customer/C\n1")):
        status, reply = api.call(method, path)
        assert status == 404 and reply["error"] == "not_found", (path, reply)


def test_path_parameters_are_checked_exactly_as_documented(api: Api):
    """Found by make fuzz: record types and document names the document allowed got a 400 (the record type was any
    string, the name any 1 to 160 characters); now the document states the enum and patterns the API applies."""
    parameters = {
        (path, p["name"]): p["schema"]
        for path, operations in openapi.document()["paths"].items()
        for operation in operations.values()
        for p in operation.get("parameters", [])
    }
    assert parameters["/records/{record_type}/{record_id}", "record_type"]["enum"] == [t.value for t in ENTITIES]
    api.login("admin1")
    for path, name, samples in (
        ("/records/{record_type}/{record_id}", "record_id", ["WO-10001", "INV-0001", "a b.c_d", "-WO", "W" * 65]),
        ("/documents/{name}", "name", ["price-list-2026.pdf", "Notes (v2).MD", "notes", "-x.pdf", "a.pdf.exe"]),
    ):
        pattern = parameters[path, name]["pattern"]
        for sample in samples:
            status, reply = api.call(
                "GET",
                "/api"
                + path.replace("{record_type}", "work_order").replace("{record_id}", sample).replace("{name}", sample),
            )
            assert (status == 422) == (re.search(pattern, sample) is None), (sample, status, reply)
            assert status in (200, 404, 422) and (status != 422 or name in reply["message"]), (sample, reply)


def test_every_error_code_is_named_in_the_documented_error_body():
    codes = {cls.code for cls in AppError.__subclasses__()}
    described = openapi.document()["components"]["schemas"]["ErrorBody"]["properties"]["error"]["description"]
    assert codes == set(re.findall(r"[a-z_]+", described)) - {"or"}
