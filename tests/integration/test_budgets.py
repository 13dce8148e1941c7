"""Time budgets and failing dependencies: a slow model costs its budget, not the answer; a
dependency that is down is a 503 with a message, never a 500 or a hang.

API Gateway cuts a request at 29 s. Before, the chat Lambda chained a planner call and an
answer call with 30 s timeouts and SDK retries, so a slow model meant a 504 and no stored turn.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from awning_assistant.answering.chat import SLOW_NOTICE
from awning_assistant.answering.deadline import Deadline, DeadlineExceeded
from awning_assistant.answering.planner import ModelPlanner, RulePlanner
from awning_assistant.answering.query_model import Intent
from awning_assistant.factory import Services, get_services
from awning_assistant.generation.contract import InferenceResult
from tests.integration.conftest import Api


class SlowModel:
    """An inference client that answers only after ``seconds`` (a model that hangs)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def generate(self, request: Any, on_delta: Any = None) -> InferenceResult:
        time.sleep(self.seconds)
        if on_delta:
            on_delta("late words that must never be sent")
        return InferenceResult(text="too late")


def test_a_call_past_its_budget_is_abandoned():
    with pytest.raises(DeadlineExceeded):
        Deadline.after(5).run(lambda: time.sleep(2), cap=0.2)
    assert Deadline.after(5).run(lambda: 42, cap=1) == 42
    with pytest.raises(DeadlineExceeded):
        Deadline.after(1).run(lambda: 42, reserve=2)  # no time left after the reserve: not even started


def test_a_slow_model_planner_gives_way_to_the_rules(shop: Services):
    rules = RulePlanner(shop.directory, lambda: date(2026, 11, 24))
    planner = ModelPlanner(SlowModel(3), rules, lambda: date(2026, 11, 24), timeout_seconds=0.3)
    plan = planner.plan("How many work orders are in the cleaning queue?")  # the model would say "too late"
    assert plan.intent is Intent.count_orders and plan.statuses == ["cleaning_queue"]


def test_a_slow_model_yields_the_grounded_answer_with_a_notice_stored_and_audited(api: Api, monkeypatch):
    services = get_services()
    monkeypatch.setattr(services.chat, "_inference", SlowModel(3))
    monkeypatch.setattr(services.chat, "_budget", 3.5)
    monkeypatch.setattr(services.settings, "turn_budget_seconds", 3.5)
    streamed: list[str] = []
    api.login("admin1")
    status, body = api.call("POST", "/api/chat/query", {"query": "Which orders are overdue?"})
    assert status == 200 and body["notice"] == SLOW_NOTICE and "WO-10002" in body["response"]
    audit = services.conversations.audit_record(body["chat_log_id"])
    assert audit["Provider"] == "fallback"
    assert len(services.conversations.transcript("admin1", body["session_id"])) == 1

    # Streamed: the model's late pieces never follow the grounded answer.
    from awning_assistant.contracts import ChatRequest
    from awning_assistant.identity.providers import principal_of

    admin = principal_of(services.records.get_user("admin1"))
    services.chat.ask(admin, ChatRequest(query="Which orders are overdue?"), on_delta=streamed.append)
    time.sleep(2)  # the abandoned model call finishes meanwhile
    assert streamed and not any("late words" in piece for piece in streamed)


@pytest.mark.parametrize(
    "failure",
    [
        EndpointConnectionError(endpoint_url="http://127.0.0.1:5005"),
        ClientError(
            {
                "Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"},
                "ResponseMetadata": {"HTTPStatusCode": 400},
            },
            "Query",
        ),
    ],
)
def test_storage_that_is_down_or_throttling_is_a_503_with_a_message(api: Api, monkeypatch, failure):
    services = get_services()
    api.login("admin1")

    def down(*args: Any, **kwargs: Any) -> Any:
        raise failure

    monkeypatch.setattr(services.conversations, "history", down)
    status, body = api.call("POST", "/api/chat/query", {"query": "Which orders are overdue?"})
    assert status == 503 and body["error"] == "unavailable" and "try again" in body["message"]


def test_a_bug_is_still_a_500(api: Api, monkeypatch):
    services = get_services()
    api.login("admin1")
    monkeypatch.setattr(services.conversations, "history", lambda *a, **k: 1 / 0)
    status, body = api.call("POST", "/api/chat/query", {"query": "Which orders are overdue?"})
    assert status == 500 and body["error"] == "internal" and "Traceback" not in str(body)


def test_storage_clients_wait_briefly_and_try_twice(services: Services):
    config = services.dynamodb.meta.client.meta.config
    assert config.read_timeout == services.settings.request_timeout_seconds
    assert config.retries["total_max_attempts"] == services.settings.request_attempts  # the first try included
    assert config.retries["mode"] == "standard"


def test_a_retried_store_of_the_same_turn_adds_no_twin(services: Services, monkeypatch):
    """A connection cut after DynamoDB committed makes the SDK send the transaction again: the
    second attempt must neither fail the turn nor store it twice."""
    from datetime import UTC, datetime

    from awning_assistant.answering import conversations as module
    from awning_assistant.answering.conversations import Turn
    from awning_assistant.generation.usage import Usage

    monkeypatch.setattr(module, "_now", lambda: datetime(2026, 11, 24, 9, 30, tzinfo=UTC))  # the resent request
    turn = Turn(question="Which orders are overdue?", answer="None.", chat_log_id="c0ffee")
    for _ in range(2):
        services.conversations.record("admin1", "s1", turn, "list_orders", 12.0, Usage())
    assert len(services.conversations.transcript("admin1", "s1")) == 1
    assert services.conversations.sessions("admin1")[0].turns == 1
