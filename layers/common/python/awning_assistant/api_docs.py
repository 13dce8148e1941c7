"""What the OpenAPI document says beyond the routes themselves: who may call (security schemes),
where (the two prefixes), and the JSON error every 4xx/5xx carries.

Powertools generates the document from the routes, their pydantic models and these settings;
the chat function serves it (``/api/openapi.json``, Swagger UI at ``/api/docs``), a checked-in
copy (``docs/openapi.json``) is kept equal to it by a test, and ``make fuzz`` tests the running
API against it.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.openapi.models import (
    APIKey,
    APIKeyIn,
    HTTPBearer,
    OAuth2,
    OAuthFlowClientCredentials,
    OAuthFlows,
    Server,
)
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse

from awning_assistant.contracts import ErrorBody
from awning_assistant.identity.providers import INTEGRATION_SCOPE

ERROR_MEANINGS = {
    400: "The request is malformed (the message names the problem).",
    401: "Not signed in, or the token or key is not valid.",
    403: "Signed in, but this role may not do this.",
    404: "No such record, document or conversation that you can see.",
    409: "It already exists (a document upload without `replace`).",
    415: "The body is not JSON (send it with `Content-Type: application/json`).",
    422: "A field or parameter is invalid (the message names it).",
    500: "A fault on our side; nothing was half-written.",
    503: "A dependency (records, search, storage) is unavailable or throttling; try again shortly.",
}
ALWAYS = (401, 422, 500, 503)  # what any signed-in route can answer

OPENAPI: dict[str, Any] = {
    "title": "Awning Assistant API",
    "version": "1.0.0",
    "description": (
        "Ask questions about the shop's customers, work and repair orders, stock and documents, with "
        "sources; browse records, conversations and documents. People call `/api` with a Cognito ID token "
        "(a dev token from `POST /api/auth/dev-login` in local mode); integrations call `/integrations` "
        f"with a client-credentials access token (scope `{INTEGRATION_SCOPE}`) and their API key. "
        'Errors are JSON `{"error", "message"}`.'
    ),
    "servers": [
        Server(url="/api", description="people: Cognito ID token (dev token locally)"),
        Server(url="/integrations", description="integrations: client-credentials token and API key"),
    ],
    "security_schemes": {
        "person": HTTPBearer(bearerFormat="JWT", description="A Cognito ID token (locally, a dev-login token)."),
        "integration": OAuth2(
            description="A Cognito app client's client-credentials access token.",
            flows=OAuthFlows(
                clientCredentials=OAuthFlowClientCredentials(
                    # the stack's Cognito domain (output CognitoDomain)
                    tokenUrl="https://auth.example.com/oauth2/token",
                    scopes={INTEGRATION_SCOPE: "Ask questions and read what the integration's role may see."},
                )
            ),
        ),
        "apiKey": APIKey(
            in_=APIKeyIn.header, name="x-api-key", description="The integration's API key (usage plan quota)."
        ),
    },
    "security": [{"person": []}, {"integration": [INTEGRATION_SCOPE], "apiKey": []}],
}
PUBLIC: list[dict[str, list[str]]] = [{}]  # a route anyone may call (an empty requirement)


def responses(*codes: int, signed_in: bool = True) -> dict[int, OpenAPIResponse]:
    """A route's documented responses: 200 (its return type), its own error codes and those any
    (signed-in) route can give."""
    common = ALWAYS if signed_in else (422, 500, 503)
    documented: dict[int, OpenAPIResponse] = {200: {"description": "OK"}}
    for code in sorted({*codes, *common}):
        documented[code] = {"description": ERROR_MEANINGS[code], "content": {"application/json": {"model": ErrorBody}}}
    return documented
