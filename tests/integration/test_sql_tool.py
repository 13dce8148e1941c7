"""Text-to-SQL on Bedrock, a whole turn through the chat service with botocore's Stubber on a bedrock-runtime client
(moto has no Bedrock): the model planner finds a measure no plan computes, Claude writes SQL through ``run_sql``, a
refused statement goes back once for a repair, and the statement that ran with its table grounds the answer."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from awning_assistant.answering.chat import ChatService
from awning_assistant.answering.composer import DECLINE_REASONS
from awning_assistant.answering.sql_tool import NOTICE
from awning_assistant.contracts import ChatRequest
from awning_assistant.factory import Services
from awning_assistant.generation.bedrock import BedrockConverse
from awning_assistant.identity.access import Principal
from awning_assistant.records.store import ENTITIES
from tests.conftest import SHOP

MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
MANAGER = Principal(username="manager1", name="Morgan Manager", role="manager")
STAFF = Principal(username="staffnorth", name="Nora North", role="staff", territories=["North"])
QUESTION = "What's the average turnaround of completed orders, in days?"
GOOD = "SELECT avg(date_completed - date_in) AS avg_days FROM orders WHERE status = 'completed'"
BAD = "SELECT avg(turnaround_days) AS avg_days FROM orders"
USAGE = {"inputTokens": 1000, "outputTokens": 50, "totalTokens": 1050}


def lines(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (SHOP / name).read_text().splitlines() if line.strip()]


def reply(*content: dict[str, Any], stop: str = "tool_use") -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": list(content)}},
        "stopReason": stop,
        "usage": USAGE,
        "metrics": {"latencyMs": 300},
    }


def tool_use(name: str, tool_input: dict[str, Any], use_id: str) -> dict[str, Any]:
    return reply({"toolUse": {"toolUseId": use_id, "name": name, "input": tool_input}})


def unsupported_measure() -> dict[str, Any]:
    """The model planner's reading: a measure the fixed intents don't compute."""
    return tool_use("plan_query", {"intent": "unsupported", "decline": "unsupported_measure"}, "plan-1")


class Bedrock:
    """A stubbed bedrock-runtime client and the Converse requests it received."""

    def __init__(self) -> None:
        self.client = boto3.client(
            "bedrock-runtime", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
        self.stub = Stubber(self.client)
        self.requests: list[dict[str, Any]] = []
        self.client.meta.events.register(
            "before-parameter-build.bedrock-runtime.Converse", lambda params, **_: self.requests.append(params)
        )

    def sql_rounds(self) -> list[dict[str, Any]]:
        """The requests that made the model call run_sql."""
        return [r for r in self.requests if r["toolConfig"]["toolChoice"] == {"tool": {"name": "run_sql"}}]


@pytest.fixture
def bedrock(shop: Services) -> Bedrock:
    """The fixture shop mirrored, with Claude (stubbed) as the provider, as LLM_PROVIDER=bedrock configures it."""
    shop.mirror.rebuild({t: list(shop.records.scan_all(t)) for t in ENTITIES})
    fake = Bedrock()
    shop.settings.llm_provider = "bedrock"
    shop.provider = BedrockConverse(fake.client, MODEL)
    return fake


@pytest.fixture
def chat(shop: Services, bedrock: Bedrock) -> ChatService:
    """The factory's chat service with Bedrock as the provider: the model planner and the SQL tool."""
    assert shop.chat._sql is not None
    return shop.chat


def average_turnaround() -> float:
    days = [
        (date.fromisoformat(o["DateCompleted"]) - date.fromisoformat(o["DateIn"])).days
        for file in ("work_orders.jsonl", "repair_orders.jsonl")
        for o in lines(file)
        if o["Status"] == "completed"
    ]
    return sum(days) / len(days)


def test_a_measure_is_computed_with_sql_after_one_repair(shop: Services, bedrock: Bedrock, chat: ChatService):
    answer = f"Completed orders took {average_turnaround():.1f} days on average from receipt to completion."
    with bedrock.stub:
        bedrock.stub.add_response("converse", unsupported_measure())
        bedrock.stub.add_response("converse", tool_use("run_sql", {"sql": BAD}, "sql-1"))
        bedrock.stub.add_response("converse", tool_use("run_sql", {"sql": GOOD}, "sql-2"))
        bedrock.stub.add_response("converse", reply({"text": answer}, stop="end_turn"))
        response = chat.ask(MANAGER, ChatRequest(query=QUESTION))
        bedrock.stub.assert_no_pending_responses()

    assert (response.outcome, response.response, response.sql) == ("answered", answer, GOOD)
    assert response.data is not None and response.data.columns == ["avg_days"]
    assert response.data.rows == [[pytest.approx(average_turnaround())]]
    assert response.notice is None and response.suggestions == []

    first, repair = bedrock.sql_rounds()  # exactly two tool rounds
    system = first["system"][0]["text"]
    assert "orders -- one row per work order" in system and "total DECIMAL" in system
    assert first["messages"] == [{"role": "user", "content": [{"text": QUESTION}]}]
    called, refused = repair["messages"][1:]
    assert called["content"] == [{"toolUse": {"toolUseId": "sql-1", "name": "run_sql", "input": {"sql": BAD}}}]
    result = refused["content"][0]["toolResult"]
    assert (result["toolUseId"], result["status"]) == ("sql-1", "error")
    assert "turnaround_days" in result["content"][0]["text"]
    final = bedrock.requests[-1]
    assert final["toolConfig"]["toolChoice"] == {"auto": {}}
    outcome = final["messages"][-1]["content"][0]["toolResult"]
    assert (outcome["toolUseId"], outcome["status"]) == ("sql-2", "success")
    assert json.loads(outcome["content"][0]["text"])["rows"] == response.data.rows

    audit = shop.conversations.audit_record(response.chat_log_id)
    assert audit["Intent"] == "sql" and audit["InputTokens"] == 4000  # the planner's call and the three SQL calls
    assert (audit["Sql"], audit["Outcome"]) == (response.sql, "answered")  # what ran is on the record


def test_a_second_refusal_declines_plainly(bedrock: Bedrock, chat: ChatService):
    with bedrock.stub:
        bedrock.stub.add_response("converse", unsupported_measure())
        bedrock.stub.add_response("converse", tool_use("run_sql", {"sql": BAD}, "sql-1"))
        bedrock.stub.add_response("converse", tool_use("run_sql", {"sql": "DROP TABLE orders"}, "sql-2"))
        response = chat.ask(MANAGER, ChatRequest(query=QUESTION))
        bedrock.stub.assert_no_pending_responses()
    assert (response.outcome, response.sql, response.data) == ("declined", None, None)
    assert response.response.startswith(DECLINE_REASONS["unsupported_measure"])
    assert len(bedrock.sql_rounds()) == 2 and len(bedrock.requests) == 3  # no third try, no answer call


def test_staff_sql_runs_in_their_sandbox(bedrock: Bedrock, chat: ChatService):
    """Staff are shown no money columns; a statement naming one is refused with the revenue rule and the repair
    counts only their territories' orders."""
    north = {c["CustID"] for c in lines("customers.jsonl") if c["Territory"] == "North"}
    theirs = sum(o["CustID"] in north for f in ("work_orders.jsonl", "repair_orders.jsonl") for o in lines(f))
    everyone = len(lines("work_orders.jsonl")) + len(lines("repair_orders.jsonl"))
    assert 0 < theirs < everyone
    with bedrock.stub:
        bedrock.stub.add_response("converse", unsupported_measure())
        bedrock.stub.add_response("converse", tool_use("run_sql", {"sql": "SELECT avg(total) FROM orders"}, "s1"))
        bedrock.stub.add_response("converse", tool_use("run_sql", {"sql": "SELECT count(*) AS n FROM orders"}, "s2"))
        bedrock.stub.add_response("converse", reply({"text": f"{theirs} orders."}, stop="end_turn"))
        response = chat.ask(STAFF, ChatRequest(query="What's the average order total?"))
    first, repair = bedrock.sql_rounds()
    system = first["system"][0]["text"]
    assert "orders -- one row" in system and "total DECIMAL" not in system and "territories North" in system
    refusal = repair["messages"][-1]["content"][0]["toolResult"]["content"][0]["text"]
    assert "only managers and admins" in refusal
    assert response.outcome == "answered" and response.data is not None and response.data.rows == [[theirs]]


def test_when_the_model_cannot_word_it_the_figure_is_said_plainly(bedrock: Bedrock, chat: ChatService):
    with bedrock.stub:
        bedrock.stub.add_response("converse", unsupported_measure())
        bedrock.stub.add_response("converse", tool_use("run_sql", {"sql": GOOD}, "sql-1"))
        bedrock.stub.add_client_error("converse", "ModelTimeoutException", "timeout", 408)
        response = chat.ask(MANAGER, ChatRequest(query=QUESTION))
    assert (response.outcome, response.sql, response.notice) == ("answered", GOOD, NOTICE)
    assert response.response == f"avg_days: **{average_turnaround():.2f}**"


def test_local_mode_keeps_declining(shop: Services):
    """The local composer writes no SQL: the factory's local chat declines such a question as before."""
    shop.mirror.rebuild({t: list(shop.records.scan_all(t)) for t in ENTITIES})
    response = shop.chat.ask(MANAGER, ChatRequest(query="How many customers do we have in each territory?"))
    assert (response.outcome, response.sql) == ("declined", None)
