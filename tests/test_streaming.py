"""Streamed answers over the WebSocket API: the $connect authorizer and post_to_connection messages."""

from __future__ import annotations

import json

from moto.apigatewaymanagementapi.models import apigatewaymanagementapi_backends
from moto.core import DEFAULT_ACCOUNT_ID

from local.handlers import invoke

from .conftest import Api

DOMAIN = "abc123.execute-api.us-east-1.amazonaws.com"


def socket_event(route: str, body: dict | str | None, authorizer: dict | None) -> dict:
    return {"requestContext": {"routeKey": route, "eventType": "MESSAGE", "connectionId": "conn-1",
                               "domainName": DOMAIN, "stage": "prod", "requestId": "r",
                               "authorizer": authorizer or {}},
            "body": body if isinstance(body, str) or body is None else json.dumps(body), "isBase64Encoded": False}


def messages() -> list[dict]:
    data = apigatewaymanagementapi_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].connections["conn-1"].data.decode()
    decoder, out, at = json.JSONDecoder(), [], 0
    while at < len(data):
        item, at = decoder.raw_decode(data, at)
        out.append(item)
    return out


def authorize(token: str) -> dict:
    return invoke("chat_handler", {"type": "REQUEST", "methodArn": "arn:aws:execute-api:us-east-1:1:abc/prod/$connect",
                                   "queryStringParameters": {"token": token},
                                   "requestContext": {"connectionId": "conn-1", "routeKey": "$connect",
                                                      "eventType": "CONNECT", "requestId": "r"}})


def test_connect_authorizer_allows_valid_tokens_only(api: Api, monkeypatch):
    token = api.login("staffnorth").token
    decision = authorize(token)
    assert decision["policyDocument"]["Statement"][0]["Effect"] == "Allow"
    assert decision["context"] == {"username": "staffnorth", "name": "Nora North", "role": "staff",
                                   "territories": "North"}
    assert authorize("forged.token")["policyDocument"]["Statement"][0]["Effect"] == "Deny"


def test_query_streams_start_deltas_done(api: Api, monkeypatch):
    monkeypatch.setenv("WEBSOCKET_MANAGEMENT_SCHEME", "https")
    from awning_assistant.settings import get_settings

    get_settings.cache_clear()
    context = authorize(api.login("manager1").token)["context"]
    assert invoke("chat_handler", socket_event("query", {"action": "query", "request_id": "q1",
                                                         "query": "Which orders are overdue?"}, context)) == {
        "statusCode": 200}
    sent = messages()
    assert sent[0] == {"type": "start", "request_id": "q1"}
    deltas = [m for m in sent if m["type"] == "delta"]
    assert len(deltas) > 3 and all(m["request_id"] == "q1" for m in deltas)
    done = sent[-1]
    assert done["type"] == "done" and "WO-10002" in done["response"]["response"]
    assert "".join(m["text"] for m in deltas) == done["response"]["response"]


def test_bad_messages_and_unauthorized_connections_get_error_messages(api: Api, monkeypatch):
    monkeypatch.setenv("WEBSOCKET_MANAGEMENT_SCHEME", "https")
    from awning_assistant.settings import get_settings

    get_settings.cache_clear()
    context = authorize(api.login("manager1").token)["context"]
    invoke("chat_handler", socket_event("query", {"action": "query", "request_id": "q2", "query": ""}, context))
    invoke("chat_handler", socket_event("query", "{not json", context))
    invoke("chat_handler", socket_event("query", {"action": "query", "request_id": "q3", "query": "hi"}, None))
    errors = messages()
    assert [(m["type"], m["request_id"], m["status"]) for m in errors] == [
        ("error", "q2", 400), ("error", "", 400), ("error", "q3", 401)]
    assert "query" in errors[0]["message"]
