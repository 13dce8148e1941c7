"""Each turn and rating reaches CloudWatch as Powertools metrics (embedded metric format in the
function's log): turns by intent and outcome, latency per stage, tokens, cost, model fallbacks."""

from __future__ import annotations

import json
from typing import Any

import pytest

from awning_assistant.observability import NAMESPACE
from tests.integration.conftest import Api


def emitted(out: str) -> list[dict[str, Any]]:
    """The EMF documents printed to stdout, each as its metric values and dimensions."""
    found = []
    for line in out.splitlines():
        if '"_aws"' not in line:
            continue
        blob = json.loads(line)
        (directive,) = blob["_aws"]["CloudWatchMetrics"]
        assert directive["Namespace"] == NAMESPACE
        names = [m["Name"] for m in directive["Metrics"]]
        found.append(
            {
                "metrics": {n: sum(blob[n]) if isinstance(blob[n], list) else blob[n] for n in names},
                "dimensions": {d: blob[d] for dims in directive["Dimensions"] for d in dims},
            }
        )
    return found


@pytest.fixture
def metered(api: Api, monkeypatch: pytest.MonkeyPatch) -> Api:
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    return api


def test_a_turn_reports_its_outcome_intent_stages_and_tokens(metered: Api, capsys):
    metered.login("manager1")
    capsys.readouterr()
    status, body = metered.call("POST", "/api/chat/query", {"query": "Which orders are overdue?"})
    assert status == 200 and body["outcome"] == "answered"
    blobs = emitted(capsys.readouterr().out)
    turns = [b for b in blobs if "Turns" in b["metrics"]]
    assert [(t["dimensions"]["intent"], t["dimensions"]["outcome"], t["metrics"]["Turns"]) for t in turns] == [
        ("list_orders", "answered", 1.0)
    ]
    (figures,) = [b["metrics"] for b in blobs if "TurnLatency" in b["metrics"]]
    assert figures["TurnsAnswered"] == 1.0 and figures["InputTokens"] > 0
    stages = figures["PrepareLatency"] + figures["AnswerLatency"] + figures["StoreLatency"]
    assert 0 < stages <= figures["TurnLatency"] + 1e-6
    assert "ModelFallbacks" not in figures  # the local composer is the provider here, not a fallback


def test_a_decline_and_a_rating_are_counted_by_their_kind(metered: Api, capsys):
    metered.login("staffnorth")
    status, body = metered.call("POST", "/api/chat/query", {"query": "Write me a poem about the sea"})
    assert body["outcome"] == "declined"
    capsys.readouterr()
    metered.call("POST", "/api/chat/feedback", {"chat_log_id": body["chat_log_id"], "rating": "down"})
    (rating,) = [b for b in emitted(capsys.readouterr().out) if "Ratings" in b["metrics"]]
    assert rating["dimensions"]["rating"] == "down"


def test_local_mode_prints_no_metrics(api: Api, capsys):
    api.login("manager1")
    capsys.readouterr()
    api.call("POST", "/api/chat/query", {"query": "Which orders are overdue?"})
    assert emitted(capsys.readouterr().out) == []


def test_a_degraded_turn_counts_a_model_fallback(metered: Api, monkeypatch, capsys):
    """The model failed: the grounded composer answered, and the fallback is counted."""
    from awning_assistant.generation.contract import InferenceError
    from awning_assistant.generation.local import LocalComposer

    def down(*_: object, **__: object) -> None:
        raise InferenceError("the model is unavailable")

    monkeypatch.setattr(LocalComposer, "generate", down)
    metered.login("manager1")
    capsys.readouterr()
    status, body = metered.call("POST", "/api/chat/query", {"query": "Which orders are overdue?"})
    assert status == 200 and body["notice"]  # answered from the records, with a notice
    (figures,) = [b["metrics"] for b in emitted(capsys.readouterr().out) if "TurnLatency" in b["metrics"]]
    assert figures["ModelFallbacks"] == 1.0 and figures["TurnsAnswered"] == 1.0


def test_the_planners_model_call_counts_in_the_turns_tokens_and_cost(metered: Api, shop, capsys):
    """On AWS the planner is a model call too: its tokens and cost join the answer's, answered or declined."""
    from botocore.stub import Stubber

    from awning_assistant.answering.planner import ModelPlanner, RulePlanner
    from awning_assistant.generation.bedrock import BedrockConverse
    from awning_assistant.generation.transport import InProcessInference
    from awning_assistant.generation.usage import estimate_cost
    from tests.integration.test_inference import MODEL, bedrock, tool_reply

    client = bedrock()
    shop.__dict__.pop("chat", None)
    shop.__dict__["planner"] = ModelPlanner(
        InProcessInference(BedrockConverse(client, MODEL)),
        RulePlanner(shop.directory, shop.settings.today),
        shop.settings.today,
        5.0,
    )
    metered.login("manager1")
    capsys.readouterr()
    with Stubber(client) as stub:
        stub.add_response("converse", tool_reply({"intent": "list_orders", "overdue": True}))
        stub.add_response("converse", tool_reply({"intent": "unsupported", "decline": "out_of_scope"}))
        answered = metered.call("POST", "/api/chat/query", {"query": "Which orders are overdue?"})[1]
        declined = metered.call("POST", "/api/chat/query", {"query": "Write me a poem about awnings"})[1]
    assert (answered["outcome"], declined["outcome"]) == ("answered", "declined")
    turns = [b["metrics"] for b in emitted(capsys.readouterr().out) if "TurnLatency" in b["metrics"]]
    planning = estimate_cost(MODEL, 900, 60)  # tool_reply's usage
    assert [t["OutputTokens"] for t in turns] == [60, 60]
    assert turns[0]["InputTokens"] > 900 and turns[1]["InputTokens"] == 900  # the answer's prompt, estimated locally
    assert [t["EstimatedCostUsd"] for t in turns] == [pytest.approx(planning)] * 2
