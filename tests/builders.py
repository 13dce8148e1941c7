"""API Gateway's events for the tests, built in one place: REST API (v1 proxy) requests, the WebSocket API's
messages and its ``$connect`` authorizer request.

A request is built from scratch with ``local.api_events`` (the dev server's builder too), or is one of the
captured samples in ``events/`` (with its Cognito authorizer's claims) re-aimed at another method and path.
"""

from __future__ import annotations

import json
from typing import Any

from local.api_events import connect_request, rest_event, socket_context, socket_message
from tests.conftest import ROOT

EVENTS = ROOT / "events"
# The WebSocket API a test's connection is on (moto's management API keeps what is posted to it).
DOMAIN = "abc123.execute-api.us-east-1.amazonaws.com"
STAGE = "prod"
CONNECTION = "conn-1"


def load_event(name: str) -> dict[str, Any]:
    """A sample event of ``events/``, a fresh copy each time."""
    return json.loads((EVENTS / name).read_text())


def _text(body: Any) -> str | None:
    """A body as sent: text as given, anything else as its JSON."""
    return body if body is None or isinstance(body, str) else json.dumps(body)


def rest_request(
    method: str,
    path: str,
    body: Any = None,
    *,
    sample: str | None = None,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A REST API proxy event for ``method`` ``path`` as API Gateway hands it to the chat function.

    Without ``sample``: built from scratch, with no authorizer's claims (a caller signs in with a bearer
    token in ``headers``). With ``sample`` (a file of ``events/``): that captured request, its authorizer's
    claims kept, sent to ``method`` ``path`` under the sample's proxy resource; ``headers`` and ``query``,
    when given, replace the sample's."""
    if sample is None:
        return rest_event(
            method,
            path,
            headers={k: [v] for k, v in (headers or {}).items()},
            query={k: [v] for k, v in (query or {}).items()},
            body=_text(body),
        )
    event = load_event(sample)
    resource = event["resource"]
    if not resource.endswith("/{proxy+}"):
        raise ValueError(f"{sample} is not a proxy resource's request ({resource}); re-aim another sample")
    event.update(
        path=path,
        httpMethod=method,
        body=_text(body),
        pathParameters={"proxy": path.removeprefix(resource.removesuffix("{proxy+}"))},
    )
    event["requestContext"].update(path=f"/{event['requestContext']['stage']}{path}", httpMethod=method)
    if headers is not None:
        event.update(headers=dict(headers), multiValueHeaders={k: [v] for k, v in headers.items()})
    if query is not None:
        event.update(
            queryStringParameters=dict(query) or None,
            multiValueQueryStringParameters={k: [v] for k, v in query.items()} or None,
        )
    return event


def socket_event(route: str, body: Any, authorizer: dict[str, Any] | None) -> dict[str, Any]:
    """A message on the test's WebSocket connection, with what its ``$connect`` authorizer granted."""
    return socket_message(socket_context(CONNECTION, route, "MESSAGE", DOMAIN, STAGE, authorizer), _text(body))


def connect_event(token: str) -> dict[str, Any]:
    """The ``$connect`` authorizer's request for the test's connection, ``token`` in its query string."""
    return connect_request(socket_context(CONNECTION, "$connect", "CONNECT", DOMAIN, STAGE), {"token": token})
