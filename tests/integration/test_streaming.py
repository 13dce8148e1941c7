"""Streamed answers over the WebSocket API: the $connect authorizer and post_to_connection messages."""

from __future__ import annotations

import json

import pytest

from awning_assistant.answering.streaming import MIN_DELTA_CHARS
from awning_assistant.generation.contract import InferenceRequest, InferenceResult
from awning_assistant.generation.local import LocalComposer
from awning_assistant.generation.usage import Usage
from awning_assistant.records.redaction import redact
from local.handlers import invoke
from tests.builders import DOMAIN, socket_event
from tests.integration.conftest import Api, authorize, invoke_socket, messages


def test_connect_authorizer_allows_valid_tokens_only(api: Api, monkeypatch):
    token = api.login("staffnorth").token
    decision = authorize(token)
    assert decision["policyDocument"]["Statement"][0]["Effect"] == "Allow"
    assert decision["context"] == {
        "username": "staffnorth",
        "name": "Nora North",
        "role": "staff",
        "territories": "North",
    }
    assert authorize("forged.token")["policyDocument"]["Statement"][0]["Effect"] == "Deny"


def test_query_streams_start_deltas_done(api: Api, monkeypatch):
    monkeypatch.setenv("WEBSOCKET_MANAGEMENT_SCHEME", "https")
    from awning_assistant.settings import get_settings

    get_settings.cache_clear()
    context = authorize(api.login("manager1").token)["context"]
    assert invoke_socket(
        socket_event("query", {"action": "query", "request_id": "q1", "query": "Which orders are overdue?"}, context)
    ) == {"statusCode": 200}
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
    invoke_socket(socket_event("query", {"action": "query", "request_id": "q2", "query": ""}, context))
    invoke_socket(socket_event("query", "{not json", context))
    invoke_socket(socket_event("query", {"action": "query", "request_id": "q3", "query": "hi"}, None))
    errors = messages()
    assert [(m["type"], m["request_id"], m["status"]) for m in errors] == [
        ("error", "q2", 400),
        ("error", "", 400),
        ("error", "q3", 401),
    ]
    assert "query" in errors[0]["message"]


def test_every_failure_ends_with_an_error_message_never_silence(api: Api, monkeypatch):
    """Before, an unknown status filter raised past the handler: the client waited for ever."""
    monkeypatch.setenv("WEBSOCKET_MANAGEMENT_SCHEME", "https")
    from botocore.exceptions import EndpointConnectionError

    from awning_assistant.factory import get_services
    from awning_assistant.settings import get_settings

    get_settings.cache_clear()
    context = authorize(api.login("manager1").token)["context"]
    ask = {"action": "query", "query": "Which orders are overdue?"}
    invoke_socket(socket_event("query", {**ask, "request_id": "f1", "filters": {"status": "lost"}}, context))
    chat = get_services().chat

    def down(*args, **kwargs):
        raise EndpointConnectionError(endpoint_url="http://dynamodb")

    monkeypatch.setattr(chat, "understand", down)
    invoke_socket(socket_event("query", {**ask, "request_id": "f2"}, context))
    monkeypatch.setattr(chat, "understand", lambda *a, **k: 1 / 0)
    invoke_socket(socket_event("query", {**ask, "request_id": "f3"}, context))
    ends = [m for m in messages() if m["type"] in ("done", "error")]
    assert [(m["request_id"], m["status"], m["error"]) for m in ends] == [
        ("f1", 400, "bad_request"),
        ("f2", 503, "unavailable"),
        ("f3", 500, "internal"),
    ]
    assert "filters.status" in ends[0]["message"] and "try again" in ends[1]["message"]
    assert "ZeroDivision" not in json.dumps(ends)


def test_inference_lambda_posts_deltas_to_the_connection_itself(api: Api):
    """AWS transport: the chat Lambda hands the connection to the inference Lambda, which
    posts each piece as the provider produces it and still returns the whole answer."""
    event = {
        "messages": [{"role": "user", "content": "How many?"}],
        "stream_to": {"endpoint": f"https://{DOMAIN}/prod", "connection_id": "conn-1", "request_id": "q9"},
        "grounding": {
            "question": "Which orders are overdue?",
            "plan": {"intent": "list_orders", "overdue": True},
            "structured": {
                "intent": "list_orders",
                "plan": {"intent": "list_orders", "overdue": True},
                "facts": {"count": 2, "by_kind": {"work_order": 1, "repair_order": 1}},
                "table": {
                    "columns": ["Order", "Type", "Customer", "Status", "Date in", "Due", "Rush", "Total"],
                    "rows": [
                        [
                            "WO-10002",
                            "cleaning",
                            "Pelican Point Inn",
                            "cleaning",
                            "2026-11-01",
                            "2026-11-20",
                            False,
                            90.0,
                        ],
                        ["RO-2002", "repair", "Maple Ridge HOA", "quoted", "2026-11-02", "2026-11-21", False, 120.0],
                    ],
                },
            },
            "passages": [],
        },
    }
    result = invoke("llm_inference", event)
    deltas = [m for m in messages() if m["type"] == "delta"]
    assert len(deltas) > 3 and {m["request_id"] for m in deltas} == {"q9"}
    assert "".join(m["text"] for m in deltas) == result["text"] and "WO-10002" in result["text"]


# A model repeating what a record says, in pieces that cut through a card number and an SSN.
LEAKY_PIECES = [
    "The card on file is 41",
    "11 1111",
    " 1111 11",
    "11 (exp 09/28), SSN 078",
    "-05-",
    "1120; call 555-",
    "123-4567.",
]
SECRET_DIGITS = ("4111", "1111", "078", "1120")


@pytest.fixture
def leaky_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def generate(self, request: InferenceRequest, on_delta=None) -> InferenceResult:
        for piece in LEAKY_PIECES:
            if on_delta:
                on_delta(piece)
        return InferenceResult(text="".join(LEAKY_PIECES), usage=Usage(provider="local", model="leaky"))

    monkeypatch.setattr(LocalComposer, "generate", generate)


def assert_deltas_redacted(deltas: list[str], answer: str) -> None:
    assert len(deltas) > 2 and all(len(d) >= MIN_DELTA_CHARS for d in deltas[:-1])  # still streams, coalesced
    assert not [d for d in deltas if any(digits in d for digits in SECRET_DIGITS)]
    assert (
        "".join(deltas) == answer == "The card on file is [card number removed] (exp 09/28), SSN [SSN removed]; "
        "call 555-123-4567."
    )


def test_chat_deltas_never_carry_a_card_split_over_pieces(api: Api, monkeypatch, leaky_model):
    monkeypatch.setenv("WEBSOCKET_MANAGEMENT_SCHEME", "https")
    from awning_assistant.settings import get_settings

    get_settings.cache_clear()
    context = authorize(api.login("manager1").token)["context"]
    invoke_socket(
        socket_event("query", {"action": "query", "request_id": "q5", "query": "Which orders are overdue?"}, context)
    )
    sent = messages()
    assert sent[-1]["type"] == "done"
    assert_deltas_redacted([m["text"] for m in sent if m["type"] == "delta"], sent[-1]["response"]["response"])


def test_inference_lambda_deltas_never_carry_a_card_split_over_pieces(api: Api, leaky_model):
    event = {
        "messages": [{"role": "user", "content": "What card is on file?"}],
        "stream_to": {"endpoint": f"https://{DOMAIN}/prod", "connection_id": "conn-1", "request_id": "q6"},
    }
    result = invoke("llm_inference", event)
    assert result["text"] == "".join(LEAKY_PIECES)  # the chat Lambda redacts the answer it stores and returns
    assert_deltas_redacted([m["text"] for m in messages() if m["type"] == "delta"], redact(result["text"]))
