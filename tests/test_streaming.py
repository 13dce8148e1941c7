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


def test_inference_lambda_posts_deltas_to_the_connection_itself(api: Api):
    """AWS transport: the chat Lambda hands the connection to the inference Lambda, which
    posts each piece as the provider produces it and still returns the whole answer."""
    event = {"messages": [{"role": "user", "content": "How many?"}],
             "stream_to": {"endpoint": f"https://{DOMAIN}/prod", "connection_id": "conn-1", "request_id": "q9"},
             "grounding": {"question": "Which orders are overdue?", "plan": {"intent": "list_orders", "overdue": True},
                           "structured": {"intent": "list_orders", "plan": {"intent": "list_orders", "overdue": True},
                                          "facts": {"count": 2, "by_kind": {"work_order": 1, "repair_order": 1}},
                                          "table": {"columns": ["Order", "Type", "Customer", "Status", "Date in",
                                                                "Due", "Rush", "Total"],
                                                    "rows": [["WO-10002", "cleaning", "Pelican Point Inn", "cleaning",
                                                              "2026-11-01", "2026-11-20", False, 90.0],
                                                             ["RO-2002", "repair", "Maple Ridge HOA", "quoted",
                                                              "2026-11-02", "2026-11-21", False, 120.0]]}},
                           "passages": []}}
    result = invoke("llm_inference", event)
    deltas = [m for m in messages() if m["type"] == "delta"]
    assert len(deltas) > 3 and {m["request_id"] for m in deltas} == {"q9"}
    assert "".join(m["text"] for m in deltas) == result["text"] and "WO-10002" in result["text"]
