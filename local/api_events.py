"""API Gateway's events as the chat function receives them: one builder for the dev server and the tests.

REST (v1 proxy) requests, the WebSocket API's messages and its ``$connect`` authorizer request, shaped
as API Gateway shapes them (the sample events in ``events/`` are the same shapes, captured).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

API_PREFIX = "/api/"
CONNECT_ARN = "arn:aws:execute-api:us-east-1:123456789012:local/_ws/$connect"


def rest_event(
    method: str,
    path: str,
    *,
    headers: dict[str, list[str]] | None = None,
    query: dict[str, list[str]] | None = None,
    body: str | None = None,
    is_base64: bool = False,
    source_ip: str = "127.0.0.1",
) -> dict[str, Any]:
    """A REST API proxy event; headers and query parameters may repeat (the last value is the single one)."""
    headers, query = headers or {}, query or {}
    return {
        "resource": "/api/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": {k: v[-1] for k, v in headers.items()},
        "multiValueHeaders": headers,
        "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": {"proxy": path.removeprefix(API_PREFIX)},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/api/{proxy+}",
            "httpMethod": method,
            "path": f"/local{path}",
            "stage": "local",
            "requestId": str(uuid.uuid4()),
            "requestTimeEpoch": int(time.time() * 1000),
            "accountId": "123456789012",
            "apiId": "local",
            "protocol": "HTTP/1.1",
            "identity": {"sourceIp": source_ip, "userAgent": next(iter(headers.get("User-Agent", [])), "")},
        },
        "body": body,
        "isBase64Encoded": is_base64,
    }


def socket_context(
    connection_id: str, route: str, event_type: str, domain: str, stage: str, authorizer: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The ``requestContext`` of a WebSocket API event."""
    return {
        "routeKey": route,
        "eventType": event_type,
        "connectionId": connection_id,
        "stage": stage,
        "domainName": domain,
        "apiId": "local",
        "requestId": str(uuid.uuid4()),
        "requestTimeEpoch": int(time.time() * 1000),
        "authorizer": authorizer or {},
        "identity": {"sourceIp": "127.0.0.1"},
    }


def socket_message(context: dict[str, Any], body: str | None) -> dict[str, Any]:
    """A message sent over a WebSocket connection."""
    return {"requestContext": context, "body": body, "isBase64Encoded": False}


def connect_request(
    context: dict[str, Any], query: dict[str, str], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """The ``$connect`` authorizer's REQUEST event (the token rides in the query string)."""
    return {
        "type": "REQUEST",
        "methodArn": CONNECT_ARN,
        "queryStringParameters": query,
        "headers": headers or {},
        "requestContext": context,
    }
